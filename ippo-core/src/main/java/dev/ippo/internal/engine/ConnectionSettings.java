package dev.ippo.internal.engine;

import java.time.Duration;

/**
 * What one connection needs of its options, client or server end: the one settings object
 * that {@code WebSocketOptions} and {@code WebSocketServer.Builder} both produce, so the
 * engine reads one shape whichever end it runs.
 *
 * <p>Immutable; thread safe. The defaults, and why, are with {@link Builder}'s fields.
 *
 * @param maxPayload the largest message accepted (after inflating); larger closes with 1009
 * @param highWaterMark queued bytes beyond which the peer is too slow and is dropped
 * @param autoPong whether pings are answered with pongs automatically
 * @param closeTimeout how long to wait for the peer's close frame (a client: for the server
 *     to close the TCP connection after it)
 * @param handshakeTimeout how long the opening handshake may take
 * @param deflate permessage-deflate as offered (client) or accepted (server); null for off
 * @param pingInterval after this long with nothing from the peer, a ping goes; zero for no
 *     heartbeat
 * @param pongTimeout how long after that ping the peer has to send anything at all
 */
public record ConnectionSettings(
    long maxPayload,
    long highWaterMark,
    boolean autoPong,
    Duration closeTimeout,
    Duration handshakeTimeout,
    DeflateConfig deflate,
    Duration pingInterval,
    Duration pongTimeout) {

  /**
   * 16 MiB, as OkHttp's limit on what it queues: a photo or a large JSON document fits, and
   * a server's receive budget holds two at once. (ws allows 100 MiB; µWebSockets 16 KiB.)
   */
  public static final long MAX_PAYLOAD = 16L * 1024 * 1024;
  /**
   * 1 MiB: checked when a frame is queued, so one message longer than the mark still goes
   * out, but a peer that lets more pile up behind it is dropped. 50 peers that send and
   * never read made ./ippo echo's RSS grow by 808 MiB with 16 MiB here, 168 MiB with 1 MiB.
   * (µWebSockets' maxBackpressure is 64 KiB; OkHttp closes at 16 MiB; ws has no limit.)
   */
  public static final long HIGH_WATER_MARK = 1024 * 1024;
  /** As Node's ws: time for the peer's close frame to cross a slow link. */
  public static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(30);
  /** Long enough for a slow mobile network, short enough that half-open sockets go. */
  public static final Duration HANDSHAKE_TIMEOUT = Duration.ofSeconds(10);
  /**
   * Proxies and load balancers end a connection that is silent for 60 s by default (nginx's
   * proxy_read_timeout, AWS ALB's idle timeout): a ping after 30 s of silence keeps the path
   * open. (socket.io pings every 25 s; Java-WebSocket checks every 60 s.)
   */
  public static final Duration PING_INTERVAL = Duration.ofSeconds(30);
  /** With {@link #PING_INTERVAL}, a peer gone without a word is found within a minute. */
  public static final Duration PONG_TIMEOUT = Duration.ofSeconds(30);

  /** Whether the connection pings a quiet peer and ends one that stays silent. */
  public boolean heartbeat() {
    return !pingInterval.isZero();
  }

  /** Checks a size or count that must be positive; returns it. */
  public static long positive(long n, String name) {
    if (n <= 0) {
      throw new IllegalArgumentException(name + " must be positive: " + n);
    }
    return n;
  }

  /** Checks a duration that must be positive; returns it. */
  public static Duration positive(Duration d, String name) {
    if (d == null || d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException(name + " must be positive: " + d);
    }
    return d;
  }

  /**
   * The settings both API builders share, each setter checked when called. Not thread safe:
   * one builder per API builder.
   */
  public static final class Builder {
    private long maxPayload = MAX_PAYLOAD;
    private long highWaterMark = HIGH_WATER_MARK;
    private boolean autoPong = true;
    private Duration closeTimeout = CLOSE_TIMEOUT;
    private Duration handshakeTimeout = HANDSHAKE_TIMEOUT;
    private DeflateConfig deflate;
    private Duration pingInterval = PING_INTERVAL;
    private Duration pongTimeout = PONG_TIMEOUT;

    /** @param deflate the end's default permessage-deflate, or null for off */
    public Builder(DeflateConfig deflate) {
      this.deflate = deflate;
    }

    public void maxPayload(long bytes) {
      this.maxPayload = positive(bytes, "maxPayload");
    }

    public void highWaterMark(long bytes) {
      this.highWaterMark = positive(bytes, "highWaterMark");
    }

    public void autoPong(boolean on) {
      this.autoPong = on;
    }

    public void closeTimeout(Duration timeout) {
      this.closeTimeout = positive(timeout, "closeTimeout");
    }

    public void handshakeTimeout(Duration timeout) {
      this.handshakeTimeout = positive(timeout, "handshakeTimeout");
    }

    public void deflate(DeflateConfig deflate) {
      this.deflate = deflate;
    }

    /** Zero turns the heartbeat off. */
    public void pingInterval(Duration interval) {
      if (interval == null || interval.isNegative()) {
        throw new IllegalArgumentException("pingInterval must be zero or positive: " + interval);
      }
      this.pingInterval = interval;
    }

    public void pongTimeout(Duration timeout) {
      this.pongTimeout = positive(timeout, "pongTimeout");
    }

    public ConnectionSettings build() {
      return new ConnectionSettings(maxPayload, highWaterMark, autoPong, closeTimeout,
          handshakeTimeout, deflate, pingInterval, pongTimeout);
    }
  }
}
