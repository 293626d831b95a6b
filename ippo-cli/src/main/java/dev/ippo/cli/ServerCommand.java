package dev.ippo.cli;

import dev.ippo.HttpHandler;
import dev.ippo.ServerTls;
import dev.ippo.WebSocketServer;
import dev.ippo.micrometer.IppoServerMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.PrintStream;
import java.net.BindException;
import java.nio.channels.UnresolvedAddressException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A command that runs a WebSocket server until Ctrl-C: it takes {@code --port},
 * {@code --host} and the options it lists in {@link #moreOptions()}, and its first line of
 * output is always
 *
 * <pre>ippo &lt;command&gt; listening on ws://&lt;host&gt;:&lt;port&gt;/</pre>
 *
 * <p>Benchmarks and the conformance suite read the port from that line: keep its format.
 * ({@code ippo chat}, whose clients are browsers, prints an {@code http://} URL instead.)
 * Subclasses only say what the server does with its connections.
 *
 * <p>Thread safe: a subclass's handlers run on the server's event loop threads and write
 * whole lines to a {@link PrintStream}, which is synchronized.
 */
abstract class ServerCommand implements Command {
  private final String name;
  private final String summary;
  private final int defaultPort;

  ServerCommand(String name, String summary, int defaultPort) {
    this.name = name;
    this.summary = summary;
    this.defaultPort = defaultPort;
  }

  /** What a command that sets up nothing beside the server returns: nothing to close. */
  static final AutoCloseable NOTHING = () -> {};

  /**
   * Sets the connection handler of the server, which is not started yet; returns what to
   * close after the server, or {@link #NOTHING}.
   */
  abstract AutoCloseable serve(WebSocketServer server, PrintStream out);

  /**
   * The command's own plain HTTP pages, which {@code --metrics} serves beside
   * {@code /metrics}; none by default. A command with pages sets them in {@link #configure}
   * too.
   */
  HttpHandler pages() {
    return null;
  }

  /** The options this command takes beyond {@code --port} and {@code --host}; none by default. */
  List<OptionSpec> moreOptions() {
    return List.of();
  }

  /**
   * Sets the server's options beyond host and port, from the command line ({@code given}
   * holds the {@link #moreOptions()} given); returns what to close after the server. The
   * default leaves them alone.
   */
  AutoCloseable configure(WebSocketServer.Builder options, ParsedOptions given) {
    return NOTHING;
  }

  /**
   * The URL a client on this machine uses: {@code ws://<host>:<port>/} by default, or
   * {@code wss://} with TLS.
   */
  String url(String host, int port, boolean tls) {
    String url = Addresses.url(host, port);
    return tls ? "wss" + url.substring("ws".length()) : url;
  }

  /** The first line of output; scripts read the port from it, so keep its beginning. */
  String listeningLine(String url) {
    return "ippo " + name + " listening on " + url;
  }

  @Override
  public final String name() {
    return name;
  }

  @Override
  public final String summary() {
    return summary;
  }

  @Override
  public final List<OptionSpec> options() {
    List<OptionSpec> options = new ArrayList<>();
    options.add(OptionSpec.valued("port", "N",
        "the port to listen on; 0 picks a free one (default: " + defaultPort + ")"));
    options.add(OptionSpec.valued("host", "H",
        "the address to listen on (default: every interface, IPv6 and IPv4)"));
    options.addAll(moreOptions());
    options.add(PING_INTERVAL);
    options.add(PONG_TIMEOUT);
    options.add(GRACE);
    options.add(METRICS);
    options.add(TLS_CERT);
    options.add(TLS_KEY);
    options.add(TLS_SELF_SIGNED);
    options.add(Usage.HELP);
    return List.copyOf(options);
  }

  static final OptionSpec PING_INTERVAL = OptionSpec.valued("ping-interval", "SECONDS",
      "ping a client silent this long, and end it if it stays silent --pong-timeout more;"
          + " 0 turns the heartbeat off (default: 30)");
  static final OptionSpec PONG_TIMEOUT = OptionSpec.valued("pong-timeout", "SECONDS",
      "how long a pinged client has to answer (default: --ping-interval, or 30)");
  static final OptionSpec GRACE = OptionSpec.valued("grace", "SECONDS",
      "on Ctrl-C or SIGTERM, how long clients have to answer the close frame (1001) before"
          + " they are dropped; new requests get 503 meanwhile (default: 10)");
  static final OptionSpec METRICS = OptionSpec.flag("metrics",
      "serve the server's meters at GET /metrics on the same port, in the Prometheus text"
          + " format");
  static final OptionSpec TLS_CERT = OptionSpec.valued("tls-cert", "FILE",
      "serve wss:// with this PEM certificate chain (the server's first); needs --tls-key");
  static final OptionSpec TLS_KEY = OptionSpec.valued("tls-key", "FILE",
      "the PEM private key of --tls-cert: PKCS#8, PKCS#1 RSA or SEC1 EC, not encrypted");
  static final OptionSpec TLS_SELF_SIGNED = OptionSpec.flag("tls-self-signed",
      "serve wss:// with a throwaway certificate for localhost, 127.0.0.1 and ::1, made at"
          + " start; its SHA-256 fingerprint is printed after the listening line");

  /** Starts the server with none of {@link #moreOptions()}; see the method below. */
  final RunningServer start(String host, int port, PrintStream out) throws IOException {
    try {
      return start(host, port, new ParsedOptions(Map.of()), out);
    } catch (UsageException e) {
      throw new IllegalStateException("no option given, none wrong", e);
    }
  }

  /**
   * Starts the server and prints the listening line.
   *
   * @param host the address to bind, or null for every interface
   * @param port the port, 0 for a free one
   * @param given the command line, read for {@link #moreOptions()}
   * @throws UsageException when {@code --ping-interval}, {@code --pong-timeout} or
   *     {@code --grace} is wrong
   * @throws BindException when the port is in use
   * @throws IOException when the server cannot listen for another reason
   * @throws RuntimeException when what the command set up fails (its broker cannot reach
   *     Redis); nothing is left running
   */
  final RunningServer start(String host, int port, ParsedOptions given, PrintStream out)
      throws IOException, UsageException {
    WebSocketServer.Builder options = WebSocketServer.builder().host(host).port(port);
    heartbeat(options, given);
    Duration grace = given.seconds(GRACE.name(), WebSocketServer.SHUTDOWN_GRACE);
    ServerTls tls = tls(given);
    options.tls(tls);
    List<AutoCloseable> after = new ArrayList<>();
    WebSocketServer server;
    PrometheusMeterRegistry metrics = null;
    try {
      after.add(configure(options, given));
      if (given.has(METRICS.name())) {
        metrics = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        options.httpHandler(new MetricsEndpoint(metrics, pages()));
      }
      server = options.build();
      after.add(0, serve(server, out));
      server.start();
      if (metrics != null) {
        new IppoServerMetrics(server).bindTo(metrics); // after start: the loops are known
      }
    } catch (IOException | RuntimeException e) {
      RunningServer.closeAll(after);
      throw e;
    }
    RunningServer running = new RunningServer(server, url(host, server.port(), tls != null),
        grace, after);
    out.println(listeningLine(running.url()));
    if (tls != null && tls.selfSignedCertificate() != null) {
      out.println("ippo: a self-signed certificate for localhost, 127.0.0.1 and ::1, SHA-256 "
          + fingerprint(tls.selfSignedCertificate()));
    }
    return running;
  }

  /**
   * The heartbeat of {@code --ping-interval} and {@code --pong-timeout}: the timeout is the
   * interval's unless given, so {@code --ping-interval 1} ends a silent client within 2 s.
   */
  private static void heartbeat(WebSocketServer.Builder options, ParsedOptions given)
      throws UsageException {
    Duration interval = given.seconds(PING_INTERVAL.name(), null);
    Duration timeout = given.seconds(PONG_TIMEOUT.name(), null);
    if (interval != null) {
      options.pingInterval(interval);
      if (timeout == null && !interval.isZero()) {
        timeout = interval;
      }
    }
    if (timeout != null) {
      if (timeout.isZero()) {
        throw new UsageException("--pong-timeout needs more than 0 seconds");
      }
      options.pongTimeout(timeout);
    }
  }

  /**
   * The TLS of {@code --tls-cert} and {@code --tls-key}, or of {@code --tls-self-signed}, or
   * null without them.
   */
  private static ServerTls tls(ParsedOptions given) throws IOException {
    String cert = given.get(TLS_CERT.name(), null);
    String key = given.get(TLS_KEY.name(), null);
    if (given.has(TLS_SELF_SIGNED.name())) {
      if (cert != null || key != null) {
        throw new TlsFilesException("--tls-self-signed goes without --tls-cert and --tls-key");
      }
      try {
        return ServerTls.selfSigned();
      } catch (GeneralSecurityException e) {
        throw new TlsFilesException("cannot make a certificate: " + e.getMessage());
      }
    }
    if (cert == null && key == null) {
      return null;
    }
    if (cert == null || key == null) {
      throw new TlsFilesException("--tls-cert and --tls-key go together");
    }
    try {
      return ServerTls.fromPem(Path.of(cert), Path.of(key));
    } catch (GeneralSecurityException e) {
      throw new TlsFilesException(cert + " and " + key + ": " + e.getMessage());
    } catch (IOException e) {
      throw new TlsFilesException("cannot read " + e.getMessage());
    }
  }

  /** {@code AB:CD:...}: the SHA-256 of the certificate, as browsers show it. */
  static String fingerprint(X509Certificate certificate) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded());
      StringBuilder out = new StringBuilder();
      for (byte b : digest) {
        out.append(out.length() == 0 ? "" : ":").append(String.format("%02X", b & 0xFF));
      }
      return out.toString();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("the JDK has no SHA-256", e);
    }
  }

  /** The certificate or key files cannot serve: said in one line, status 1. */
  static final class TlsFilesException extends IOException {
    TlsFilesException(String message) {
      super(message);
    }
  }

  /** Runs the server until the JVM is asked to stop (Ctrl-C, SIGTERM), then closes it. */
  @Override
  public final int run(ParsedOptions options, PrintStream out, PrintStream err)
      throws UsageException {
    int port = options.port("port", defaultPort);
    String host = options.get("host", null);
    RunningServer running;
    try {
      running = start(host, port, options, out);
    } catch (BindException e) {
      err.println(isInUse(e)
          ? "ippo: port " + port + " is in use"
          : "ippo: cannot listen on " + where(host, port) + ": " + e.getMessage());
      return 1;
    } catch (TlsFilesException e) {
      err.println("ippo: TLS: " + e.getMessage());
      return 1;
    } catch (UnresolvedAddressException e) {
      err.println("ippo: unknown host " + host);
      return 1;
    } catch (IOException e) {
      err.println("ippo: cannot listen on " + where(host, port) + ": " + e.getMessage());
      return 1;
    } catch (RuntimeException e) {
      // What a command set up beside the server, such as the chat's Redis, is out of reach.
      err.println("ippo: cannot start: " + e.getMessage());
      return 1;
    }
    Runtime.getRuntime().addShutdownHook(new Thread(running::close, "ippo-shutdown"));
    try {
      running.awaitClose();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      running.close();
    }
    return 0;
  }

  /**
   * The JDK throws BindException both for a port in use and for an address that is not
   * this machine's (or a port below 1024 without privilege); only its message tells.
   */
  private static boolean isInUse(BindException e) {
    return e.getMessage() == null || e.getMessage().contains("in use");
  }

  private static String where(String host, int port) {
    return (host == null ? "every interface" : host) + " port " + port;
  }
}
