package dev.ippo.internal.engine;

import dev.ippo.http.Headers;
import dev.ippo.internal.codec.ClientHandshake;
import dev.ippo.internal.codec.DeflateNegotiation;
import dev.ippo.internal.codec.DeflateParameters;
import dev.ippo.internal.codec.HandshakeException;
import dev.ippo.internal.codec.HttpHeadReader;
import dev.ippo.internal.codec.HttpResponse;
import dev.ippo.internal.codec.ProxyException;
import dev.ippo.internal.codec.ProxyHandshake;
import dev.ippo.internal.tls.TlsEngines;
import dev.ippo.internal.transport.Cancellable;
import dev.ippo.internal.transport.EventLoop;
import dev.ippo.internal.transport.EventLoopGroup;
import dev.ippo.internal.transport.Loop;
import dev.ippo.internal.transport.ProxyTunnel;
import dev.ippo.internal.transport.SocketConnection;
import dev.ippo.internal.transport.TlsTransport;
import dev.ippo.internal.transport.Transport;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;

/**
 * The client's way from a URL to an open connection: name look-up (off the loop, since it
 * may block), the transport's connect, the opening handshake within handshakeTimeout. Then
 * it opens the {@link Connection} on the transport.
 *
 * <p>Through an HTTP proxy, the name looked up and the address dialled are the proxy's, and
 * the transport is a {@link ProxyTunnel} under TLS (for {@code wss://}) and the handshake;
 * handshakeTimeout covers the proxy's answer too.
 *
 * <p>Thread safety: {@link #start} and {@link #abort} from any thread; the rest runs on the
 * connection's loop thread.
 */
public final class ClientConnector implements Transport.Handler {
  private static final SecureRandom KEYS = new SecureRandom();
  /** A server's answer to the opening handshake is a few hundred bytes. */
  private static final int MAX_RESPONSE_HEAD = 64 * 1024;

  /** Where to connect, through which proxy (null for none), and what to ask for. */
  record Target(URI uri, List<String> protocols, Headers headers, ProxyRoute proxy) {
    Target(URI uri, List<String> protocols, Headers headers) {
      this(uri, protocols, headers, null);
    }
  }

  /** Opens the byte stream to an address; the handler hears onConnected or onClosed. */
  @FunctionalInterface
  interface Dialer {
    Transport dial(InetSocketAddress address, Transport.Handler handler) throws IOException;
  }

  private final Connection connection;
  private final Loop loop;
  private final Dialer dialer;
  private final Target target;
  private final ConnectionSettings settings;
  private final String key = ClientHandshake.newKey(KEYS);
  private final HttpHeadReader headReader = new HttpHeadReader(MAX_RESPONSE_HEAD);
  /** The connection's own messages and bytes: a client's are not summed with others'. */
  private final TrafficCounters traffic = new TrafficCounters();
  private Transport transport;
  private Cancellable timeout;
  private boolean done;

  /**
   * A client connection to {@code url} over TCP, or TLS for {@code wss://}, not started:
   * {@link Connection#listen}, then {@link Connection#connect}. Its loop is one of the
   * clients' shared loops.
   *
   * @param tls what a {@code wss://} connection trusts, or null for the JDK's default
   * @param proxy the HTTP proxy to go through, or null to connect directly
   * @throws IllegalArgumentException when the URL is not a WebSocket URL
   */
  public static Connection open(URI url, List<String> protocols, Headers headers,
      SSLContext tls, ProxyRoute proxy, ConnectionSettings settings) {
    return open(url, protocols, headers, tls, proxy, settings, ClientLoops.next());
  }

