package dev.ippo;

import dev.ippo.http.Headers;
import dev.ippo.internal.engine.ConnectionSettings;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import javax.net.ssl.SSLContext;

/**
 * How a client connects: subprotocols, extra handshake headers, limits, TLS trust and proxy.
 *
 * <pre>{@code
 * WebSocketOptions options = WebSocketOptions.builder()
 *     .protocols("chat")
 *     .header("Origin", "https://example.com")
 *     .handshakeTimeout(Duration.ofSeconds(5))
 *     .build();
 * WebSocket ws = new WebSocket(URI.create("ws://localhost:8080/chat"), options);
 * }</pre>
 *
 * <p>Immutable; thread safe.
 */
public final class WebSocketOptions {
  /** Defaults: no subprotocol, no extra header, limits as in {@link Builder}. */
  public static final WebSocketOptions DEFAULTS = builder().build();

  private final List<String> protocols;
  private final Headers headers;
  private final PerMessageDeflate perMessageDeflate;
  private final SSLContext sslContext;
  private final HttpProxy proxy;
  /** Where proxyFromEnvironment reads variables; null when it was not asked for. */
  private final Function<String, String> environment;
  /** The limits and timeouts, in the shape the engine reads (as the server's builder makes). */
  private final ConnectionSettings settings;

  private WebSocketOptions(Builder b) {
    this.protocols = List.copyOf(b.protocols);
    this.headers = b.headers.readOnlyCopy(); // later header(...) calls must not reach it
    this.perMessageDeflate = b.perMessageDeflate;
    this.sslContext = b.sslContext;
    this.proxy = b.proxy;
    this.environment = b.environment;
    this.settings = b.settings.build();
  }

  /**
   * A builder with the defaults each of its methods documents.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  ConnectionSettings settings() {
    return settings;
  }

  /**
   * The subprotocols offered, most wanted first.
   *
   * @return the subprotocols, unmodifiable; empty when none is offered
   */
  public List<String> protocols() {
    return protocols;
  }

  /**
   * Extra header fields of the opening handshake, read-only.
   *
   * @return the fields, in the order added; empty by default
   */
  public Headers headers() {
    return headers;
  }

  /**
   * How long the opening handshake may take.
   *
   * @return the timeout; 10 s by default
   */
  public Duration handshakeTimeout() {
    return settings.handshakeTimeout();
  }

  /**
   * How long to wait for the peer's close frame.
   *
   * @return the timeout; 30 s by default
   */
  public Duration closeTimeout() {
    return settings.closeTimeout();
  }

  /**
   * After how long a silence from the peer a ping goes (the heartbeat).
   *
   * @return the interval; 30 s by default, zero when off
   */
  public Duration pingInterval() {
    return settings.pingInterval();
  }

  /**
   * How long the peer has to answer the heartbeat's ping.
   *
   * @return the timeout; 30 s by default
   */
  public Duration pongTimeout() {
    return settings.pongTimeout();
  }

  /**
   * The largest message accepted.
   *
   * @return the limit in bytes; 16 MiB by default
   */
  public long maxPayload() {
    return settings.maxPayload();
  }

  /**
   * Queued bytes beyond which the peer is too slow.
   *
   * @return the limit in bytes; 1 MiB by default
   */
  public long highWaterMark() {
    return settings.highWaterMark();
  }

  /**
   * Whether pings are answered with pongs automatically.
   *
   * @return true unless turned off
   */
  public boolean autoPong() {
    return settings.autoPong();
  }

  /**
   * What the client offers of permessage-deflate, or null when it offers none.
   *
   * @return the offer, or null; {@link PerMessageDeflate#DEFAULTS} by default
   */
  public PerMessageDeflate perMessageDeflate() {
    return perMessageDeflate;
  }

  /**
   * What {@code wss://} connections trust and present.
   *
   * @return the context, or null for the JDK's default (its trust store, no client
   *     certificate)
   */
  public SSLContext sslContext() {
    return sslContext;
  }

