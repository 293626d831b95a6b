package dev.ippo.cli.chat;

import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * A token bucket for one connection: {@code rate} messages a second on average, bursts of
 * {@code burst}; it starts full. Over the limit a message is dropped, and the client is told
 * so at most once per second, so that a flood does not turn into a flood of errors.
 *
 * <p>The bucket is kept in nanoseconds of credit rather than fractional tokens: each message
 * costs {@code 1 s / rate}, the credit grows with time up to {@code burst} messages' worth.
 * Integer arithmetic, so a fake clock gives exact results.
 *
 * <p>Not thread safe: one per connection, used on that connection's event loop thread.
 */
final class RateLimiter {
  /** The chat's limit: 10 messages a second. */
  static final int RATE = 10;
  /** The chat's burst: 20 messages at once. */
  static final int BURST = 20;

  private static final long SECOND = TimeUnit.SECONDS.toNanos(1);

  /** What to do with a message. */
  enum Verdict {
    /** Within the limit: handle it. */
    ALLOW,
    /** Over the limit: drop it and send a rate_limited error. */
    REJECT_AND_TELL,
    /** Over the limit, and the client was told less than a second ago: just drop it. */
    REJECT
  }

  private final LongSupplier nanoTime;
  private final long cost;
  private final long capacity;
  private long credit;
  private long lastRefill;
  private boolean told;
  private long lastTold;

  /** The chat's limiter: {@link #RATE} a second, bursts of {@link #BURST}. */
  RateLimiter(LongSupplier nanoTime) {
    this(nanoTime, RATE, BURST);
  }

  /** @param nanoTime a monotonic clock in nanoseconds, {@code System::nanoTime} in production */
  RateLimiter(LongSupplier nanoTime, int rate, int burst) {
    if (rate < 1 || burst < 1) {
      throw new IllegalArgumentException("rate and burst must be positive");
    }
    this.nanoTime = nanoTime;
    this.cost = SECOND / rate;
    this.capacity = cost * burst;
    this.credit = capacity;
    this.lastRefill = nanoTime.getAsLong();
  }

  /** Takes one message's worth of credit if there is one. */
  Verdict acquire() {
    long now = nanoTime.getAsLong();
    // Differences, never comparisons, of nanoTime values: they may wrap.
    long elapsed = Math.max(0, now - lastRefill);
    credit = elapsed >= capacity - credit ? capacity : credit + elapsed;
    lastRefill = now;
    if (credit >= cost) {
      credit -= cost;
      return Verdict.ALLOW;
    }
    if (!told || now - lastTold >= SECOND) {
      told = true;
      lastTold = now;
      return Verdict.REJECT_AND_TELL;
    }
    return Verdict.REJECT;
  }
}
