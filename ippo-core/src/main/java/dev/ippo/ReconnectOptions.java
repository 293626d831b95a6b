package dev.ippo;

import dev.ippo.internal.engine.Backoff;
import java.time.Duration;
import java.util.Objects;

/**
 * When and how a {@link ReconnectingWebSocket} connects again: the back-off between
 * attempts, how many attempts, and what becomes of messages sent meanwhile.
 *
 * <pre>{@code
 * ReconnectOptions options = ReconnectOptions.builder()
 *     .minDelay(Duration.ofMillis(500))
 *     .maxDelay(Duration.ofSeconds(30))
 *     .maxEnqueuedMessages(100)
 *     .build();
 * }</pre>
 *
 * <p>The defaults are socket.io-client's (a second, doubling up to five, spread by half
 * either way, no limit on attempts) with reconnecting-websocket's minUptime of five seconds:
 * <table>
 *   <caption>Defaults compared</caption>
 *   <tr><th></th><th>Ippo</th><th>socket.io-client</th><th>reconnecting-websocket</th></tr>
 *   <tr><td>first wait</td><td>1 s</td><td>1 s</td><td>1 s to 5 s, random</td></tr>
 *   <tr><td>growth</td><td>x 2</td><td>x 2</td><td>x 1.3</td></tr>
 *   <tr><td>longest wait</td><td>5 s</td><td>5 s</td><td>10 s</td></tr>
 *   <tr><td>jitter</td><td>0.5</td><td>0.5</td><td>none after the first</td></tr>
 *   <tr><td>attempts</td><td>no limit</td><td>no limit</td><td>no limit</td></tr>
 *   <tr><td>minUptime</td><td>5 s</td><td>(none)</td><td>5 s</td></tr>
 *   <tr><td>sent while away</td><td>refused</td><td>queued, no limit</td><td>queued, no
 *       limit</td></tr>
 * </table>
 * A user who lost the connection wants it back soon, so the longest wait stays short; the
 * jitter spreads the clients of a server that restarts so they do not all come back in the
 * same millisecond; a server that needs more room says so with {@code Retry-After}.
 *
 * <p>Immutable; thread safe.
 */
public final class ReconnectOptions {
  /** The defaults each method of {@link Builder} documents. */
  public static final ReconnectOptions DEFAULTS = builder().build();

  private final Duration minDelay;
  private final Duration maxDelay;
  private final double growFactor;
  private final double jitter;
  private final int maxRetries;
  private final Duration minUptime;
  private final Duration maxRetryAfter;
  private final int maxEnqueuedMessages;
  /** The delays in the shape the engine computes them. */
  private final Backoff backoff;

  private ReconnectOptions(Builder b) {
    this.minDelay = b.minDelay;
    this.maxDelay = b.maxDelay;
    this.growFactor = b.growFactor;
    this.jitter = b.jitter;
    this.maxRetries = b.maxRetries;
    this.minUptime = b.minUptime;
    this.maxRetryAfter = b.maxRetryAfter;
    this.maxEnqueuedMessages = b.maxEnqueuedMessages;
    if (maxDelay.compareTo(minDelay) < 0) {
      throw new IllegalArgumentException(
          "maxDelay (" + maxDelay + ") is shorter than minDelay (" + minDelay + ")");
    }
    this.backoff = new Backoff(minDelay.toMillis(), maxDelay.toMillis(), growFactor, jitter);
  }

  /**
   * A builder with the defaults its methods document.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  Backoff backoff() {
    return backoff;
  }

  /**
   * The wait before the first retry, before jitter.
   *
   * @return the delay; 1 s by default
   */
  public Duration minDelay() {
    return minDelay;
  }

  /**
   * The longest wait between attempts, jitter included (a server's {@code Retry-After} may
   * ask for more, up to {@link #maxRetryAfter()}).
   *
   * @return the delay; 5 s by default
   */
  public Duration maxDelay() {
    return maxDelay;
  }

  /**
   * How much each wait grows on the one before.
   *
   * @return the factor; 2 by default
   */
  public double growFactor() {
    return growFactor;
  }

  /**
   * How far each wait spreads either side, as a fraction of it.
   *
   * @return the fraction, 0 to 1; 0.5 by default
   */
  public double jitter() {
    return jitter;
  }

  /**
   * How many retries in a row (with no connection up for minUptime between them) the client
   * makes before it gives up.
   *
   * @return the count; {@link Integer#MAX_VALUE}, no limit, by default
   */
  public int maxRetries() {
    return maxRetries;
  }

  /**
   * How long a connection must have stayed open for the retry count to start again at 0.
   *
   * @return the time; 5 s by default
   */
  public Duration minUptime() {
    return minUptime;
  }

  /**
   * The longest wait a server's {@code Retry-After} can impose.
   *
   * @return the time; 60 s by default
   */
  public Duration maxRetryAfter() {
    return maxRetryAfter;
  }

  /**
   * How many messages sent while disconnected are kept for the next connection.
   *
   * @return the count; 0, none, by default
   */
  public int maxEnqueuedMessages() {
    return maxEnqueuedMessages;
  }