  /**
   * The proxy a connection to {@code url} goes through: the one given to
   * {@link Builder#proxy}, or the one the environment names for that URL when
   * {@link Builder#proxyFromEnvironment()} was asked for.
   *
   * @param url the server's URL
   * @return the proxy, or null to connect directly; null by default
   * @throws IllegalArgumentException when the environment variable that applies is not an
   *     {@code http://} proxy URL
   */
  public HttpProxy proxyFor(URI url) {
    return environment != null ? ProxyEnvironment.choose(url, environment) : proxy;
  }

  /** Builds {@link WebSocketOptions}. Not thread safe. */
  public static final class Builder {
    private List<String> protocols = List.of();
    private final Headers headers = new Headers();
    private PerMessageDeflate perMessageDeflate = PerMessageDeflate.DEFAULTS;
    private SSLContext sslContext = null;
    private HttpProxy proxy = null;
    private Function<String, String> environment = null;
    private final ConnectionSettings.Builder settings =
        new ConnectionSettings.Builder(PerMessageDeflate.configOf(perMessageDeflate));

    private Builder() {}

    /**
     * Subprotocols to offer, most wanted first. Default: none.
     *
     * @param protocols the subprotocol names, as sent in {@code Sec-WebSocket-Protocol}
     * @return this builder
     */
    public Builder protocols(String... protocols) {
      this.protocols = List.of(protocols);
      return this;
    }

    /**
     * Adds a header field to the opening handshake: Origin, Authorization, Cookie...
     *
     * @param name the field's name, such as {@code Origin}; not null
     * @param value the field's value, not null
     * @return this builder
     */
    public Builder header(String name, String value) {
      headers.add(name, value);
      return this;
    }

    /**
     * How long the handshake may take before the attempt fails. Default: 10 s.
     *
     * @param timeout the time allowed, positive
     * @return this builder
     */
    public Builder handshakeTimeout(Duration timeout) {
      settings.handshakeTimeout(timeout);
      return this;
    }

    /**
     * The heartbeat: after {@code interval} with nothing from the peer, a ping goes; a peer
     * that then sends nothing at all (a pong or any frame) within {@link #pongTimeout} is
     * ended, with an error event that says so and the close event (1006). So a peer that
     * vanished without a word (a phone that left the network) is found, and the proxies in
     * between, which drop a connection silent for 60 s by default, keep it. Default: 30 s;
     * {@link Duration#ZERO} turns the heartbeat off.
     *
     * @param interval the silence before a ping, zero or positive
     * @return this builder
     */
    public Builder pingInterval(Duration interval) {
      settings.pingInterval(interval);
      return this;
    }

    /**
     * How long the peer has to answer the heartbeat's ping (see {@link #pingInterval}).
     * Default: 30 s, so a peer gone without a word is found within a minute.
     *
     * @param timeout the time allowed, positive
     * @return this builder
     */
    public Builder pongTimeout(Duration timeout) {
      settings.pongTimeout(timeout);
      return this;
    }

    /**
     * How long to wait for the peer's close frame before dropping the connection. Default: 30 s.
     *
     * @param timeout the time allowed, positive
     * @return this builder
     */
    public Builder closeTimeout(Duration timeout) {
      settings.closeTimeout(timeout);
      return this;
    }

    /**
     * The largest message accepted; a larger one closes with 1009. Default: 16 MiB.
     *
     * @param bytes the limit in bytes, positive
     * @return this builder
     */
    public Builder maxPayload(long bytes) {
      settings.maxPayload(bytes);
      return this;
    }

    /**
     * Bytes queued for sending beyond which the peer is too slow: the next frame queued
     * while writes wait for the server drops the connection at once, with an error event
     * naming this limit and a close event with 1006; one message longer than the mark still
     * goes out. Default: 1 MiB.
     *
     * @param bytes the limit in bytes, positive
     * @return this builder
     */
    public Builder highWaterMark(long bytes) {
      settings.highWaterMark(bytes);
      return this;
    }

    /**
     * Whether pings are answered with pongs automatically. Default: true.
     *
     * @param autoPong false to leave pings to {@link WebSocket#onPing} and {@link WebSocket#pong}
     * @return this builder
     */
    public Builder autoPong(boolean autoPong) {
      settings.autoPong(autoPong);
      return this;
    }

