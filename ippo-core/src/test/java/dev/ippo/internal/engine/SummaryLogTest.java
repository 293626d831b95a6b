package dev.ippo.internal.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.ResourceBundle;
import org.junit.jupiter.api.Test;

/** An attack's thousand events make a few whole lines and one sum per interval; no sleeping. */
class SummaryLogTest {
  private final ManualLoop loop = new ManualLoop();
  private final List<String> lines = new ArrayList<>();
  /** Each line's level and what was thrown with it, as "WARNING java.io.IOException: ...". */
  private final List<String> details = new ArrayList<>();
  private long now = 1_000_000;
  private final SummaryLog log = new SummaryLog(new Recorder(), () -> now);

  /** A System.Logger that keeps the lines it is given. */
  private class Recorder implements System.Logger {
    @Override
    public String getName() {
      return "test";
    }

    @Override
    public boolean isLoggable(Level level) {
      return true;
    }

    @Override
    public void log(Level level, ResourceBundle bundle, String msg, Throwable thrown) {
      lines.add(msg);
      details.add(level + " " + thrown);
    }

    @Override
    public void log(Level level, ResourceBundle bundle, String format, Object... params) {
      lines.add(format);
    }
  }

  private void timeouts(int n) {
    for (int i = 0; i < n; i++) {
      int id = i;
      log.log(SummaryLog.Kind.HANDSHAKE_TIMED_OUT, loop, () -> "handshake " + id + " timed out");
    }
  }

  /** Moves both clocks: the log's and the loop's timers. */
  private void advance(long millis) {
    now += millis;
    loop.advance(millis);
  }

  @Test
  void aFewEventsAreLoggedWholeAndNoSumFollows() {
    timeouts(SummaryLog.FULL_LINES);
    advance(SummaryLog.INTERVAL_MILLIS * 2);
    assertEquals(List.of("handshake 0 timed out", "handshake 1 timed out",
        "handshake 2 timed out"), lines);
  }

  @Test
  void aFloodIsSummedInOneLineWhenTheIntervalEnds() {
    timeouts(315);
    assertEquals(3, lines.size(), "the first three whole, the rest waits for the interval");
    advance(SummaryLog.INTERVAL_MILLIS - 1);
    assertEquals(3, lines.size());
    advance(1);
    assertEquals("312 more handshakes timed out in the last 10 s", lines.get(3));
    assertEquals(4, lines.size());
  }

  @Test
  void theNextIntervalStartsWithWholeLinesAgain() {
    timeouts(10);
    advance(SummaryLog.INTERVAL_MILLIS);
    timeouts(1);
    assertEquals("handshake 0 timed out", lines.get(lines.size() - 1));
    assertEquals(5, lines.size());
  }

  @Test
  void kindsAreCountedApart() {
    timeouts(5);
    log.log(SummaryLog.Kind.PROTOCOL_ERROR, loop, () -> "garbage from a peer");
    assertEquals("garbage from a peer", lines.get(3));
    advance(SummaryLog.INTERVAL_MILLIS);
    assertEquals(List.of("2 more handshakes timed out in the last 10 s"), lines.subList(4, 5));
  }

  @Test
  void acceptFailuresAreWarningsAndTheirWholeLinesKeepWhatWasThrown() {
    java.io.IOException full = new java.io.IOException("Too many open files");
    for (int i = 0; i < 50; i++) {
      log.log(SummaryLog.Kind.ACCEPT_FAILED, loop, () -> "accepting failed", full);
    }
    advance(SummaryLog.INTERVAL_MILLIS);
    assertEquals(List.of("accepting failed", "accepting failed", "accepting failed",
        "47 more failures to accept a connection in the last 10 s"), lines);
    String thrown = "WARNING java.io.IOException: Too many open files";
    assertEquals(List.of(thrown, thrown, thrown, "WARNING null"), details);
  }

  @Test
  void aLoggerThatThrowsThrowsNothingIntoTheCaller() {
    SummaryLog broken = new SummaryLog(new Recorder() {
      @Override
      public void log(Level level, ResourceBundle bundle, String msg, Throwable thrown) {
        throw new NoClassDefFoundError("Could not initialize class sun.util.calendar.ZoneInfoFile");
      }
    }, () -> now);
    broken.log(SummaryLog.Kind.PROTOCOL_ERROR, loop, () -> "garbage from a peer");
    broken.log(SummaryLog.Kind.PROTOCOL_ERROR, loop, () -> {
      throw new IllegalStateException("a toString that throws");
    });
  }
}
