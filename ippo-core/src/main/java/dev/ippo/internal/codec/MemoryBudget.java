package dev.ippo.internal.codec;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Bytes of buffer that many connections share: each takes what it is about to hold and gives
 * it back when it lets go, and the one whose take would cross the limit is refused (and
 * closed by its owner), while the others carry on. So an attack costs the attacker's
 * connections, not everyone's memory.
 *
 * <p>Thread safe: connections on every event loop take and give.
 */
public final class MemoryBudget {
  /** No limit, and no shared counter to touch: for a client's own connections. */
  public static final MemoryBudget UNLIMITED = new MemoryBudget(Long.MAX_VALUE);

  private final long limit;
  private final AtomicLong used = new AtomicLong();

  /** @param limit the bytes all holders together may hold, positive */
  public MemoryBudget(long limit) {
    if (limit <= 0) {
      throw new IllegalArgumentException("limit <= 0: " + limit);
    }
    this.limit = limit;
  }

  /** Takes {@code bytes} if the total stays within the limit; returns whether it did. */
  public boolean take(long bytes) {
    if (this == UNLIMITED) {
      return true;
    }
    long now;
    do {
      now = used.get();
      if (bytes > limit - now) {
        return false;
      }
    } while (!used.compareAndSet(now, now + bytes));
    return true;
  }

  /** Gives back {@code bytes} taken before. */
  public void give(long bytes) {
    if (this != UNLIMITED) {
      used.addAndGet(-bytes);
    }
  }

  /** What all holders hold now. */
  public long used() {
    return used.get();
  }

  /** The limit. */
  public long limit() {
    return limit;
  }
}
