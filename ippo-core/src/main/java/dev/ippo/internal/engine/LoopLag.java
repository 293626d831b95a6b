package dev.ippo.internal.engine;

import dev.ippo.internal.transport.Loop;
import java.util.Arrays;

/**
 * How late one loop runs what is due on it: a probe timer every {@link #PROBE_MILLIS}
 * notes how long after its due time it ran, and the last {@link #SAMPLES} such lags (ten
 * seconds' worth) give the loop's p50, p99 and max. A loop held up by a handler that blocks,
 * a flood of work or a GC pause shows here before anywhere else.
 *
 * <p>Thread safe: the probe runs on the loop; {@link #snapshot} from any thread.
 */
public final class LoopLag {
  static final long PROBE_MILLIS = 100;
  static final int SAMPLES = 100;

  /** The lags over the samples kept, in nanoseconds; all 0 before the first sample. */
  public record Snapshot(long p50, long p99, long max) {}

  private final Loop loop;
  private final long[] samples = new long[SAMPLES];
  private int kept;
  private int next;
  /** When the armed probe is due, by the loop's clock. Loop thread. */
  private long due;

  private LoopLag(Loop loop) {
    this.loop = loop;
  }

  /** Starts probing {@code loop}; the probe ends with the loop. */
  static LoopLag start(Loop loop) {
    LoopLag lag = new LoopLag(loop);
    loop.execute(lag::arm);
    return lag;
  }

  private void arm() {
    due = loop.nowNanos() + PROBE_MILLIS * 1_000_000;
    loop.schedule(this::fired, PROBE_MILLIS);
  }

  private void fired() {
    record(loop.nowNanos() - due);
    arm();
  }

  synchronized void record(long lagNanos) {
    samples[next] = Math.max(0, lagNanos);
    next = (next + 1) % SAMPLES;
    kept = Math.min(kept + 1, SAMPLES);
  }

  public synchronized Snapshot snapshot() {
    if (kept == 0) {
      return new Snapshot(0, 0, 0);
    }
    long[] sorted = Arrays.copyOf(samples, kept); // the ring is full or fills from 0
    Arrays.sort(sorted);
    return new Snapshot(sorted[(kept - 1) / 2], sorted[(int) Math.ceil(kept * 0.99) - 1],
        sorted[kept - 1]);
  }
}