    /**
     * permessage-deflate to offer, or null to offer none. Default:
     * {@link PerMessageDeflate#DEFAULTS}, offered as browsers and ws offer it
     * ({@code permessage-deflate; client_max_window_bits}). A server's answer outside the
     * offer fails the connection.
     *
     * @param deflate what to offer, or null to offer none
     * @return this builder
     */
    public Builder perMessageDeflate(PerMessageDeflate deflate) {
      this.perMessageDeflate = deflate;
      settings.deflate(PerMessageDeflate.configOf(deflate));
      return this;
    }

    /**
     * permessage-deflate offered with {@link PerMessageDeflate#DEFAULTS}, or not at all.
     *
     * @param on true to offer the defaults, false to offer none
     * @return this builder
     */
    public Builder perMessageDeflate(boolean on) {
      return perMessageDeflate(on ? PerMessageDeflate.DEFAULTS : null);
    }

    /**
     * What {@code wss://} connections trust (the server's certificate is verified, its name
     * too, as a browser does) and present (a client certificate, for mutual TLS). Default:
     * the JDK's default context, which trusts its own store of public authorities.
     *
     * <pre>{@code
     * KeyStore trust = KeyStore.getInstance("PKCS12");  // holding your own CA
     * TrustManagerFactory tmf = TrustManagerFactory.getInstance("PKIX");
     * tmf.init(trust);
     * SSLContext context = SSLContext.getInstance("TLS");
     * context.init(null, tmf.getTrustManagers(), null);
     * WebSocketOptions.builder().sslContext(context).build();
     * }</pre>
     *
     * @param context an initialized context, or null for the default
     * @return this builder
     */
    public Builder sslContext(SSLContext context) {
      this.sslContext = context;
      return this;
    }

    /**
     * An HTTP proxy to reach every server through, with {@code CONNECT} (see
     * {@link HttpProxy}); null to connect directly. Replaces {@link #proxyFromEnvironment()}.
     * Default: none, whatever the environment says (see there why).
     *
     * <pre>{@code
     * WebSocketOptions.builder()
     *     .proxy(HttpProxy.of("http://proxy.example.com:3128").credentials("me", secret))
     *     .build();
     * }</pre>
     *
     * @param proxy the proxy, or null for none
     * @return this builder
     */
    public Builder proxy(HttpProxy proxy) {
      this.proxy = proxy;
      this.environment = null;
      return this;
    }

    /**
     * Takes the proxy from the environment, as curl does: {@code https_proxy} or
     * {@code HTTPS_PROXY} for {@code wss://}, {@code http_proxy} or {@code HTTP_PROXY} for
     * {@code ws://}, and none for the hosts that {@code no_proxy} or {@code NO_PROXY} lists
     * (names with the names under them, {@code *} for all, an optional {@code :port};
     * {@code localhost} is proxied unless listed, as in curl). Replaces {@link #proxy}.
     *
     * <p>Not by default, as Java's own {@code HttpClient} ignores these variables too: a
     * library that followed them unasked would send a program's traffic (and its proxy
     * credentials) somewhere its author never chose. A variable that is not an
     * {@code http://} proxy URL makes {@link WebSocket}'s constructor throw
     * {@link IllegalArgumentException} naming the variable.
     *
     * <pre>{@code
     * WebSocketOptions.builder().proxyFromEnvironment().build();
     * }</pre>
     *
     * @return this builder
     */
    public Builder proxyFromEnvironment() {
      return proxyFromEnvironment(System::getenv);
    }

    /**
     * As {@link #proxyFromEnvironment()}, with the variables read from {@code environment}
     * rather than the process's: a map's {@code get}, or another source of settings.
     *
     * <pre>{@code
     * Map<String, String> settings = Map.of("https_proxy", "http://proxy:3128",
     *     "no_proxy", ".internal.example.com");
     * WebSocketOptions.builder().proxyFromEnvironment(settings::get).build();
     * }</pre>
     *
     * @param environment a variable's value by its name, null when unset; not null
     * @return this builder
     */
    public Builder proxyFromEnvironment(Function<String, String> environment) {
      this.environment = Objects.requireNonNull(environment, "environment");
      this.proxy = null;
      return this;
    }

    /**
     * The options, apart from this builder: later calls do not change them.
     *
     * @return the options
     */
    public WebSocketOptions build() {
      return new WebSocketOptions(this);
    }
  }
}
