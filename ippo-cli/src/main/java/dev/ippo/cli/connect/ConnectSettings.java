package dev.ippo.cli.connect;

import dev.ippo.HttpProxy;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import javax.net.ssl.SSLContext;

/**
 * What {@code ippo connect} was asked to do, once its command line is read.
 *
 * <p>Immutable; thread safe.
 *
 * @param url the server to connect to; the client checks that it is a WebSocket URL
 * @param protocols subprotocols to offer, most wanted first
 * @param headers extra header fields of the opening handshake, in order
 * @param messages the {@code --execute} messages; empty for the interactive mode, where each
 *     line of input is a message
 * @param replyTime with messages to execute, how long to print replies before closing
 * @param binaryDir where to save binary messages, one numbered file each; null to show
 *     their first bytes instead
 * @param tls what {@code wss://} trusts ({@code --ca}, {@code --insecure}); null for the
 *     JDK's default trust store
 * @param proxy the HTTP proxy to go through ({@code --proxy}, or the environment's with
 *     {@code --proxy-from-env}); null to connect directly
 * @param reconnect whether to connect again, with the library's back-off, when a connection
 *     drops or an attempt fails ({@code --reconnect})
 */
public record ConnectSettings(
    URI url,
    List<String> protocols,
    List<Map.Entry<String, String>> headers,
    List<String> messages,
    Duration replyTime,
    Path binaryDir,
    SSLContext tls,
    HttpProxy proxy,
    boolean reconnect) {

  /** How long {@code --execute} prints replies when {@code --wait} is not given. */
  public static final Duration DEFAULT_WAIT = Duration.ofSeconds(2);

  public ConnectSettings {
    Objects.requireNonNull(url, "url");
    protocols = List.copyOf(protocols);
    headers = List.copyOf(headers);
    messages = List.copyOf(messages);
    Objects.requireNonNull(replyTime, "replyTime");
  }

  /** Settings with no proxy, that do not reconnect. */
  public ConnectSettings(URI url, List<String> protocols, List<Map.Entry<String, String>> headers,
      List<String> messages, Duration replyTime, Path binaryDir, SSLContext tls) {
    this(url, protocols, headers, messages, replyTime, binaryDir, tls, null, false);
  }

  /** Settings with the JDK's default trust for {@code wss://}, no proxy, no reconnecting. */
  public ConnectSettings(URI url, List<String> protocols, List<Map.Entry<String, String>> headers,
      List<String> messages, Duration replyTime, Path binaryDir) {
    this(url, protocols, headers, messages, replyTime, binaryDir, null);
  }

  /** The interactive mode with nothing else set: the settings of {@code ippo connect <url>}. */
  public static ConnectSettings of(URI url) {
    return new ConnectSettings(url, List.of(), List.of(), List.of(), DEFAULT_WAIT, null);
  }

  /** Whether messages come from {@code --execute} rather than from the input. */
  public boolean executes() {
    return !messages.isEmpty();
  }
}
