package dev.ippo.cli.chat;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * A nanoTime for tests: frozen until {@link #advance}d, or moving by a fixed step at each
 * reading (so a rate limit never trips). Starts near the wrap of a long, since real
 * nanoTime values may be anywhere. Thread safe.
 */
final class FakeTicker implements LongSupplier {
  private final AtomicLong now = new AtomicLong(Long.MAX_VALUE - TimeUnit.SECONDS.toNanos(5));
  private final long step;

  private FakeTicker(long step) {
    this.step = step;
  }

  /** Time stands still until advanced. */
  static FakeTicker frozen() {
    return new FakeTicker(0);
  }

  /** Each reading is one second after the previous: every message finds a full bucket. */
  static FakeTicker generous() {
    return new FakeTicker(TimeUnit.SECONDS.toNanos(1));
  }

  void advance(long amount, TimeUnit unit) {
    now.addAndGet(unit.toNanos(amount));
  }

  @Override
  public long getAsLong() {
    return now.getAndAdd(step);
  }
}
