package dev.ippo;

import dev.ippo.http.Headers;
import dev.ippo.internal.engine.ConnectionSettings;
import java.time.Duration;
import java.util.List;

/**
 * How a client connects: subprotocols, extra handshake headers and limits.
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
  /** The limits and timeouts, in the shape the engine reads (as the server's builder makes). */
  private final ConnectionSettings settings;

  private WebSocketOptions(Builder b) {
    this.protocols = List.copyOf(b.protocols);
    this.headers = b.headers.readOnlyCopy(); // later header(...) calls must not reach it
    this.perMessageDeflate = b.perMessageDeflate;
    this.settings = b.settings.build();
  }

  /** A builder with the defaults each of its methods documents. */
  public static Builder builder() {
    return new Builder();
  }

  ConnectionSettings settings() {
    return settings;
  }

  /** The subprotocols offered, most wanted first. */
  public List<String> protocols() {
    return protocols;
  }

  /** Extra header fields of the opening handshake, read-only. */
  public Headers headers() {
    return headers;
  }

  /** How long the opening handshake may take. */
  public Duration handshakeTimeout() {
    return settings.handshakeTimeout();
  }

  /** How long to wait for the peer's close frame. */
  public Duration closeTimeout() {
    return settings.closeTimeout();
  }

  /** The largest message accepted. */
  public long maxPayload() {
    return settings.maxPayload();
  }

  /** Queued bytes beyond which the peer is too slow. */
  public long highWaterMark() {
    return settings.highWaterMark();
  }

  /** Whether pings are answered with pongs automatically. */
  public boolean autoPong() {
    return settings.autoPong();
  }

  /** What the client offers of permessage-deflate, or null when it offers none. */
  public PerMessageDeflate perMessageDeflate() {
    return perMessageDeflate;
  }

  /** Builds {@link WebSocketOptions}. Not thread safe. */
  public static final class Builder {
    private List<String> protocols = List.of();
    private final Headers headers = new Headers();
    private PerMessageDeflate perMessageDeflate = PerMessageDeflate.DEFAULTS;
    private final ConnectionSettings.Builder settings =
        new ConnectionSettings.Builder(PerMessageDeflate.configOf(perMessageDeflate));

    private Builder() {}

    /** Subprotocols to offer, most wanted first. Default: none. */
    public Builder protocols(String... protocols) {
      this.protocols = List.of(protocols);
      return this;
    }

    /** Adds a header field to the opening handshake: Origin, Authorization, Cookie... */
    public Builder header(String name, String value) {
      headers.add(name, value);
      return this;
    }

    /** How long the handshake may take before the attempt fails. Default: 10 s. */
    public Builder handshakeTimeout(Duration timeout) {
      settings.handshakeTimeout(timeout);
      return this;
    }

    /** How long to wait for the peer's close frame before dropping the connection. Default: 30 s. */
    public Builder closeTimeout(Duration timeout) {
      settings.closeTimeout(timeout);
      return this;
    }

    /** The largest message accepted; a larger one closes with 1009. Default: 64 MiB. */
    public Builder maxPayload(long bytes) {
      settings.maxPayload(bytes);
      return this;
    }

    /**
     * Bytes queued for sending beyond which the peer is too slow: the connection is dropped
     * at once, with an error event naming this limit and a close event with 1006. Default:
     * 64 MiB.
     */
    public Builder highWaterMark(long bytes) {
      settings.highWaterMark(bytes);
      return this;
    }

    /** Whether pings are answered with pongs automatically. Default: true. */
    public Builder autoPong(boolean autoPong) {
      settings.autoPong(autoPong);
      return this;
    }

    /**
     * permessage-deflate to offer, or null to offer none. Default:
     * {@link PerMessageDeflate#DEFAULTS}, offered as browsers and ws offer it
     * ({@code permessage-deflate; client_max_window_bits}). A server's answer outside the
     * offer fails the connection.
     */
    public Builder perMessageDeflate(PerMessageDeflate deflate) {
      this.perMessageDeflate = deflate;
      settings.deflate(PerMessageDeflate.configOf(deflate));
      return this;
    }

    /** permessage-deflate offered with {@link PerMessageDeflate#DEFAULTS}, or not at all. */
    public Builder perMessageDeflate(boolean on) {
      return perMessageDeflate(on ? PerMessageDeflate.DEFAULTS : null);
    }

    /** The options, apart from this builder: later calls do not change them. */
    public WebSocketOptions build() {
      return new WebSocketOptions(this);
    }
  }
}