  /** Builds {@link ReconnectOptions}. Not thread safe. */
  public static final class Builder {
    private Duration minDelay = Duration.ofSeconds(1);
    private Duration maxDelay = Duration.ofSeconds(5);
    private double growFactor = 2;
    private double jitter = 0.5;
    private int maxRetries = Integer.MAX_VALUE;
    private Duration minUptime = Duration.ofSeconds(5);
    private Duration maxRetryAfter = Duration.ofSeconds(60);
    private int maxEnqueuedMessages = 0;

    private Builder() {}

    /**
     * The wait before the first retry, before jitter; each later one is
     * {@link #growFactor} times longer, up to {@link #maxDelay}. Default: 1 s, as
     * socket.io-client's reconnectionDelay: soon enough that a user barely notices a server
     * restart.
     *
     * @param delay zero or positive
     * @return this builder
     */
    public Builder minDelay(Duration delay) {
      this.minDelay = nonNegative(delay, "minDelay");
      return this;
    }

    /**
     * The longest wait between attempts, jitter included. Default: 5 s, as socket.io-client's
     * reconnectionDelayMax: a client never sits idle long after its server is back.
     *
     * @param delay at least {@link #minDelay}
     * @return this builder
     */
    public Builder maxDelay(Duration delay) {
      this.maxDelay = nonNegative(delay, "maxDelay");
      return this;
    }

    /**
     * How much each wait grows on the one before. Default: 2, as socket.io-client (so 1, 2,
     * 4, then 5 s); reconnecting-websocket's 1.3 reaches its cap more slowly.
     *
     * @param factor 1 (always minDelay) or more
     * @return this builder
     */
    public Builder growFactor(double factor) {
      if (!(factor >= 1) || Double.isInfinite(factor)) {
        throw new IllegalArgumentException("growFactor must be 1 or more: " + factor);
      }
      this.growFactor = factor;
      return this;
    }

    /**
     * How far each wait spreads, at random, either side: a wait {@code d} becomes one from
     * {@code d * (1 - jitter)} to {@code d * (1 + jitter)}, then at most {@link #maxDelay}.
     * Default: 0.5, as socket.io-client's randomizationFactor: a thousand clients dropped by
     * a restart come back spread over a second or more rather than all at once.
     *
     * @param fraction 0 (no spread) to 1
     * @return this builder
     */
    public Builder jitter(double fraction) {
      if (!(fraction >= 0 && fraction <= 1)) {
        throw new IllegalArgumentException("jitter must be from 0 to 1: " + fraction);
      }
      this.jitter = fraction;
      return this;
    }

    /**
     * How many times in a row the client tries again after a failed connect or a connection
     * that closed before {@link #minUptime}; when the last of them fails too, it gives up:
     * its close event is then followed by no reconnecting event. So with 2, three attempts
     * fail before it stops. Default: {@link Integer#MAX_VALUE}, no limit, as both
     * socket.io-client and reconnecting-websocket: a client that gives up needs a person to
     * restart it.
     *
     * @param retries 0 (never reconnect) or more
     * @return this builder
     */
    public Builder maxRetries(int retries) {
      if (retries < 0) {
        throw new IllegalArgumentException("maxRetries must be 0 or more: " + retries);
      }
      this.maxRetries = retries;
      return this;
    }

    /**
     * How long a connection must stay open for the retry count to start again at 0, so that
     * the next drop is retried after {@link #minDelay} again. A connection that a server
     * accepts and drops at once keeps counting, so its waits still grow. Default: 5 s, as
     * reconnecting-websocket.
     *
     * @param uptime zero or positive
     * @return this builder
     */
    public Builder minUptime(Duration uptime) {
      this.minUptime = nonNegative(uptime, "minUptime");
      return this;
    }

    /**
     * The longest wait that a server's {@code Retry-After} (with a 503 or 429 answer to the
     * opening handshake, in seconds or as a date) can impose; the client waits the longer of
     * its back-off and the server's wish, up to this. Default: 60 s: a server that asks for
     * more is more likely misconfigured than right, and a client silent for an hour looks
     * broken to its user.
     *
     * @param limit zero (ignore Retry-After) or positive
     * @return this builder
     */
    public Builder maxRetryAfter(Duration limit) {
      this.maxRetryAfter = nonNegative(limit, "maxRetryAfter");
      return this;
    }

    /**
     * How many messages sent while disconnected are kept, in order, and sent on the next
     * open before any later message ({@code send} says {@link SendResult#QUEUED}); one more
     * is refused with {@link SendResult#DROPPED}. They are dropped when the client closes
     * for good. Default: 0, and {@code send} says {@link SendResult#NOT_OPEN}: what a
     * message meant may be stale by the time the connection is back (a cursor position, a
     * "typing" flag), so the application decides what to send again in its open handler.
     *
     * @param count 0 or more
     * @return this builder
     */
    public Builder maxEnqueuedMessages(int count) {
      if (count < 0) {
        throw new IllegalArgumentException("maxEnqueuedMessages must be 0 or more: " + count);
      }
      this.maxEnqueuedMessages = count;
      return this;
    }

    /**
     * The options, apart from this builder.
     *
     * @return the options
     * @throws IllegalArgumentException when maxDelay is shorter than minDelay
     */
    public ReconnectOptions build() {
      return new ReconnectOptions(this);
    }

    private static Duration nonNegative(Duration d, String name) {
      if (Objects.requireNonNull(d, name).isNegative()) {
        throw new IllegalArgumentException(name + " must not be negative: " + d);
      }
      return d;
    }
  }
}
