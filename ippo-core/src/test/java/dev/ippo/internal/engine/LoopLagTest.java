package dev.ippo.internal.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The loop's lag: the probe's samples, and the p50, p99 and max of the last hundred. */
class LoopLagTest {
  private static final long MS = 1_000_000;

  @Test
  void aLoopThatRunsTimersOnTimeHasNoLag() {
    ManualLoop loop = new ManualLoop();
    LoopLag lag = LoopLag.start(loop);
    assertEquals(new LoopLag.Snapshot(0, 0, 0), lag.snapshot(), "before the first probe");
    loop.advance(1000);
    assertEquals(new LoopLag.Snapshot(0, 0, 0), lag.snapshot());
    assertEquals(1, loop.liveTimers(), "one probe armed at a time");
  }

  @Test
  void theFiguresAreOverTheLastHundredSamples() {
    LoopLag lag = LoopLag.start(new ManualLoop());
    for (int i = 1; i <= 100; i++) {
      lag.record(i * MS);
    }
    assertEquals(new LoopLag.Snapshot(50 * MS, 99 * MS, 100 * MS), lag.snapshot());
    for (int i = 0; i < 100; i++) {
      lag.record(2 * MS); // ten seconds of a quiet loop push the old ones out
    }
    assertEquals(new LoopLag.Snapshot(2 * MS, 2 * MS, 2 * MS), lag.snapshot());
    lag.record(-5); // a clock that went back counts as on time
    assertEquals(new LoopLag.Snapshot(2 * MS, 2 * MS, 2 * MS), lag.snapshot());
  }
}
