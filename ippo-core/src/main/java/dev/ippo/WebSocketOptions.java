package dev.ippo;

import dev.ippo.http.Headers;
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
  private final Duration handshakeTimeout;
  private final Duration closeTimeout;
  private final long maxPayload;
  private final long highWaterMark;
  private final boolean autoPong;
  private final PerMessageDeflate perMessageDeflate;

  private WebSocketOptions(Builder b) {
    this.protocols = List.copyOf(b.protocols);
    this.headers = b.headers.readOnlyCopy(); // later header(...) calls must not reach it
    this.handshakeTimeout = b.handshakeTimeout;
    this.closeTimeout = b.closeTimeout;
    this.maxPayload = b.maxPayload;
    this.highWaterMark = b.highWaterMark;
    this.autoPong = b.autoPong;
    this.perMessageDeflate = b.perMessageDeflate;
  }

  public static Builder builder() {
    return new Builder();
  }

  public List<String> protocols() {
    return protocols;
  }

  /** Extra header fields of the opening handshake, read-only. */
  public Headers headers() {
    return headers;
  }

  public Duration handshakeTimeout() {
    return handshakeTimeout;
  }

  public Duration closeTimeout() {
    return closeTimeout;
  }

  public long maxPayload() {
    return maxPayload;
  }

  public long highWaterMark() {
    return highWaterMark;
  }

  public boolean autoPong() {
    return autoPong;
  }

  /** What the client offers of permessage-deflate, or null when it offers none. */
  public PerMessageDeflate perMessageDeflate() {
    return perMessageDeflate;
  }

  /** Builds {@link WebSocketOptions}. Not thread safe. */
  public static final class Builder {
    private List<String> protocols = List.of();
    private Headers headers = new Headers();
    private Duration handshakeTimeout = Limits.HANDSHAKE_TIMEOUT;
    private Duration closeTimeout = Limits.CLOSE_TIMEOUT;
    private long maxPayload = Limits.MAX_PAYLOAD;
    private long highWaterMark = Limits.HIGH_WATER_MARK;
    private boolean autoPong = true;
    private PerMessageDeflate perMessageDeflate = PerMessageDeflate.DEFAULTS;

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
      this.handshakeTimeout = Limits.positive(timeout, "handshakeTimeout");
      return this;
    }

    /** How long to wait for the peer's close frame before dropping the connection. Default: 30 s. */
    public Builder closeTimeout(Duration timeout) {
      this.closeTimeout = Limits.positive(timeout, "closeTimeout");
      return this;
    }

    /** The largest message accepted; a larger one closes with 1009. Default: 64 MiB. */
    public Builder maxPayload(long bytes) {
      this.maxPayload = Limits.positive(bytes, "maxPayload");
      return this;
    }

    /**
     * Bytes queued for sending beyond which the peer is too slow: the connection is dropped
     * at once, with an error event naming this limit and a close event with 1006. Default:
     * 64 MiB.
     */
    public Builder highWaterMark(long bytes) {
      this.highWaterMark = Limits.positive(bytes, "highWaterMark");
      return this;
    }

    /** Whether pings are answered with pongs automatically. Default: true. */
    public Builder autoPong(boolean autoPong) {
      this.autoPong = autoPong;
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
      return this;
    }

    /** permessage-deflate offered with {@link PerMessageDeflate#DEFAULTS}, or not at all. */
    public Builder perMessageDeflate(boolean on) {
      return perMessageDeflate(on ? PerMessageDeflate.DEFAULTS : null);
    }

    public WebSocketOptions build() {
      return new WebSocketOptions(this);
    }
  }
}
