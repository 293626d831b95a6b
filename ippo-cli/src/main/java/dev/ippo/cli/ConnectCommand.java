package dev.ippo.cli;

import dev.ippo.HttpProxy;
import dev.ippo.WebSocketOptions;
import dev.ippo.cli.connect.ClientTrust;
import dev.ippo.cli.connect.ConnectSettings;
import dev.ippo.cli.connect.ConsoleClient;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import javax.net.ssl.SSLContext;

/**
 * {@code ippo connect <url>}: a console client, like {@code wscat}. This class reads the
 * command line; {@link ConsoleClient} runs the session and says what it prints.
 *
 * <p>Exit status: 0 when the connection opened and ended normally, 1 when it could not open
 * or ended otherwise, 2 for a wrong command line or URL.
 *
 * <p>Thread safe.
 */
final class ConnectCommand implements Command {
  /** The longest --wait: a day, far beyond any use, and far from overflowing a Duration. */
  private static final BigDecimal MAX_WAIT_SECONDS = BigDecimal.valueOf(86_400);

  private final InputStream in;
  /** Where {@code --proxy-from-env} reads the variables. */
  private final Function<String, String> environment;

  /** Reads the interactive mode's lines from the program's standard input. */
  ConnectCommand() {
    this(System.in, System::getenv);
  }

  /** Reads the interactive mode's lines from {@code in}: for tests. */
  ConnectCommand(InputStream in) {
    this(in, System::getenv);
  }

  /** Reads lines from {@code in} and proxy variables from {@code environment}: for tests. */
  ConnectCommand(InputStream in, Function<String, String> environment) {
    this.in = in;
    this.environment = environment;
  }

  @Override
  public String name() {
    return "connect";
  }

  @Override
  public String summary() {
    return "A console client: sends each line of input as a message, prints what comes back.";
  }

  @Override
  public List<OptionSpec> options() {
    return List.of(
        OptionSpec.operand("url", "the server, as ws://host:port/path"),
        OptionSpec.valued("protocol", "P", "a subprotocol to offer; repeat to offer several"),
        OptionSpec.valued("header", "'K: V'",
            "a handshake header (Origin, Authorization...); repeatable"),
        OptionSpec.valued("execute", "MSG",
            "send MSG once open, then close, instead of reading input; repeatable"),
        OptionSpec.valued("wait", "S", "seconds to print replies after --execute (default: "
            + ConnectSettings.DEFAULT_WAIT.toSeconds() + ")"),
        OptionSpec.valued("binary-dir", "DIR",
            "save binary messages to numbered files in DIR, not as hex"),
        OptionSpec.valued("ca", "FILE", "for wss://, trust the PEM certificates in FILE (a CA"
            + " or a self-signed server certificate) instead of the JDK's trust store"),
        OptionSpec.flag("insecure", "for wss://, trust any certificate for any name"
            + " (testing only: anyone in between can read and change the traffic)"),
        OptionSpec.flag("reconnect", "when the connection drops or cannot be made, connect"
            + " again (waits of 1 s doubling to 5 s, with jitter; a 503's Retry-After is"
            + " honoured) and say so; lines typed meanwhile are not sent"),
        OptionSpec.valued("proxy", "URL", "go through this HTTP proxy with CONNECT, as"
            + " http://[user:password@]host:port (wss:// stays TLS to the server)"),
        OptionSpec.flag("proxy-from-env", "take the proxy from https_proxy (wss://) or"
            + " http_proxy (ws://) unless no_proxy lists the host; not done without it"),
        Usage.HELP);
  }

  @Override
  public int run(ParsedOptions options, PrintStream out, PrintStream err)
      throws UsageException {
    ConsoleClient client = new ConsoleClient(settings(options), in, out, err);
    // Ctrl-C ends the session with a close frame (1001) rather than a dropped connection.
    Thread hook = new Thread(client::stop, "ippo-connect-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    try {
      return client.run();
    } catch (IllegalArgumentException e) {
      // Only the URL is refused this way, before anything is printed.
      throw new UsageException(e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      client.stop();
      return 1;
    } finally {
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException shuttingDown) {
        // the hook is running or about to: nothing to remove
      }
    }
  }