  /**
   * The same on a given loop: a reconnecting client keeps each of its connections, and its
   * timers, on one loop, so its events come one at a time.
   */
  public static Connection open(URI url, List<String> protocols, Headers headers,
      SSLContext tls, ProxyRoute proxy, ConnectionSettings settings, EventLoop loop) {
    URI checked = checkUrl(url);
    Dialer tcp = (address, handler) -> SocketConnection.connect(loop, address, handler);
    // Each layer is made on the loop thread, before the TCP connect below it can report.
    Dialer toServer = proxy == null ? tcp : (address, handler) -> {
      ProxyTunnel tunnel = new ProxyTunnel(new ProxyHandshake(proxy.address(),
          authority(checked), proxy.authorization()), handler);
      tunnel.over(tcp.dial(address, tunnel));
      return tunnel;
    };
    Dialer dialer = !isTls(checked) ? toServer : (address, handler) -> {
      // The server's name and port, not the proxy's: TLS runs end to end inside the tunnel.
      TlsTransport layer = new TlsTransport(loop,
          TlsEngines.client(tls != null ? tls : defaultContext(), checked.getHost(),
              port(checked)), handler);
      layer.observe(JfrEvents.TLS_HANDSHAKES);
      layer.over(toServer.dial(address, layer));
      return layer;
    };
    return Connection.client(new Target(checked, protocols, headers, proxy), loop, dialer,
        MaskKeys.SHARED::next, settings);
  }

  private static int port(URI url) {
    return url.getPort() != -1 ? url.getPort() : isTls(url) ? 443 : 80;
  }

  /** The server as CONNECT names it: {@code host:port}, an IPv6 literal in brackets. */
  private static String authority(URI url) {
    String host = url.getHost();
    return (host.indexOf(':') >= 0 && !host.startsWith("[") ? "[" + host + "]" : host)
        + ":" + port(url);
  }

  private static boolean isTls(URI url) {
    return url.getScheme().equalsIgnoreCase("wss");
  }

  private static SSLContext defaultContext() throws IOException {
    try {
      return SSLContext.getDefault();
    } catch (NoSuchAlgorithmException e) {
      throw new IOException("the JDK has no default TLS context", e);
    }
  }

  ClientConnector(Connection connection, Loop loop, Dialer dialer, Target target,
      ConnectionSettings settings) {
    this.connection = connection;
    this.loop = loop;
    this.dialer = dialer;
    this.target = target;
    this.settings = settings;
  }

  TrafficCounters traffic() {
    return traffic;
  }

  /** One of the loops shared by client connections, in turn. */
  public static EventLoop clientLoop() {
    return ClientLoops.next();
  }

  /**
   * Checks the URL as the browser does, and turns http(s) into ws(s).
   *
   * @throws IllegalArgumentException when it is not a WebSocket URL
   */
  public static URI checkUrl(URI url) {
    String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase();
    if (scheme.equals("http") || scheme.equals("https")) {
      url = URI.create(url.toString().replaceFirst("^[hH][tT][tT][pP]", "ws"));
      scheme = url.getScheme().toLowerCase();
    }
    if (!scheme.equals("ws") && !scheme.equals("wss")) {
      throw new IllegalArgumentException("not a WebSocket URL (ws:// or wss://): " + url);
    }
    if (url.getRawFragment() != null) {
      throw new IllegalArgumentException("a WebSocket URL has no fragment: " + url);
    }
    if (url.getHost() == null) {
      throw new IllegalArgumentException("no host in " + url);
    }
    return url;
  }

  void start() {
    long millis = settings.handshakeTimeout().toMillis();
    ProxyRoute proxy = target.proxy();
    String through = proxy == null ? "" : " (through the proxy " + proxy.address() + ")";
    timeout = loop.schedule(() -> fail("the opening handshake" + through + " timed out after "
        + millis + " ms", null), millis);
    // Through a proxy, only the proxy's name is looked up: the proxy resolves the server's.
    String host = proxy == null ? target.uri().getHost() : proxy.host();
    int port = proxy == null ? port(target.uri()) : proxy.port();
    CompletableFuture.supplyAsync(() -> resolve(host))
        .whenComplete((address, error) -> loop.execute(() -> connect(address, port, error)));
  }

