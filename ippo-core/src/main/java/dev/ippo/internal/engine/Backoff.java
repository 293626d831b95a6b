package dev.ippo.internal.engine;

/**
 * How long a reconnecting client waits before its n-th retry: {@code minMillis}, times
 * {@code growFactor} for each retry after the first, then spread by {@code jitter}, never more
 * than {@code maxMillis}.
 *
 * <p>The spread is {@code delay * (1 - jitter + 2 * jitter * random)} for a random number in
 * [0, 1): with jitter 0.5, from half to one and a half times the delay. Capping after the
 * spread keeps maxMillis a true bound; at the cap the waits still spread, downward.
 *
 * <p>Immutable; thread safe.
 *
 * @param minMillis the wait before the first retry, without jitter; 0 or more
 * @param maxMillis the longest wait; at least minMillis
 * @param growFactor how much each wait grows on the one before; 1 or more
 * @param jitter how far a wait spreads either side, as a fraction of it: 0 to 1
 */
public record Backoff(long minMillis, long maxMillis, double growFactor, double jitter) {
  public Backoff {
    if (minMillis < 0 || maxMillis < minMillis || !(growFactor >= 1)
        || !(jitter >= 0 && jitter <= 1)) {
      throw new IllegalArgumentException("not a back-off: min " + minMillis + " ms, max "
          + maxMillis + " ms, grow factor " + growFactor + ", jitter " + jitter);
    }
  }

  /**
   * The wait before retry {@code retry}.
   *
   * @param retry 1 for the first retry after a connection ended or failed, then 2, 3...
   * @param random a number in [0, 1), from the injected random source
   * @return the wait in milliseconds, from 0 to maxMillis
   */
  public long delayMillis(int retry, double random) {
    // In doubles, so a high retry count saturates at the cap rather than overflowing.
    double base = Math.min(maxMillis, minMillis * Math.pow(growFactor, retry - 1));
    double spread = base * (1 - jitter + 2 * jitter * random);
    return Math.max(0, Math.min(maxMillis, Math.round(spread)));
  }
}