  private ConnectSettings settings(ParsedOptions options) throws UsageException {
    List<String> messages = options.all("execute");
    if (options.has("wait") && messages.isEmpty()) {
      throw new UsageException("--wait goes with --execute");
    }
    List<Map.Entry<String, String>> headers = new ArrayList<>();
    for (String header : options.all("header")) {
      headers.add(header(header));
    }
    URI url = url(options.get("url", null));
    return new ConnectSettings(url, options.all("protocol"), headers,
        messages, waitTime(options.get("wait", null)), binaryDir(options.get("binary-dir", null)),
        trust(options.get("ca", null), options.has("insecure")),
        proxy(options.get("proxy", null), options.has("proxy-from-env"), url),
        options.has("reconnect"));
  }

  /** The proxy asked for, or null; the environment is read only with --proxy-from-env. */
  private HttpProxy proxy(String value, boolean fromEnvironment, URI url)
      throws UsageException {
    if (value != null && fromEnvironment) {
      throw new UsageException("--proxy and --proxy-from-env do not go together");
    }
    try {
      if (fromEnvironment) {
        return WebSocketOptions.builder().proxyFromEnvironment(environment).build()
            .proxyFor(url);
      }
      return value == null ? null : HttpProxy.of(value);
    } catch (IllegalArgumentException e) {
      // HttpProxy's messages leave out the password the value may hold.
      throw new UsageException((fromEnvironment ? "--proxy-from-env: " : "--proxy: ")
          + e.getMessage());
    }
  }

  private static SSLContext trust(String ca, boolean insecure) throws UsageException {
    if (ca != null && insecure) {
      throw new UsageException("--ca and --insecure do not go together");
    }
    try {
      return insecure ? ClientTrust.anything() : ca == null ? null : ClientTrust.of(Path.of(ca));
    } catch (IOException | GeneralSecurityException | InvalidPathException e) {
      throw new UsageException("--ca " + ca + ": " + e.getMessage());
    }
  }

  private static URI url(String value) throws UsageException {
    if (value == null) {
      throw new UsageException("no URL given: ippo connect ws://host:port/");
    }
    try {
      return new URI(value);
    } catch (URISyntaxException e) {
      throw new UsageException("not a URL: '" + value + "' (" + e.getReason() + ")");
    }
  }

  /** {@code Name: value}; the name must be an HTTP token and neither may break the line. */
  private static Map.Entry<String, String> header(String value) throws UsageException {
    int colon = value.indexOf(':');
    String name = colon < 0 ? "" : value.substring(0, colon).trim();
    String field = colon < 0 ? "" : value.substring(colon + 1).trim();
    if (!isToken(name) || field.indexOf('\r') >= 0 || field.indexOf('\n') >= 0) {
      throw new UsageException("--header needs 'Name: value', not '" + value + "'");
    }
    return Map.entry(name, field);
  }

  /** RFC 9110's token: the characters a header field name may have. */
  private static boolean isToken(String s) {
    if (s.isEmpty()) {
      return false;
    }
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      boolean alphanumeric = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')
          || (c >= '0' && c <= '9');
      if (!alphanumeric && "!#$%&'*+-.^_`|~".indexOf(c) < 0) {
        return false;
      }
    }
    return true;
  }

  private static Duration waitTime(String value) throws UsageException {
    if (value == null) {
      return ConnectSettings.DEFAULT_WAIT;
    }
    try {
      BigDecimal seconds = new BigDecimal(value);
      if (seconds.signum() >= 0 && seconds.compareTo(MAX_WAIT_SECONDS) <= 0) {
        return Duration.ofMillis(seconds.movePointRight(3).longValue());
      }
    } catch (NumberFormatException e) {
      // reported below, with the value the user typed
    }
    throw new UsageException("--wait needs a number of seconds from 0 to "
        + MAX_WAIT_SECONDS + ", not '" + value + "'");
  }

  private static Path binaryDir(String value) throws UsageException {
    if (value == null) {
      return null;
    }
    try {
      return Path.of(value);
    } catch (InvalidPathException e) {
      throw new UsageException("--binary-dir needs a folder, not '" + value + "'");
    }
  }
}