  private static InetAddress resolve(String host) {
    try {
      String bare = host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
      return InetAddress.getByName(bare);
    } catch (UnknownHostException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void connect(InetAddress address, int port, Throwable error) {
    if (done) {
      return;
    }
    ProxyRoute proxy = target.proxy();
    String host = proxy == null ? target.uri().getHost() : proxy.host();
    if (error != null) {
      fail("cannot resolve " + (proxy == null ? "" : "the proxy ") + host,
          error.getCause() != null ? error.getCause() : error);
      return;
    }
    try {
      transport = dialer.dial(new InetSocketAddress(address, port), this);
    } catch (IOException e) {
      fail("cannot connect to " + (proxy == null ? "" : "proxy ") + host + ":" + port + ": "
          + e.getMessage(), e);
    }
  }

  /**
   * Gives up: the close() or terminate() of a connection that was not open when it was
   * called. The handshake may have ended on the loop in the meantime: then {@code ifEnded}
   * runs instead (closing the connection that just opened, or nothing if it failed).
   */
  void abort(String why, Runnable ifEnded) {
    loop.execute(() -> {
      if (done) {
        ifEnded.run();
      } else {
        fail(why, null);
      }
    });
  }

  private DeflateParameters deflateWanted() {
    DeflateConfig deflate = settings.deflate();
    return deflate == null ? null : deflate.parameters();
  }

  @Override
  public void onConnected() {
    DeflateParameters wanted = deflateWanted();
    String offer = wanted == null ? null : DeflateNegotiation.offer(wanted);
    transport.write(ClientHandshake.request(target.uri(), key, target.protocols(), offer,
        target.headers()));
  }

  @Override
  public void onRead(ByteBuffer data) {
    if (done) {
      data.position(data.limit());
      return;
    }
    ClientHandshake.Result result;
    try {
      ByteBuffer head = headReader.read(data);
      if (head == null) {
        return;
      }
      result = ClientHandshake.validate(HttpResponse.parse(head), key, target.protocols(),
          deflateWanted());
    } catch (HandshakeException e) {
      String message = e.status() != 0 && e.status() != 101
          ? "the server refused the connection: HTTP " + e.status() + " (" + e.getMessage() + ")"
          : "invalid opening handshake: " + e.getMessage();
      fail(message, e);
      return;
    }
    done = true;
    timeout.cancel();
    ByteBuffer leftover = ByteBuffer.allocate(data.remaining()).put(data).flip();
    connection.open(transport, null, result.protocol(), result.extensions(), result.deflate(),
        leftover);
  }

  @Override
  public void onClosed(Exception cause) {
    if (!done) {
      fail(whyClosed(cause), cause);
    }
  }

  /** What an end before the handshake's answer means, in the error event's words. */
  private String whyClosed(Exception cause) {
    String host = target.uri().getHost();
    if (cause == null) {
      return "the server closed the connection during the opening handshake";
    }
    if (cause instanceof ProxyException) {
      return cause.getMessage(); // whole already, naming the proxy
    }
    if (cause instanceof SSLException) {
      return "the TLS handshake with " + host + " failed: " + cause.getMessage();
    }
    return "cannot connect to " + host + ": " + cause.getMessage();
  }

  private void fail(String message, Throwable cause) {
    if (done) {
      return;
    }
    done = true;
    timeout.cancel();
    if (transport != null) {
      transport.close();
    }
    connection.connectFailed(message, cause);
  }

  /** The event loops shared by every client connection: daemon threads, started on first use. */
  static final class ClientLoops {
    private ClientLoops() {}

    private static final class Holder {
      static final EventLoopGroup GROUP = new EventLoopGroup("ippo-client",
          Math.max(1, Math.min(2, Runtime.getRuntime().availableProcessors())), true);
    }

    static EventLoop next() {
      return Holder.GROUP.next();
    }
  }
}
