package dev.ippo.internal.engine;

import dev.ippo.internal.fault.SafeLogger;
import dev.ippo.internal.transport.Loop;
import java.lang.System.Logger.Level;
import java.util.EnumMap;
import java.util.Map;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * Logs the events a hostile peer can cause by the thousand (a refused or timed-out
 * handshake, a protocol error, a slow consumer) without a line each: the first
 * {@link #FULL_LINES} of a kind in an interval are logged whole, so one bad client is seen
 * in detail, and the rest as one line when the interval ends: "312 more handshakes timed
 * out in the last 10 s". Thread safe: the connections of every loop share one.
 */
public final class SummaryLog {
  /** What is counted; each kind has an interval of its own. */
  public enum Kind {
    HANDSHAKE_REFUSED("handshakes refused"),
    HANDSHAKE_TIMED_OUT("handshakes timed out"),
    HANDSHAKES_OVER_LIMIT("connections closed at once, too many handshakes in progress"),
    PROTOCOL_ERROR("connections closed for a protocol error"),
    SLOW_CONSUMER("slow consumers dropped"),
    NO_PONG("connections ended, silent after a heartbeat ping"),
    /** Out of file descriptors, typically: the server itself cannot take more. */
    ACCEPT_FAILED("failures to accept a connection", Level.WARNING),
    /** A bug, or the JDK broken: each costs one connection, and a flood must not flood the log. */
    UNEXPECTED_ERROR("unexpected errors on the event loops", Level.WARNING);

    final String what;
    final Level level;

    Kind(String what) {
      this(what, Level.INFO);
    }

    Kind(String what, Level level) {
      this.what = what;
      this.level = level;
    }
  }

  /** Lines logged whole per kind and interval. */
  public static final int FULL_LINES = 3;
  /** How long an interval lasts. */
  public static final long INTERVAL_MILLIS = 10_000;

  /** For clients, which face no floods: one for the whole JVM is enough. */
  public static final SummaryLog CLIENTS = onTheWallClock("dev.ippo.WebSocket");

  private final System.Logger logger;
  private final LongSupplier millis;
  private final Map<Kind, Window> windows = new EnumMap<>(Kind.class);

  /** One kind's current interval. Guarded by the log. */
  private static final class Window {
    boolean open;
    long start;
    int logged;
    long more;
  }

  /**
   * @param logger where lines go
   * @param millis the clock, in milliseconds (a loop's, or a test's)
   */
  public SummaryLog(System.Logger logger, LongSupplier millis) {
    this.logger = SafeLogger.of(logger);
    this.millis = millis;
    for (Kind k : Kind.values()) {
      windows.put(k, new Window());
    }
  }

  /** A log to the logger of that name, its intervals measured on the JVM's monotonic clock. */
  public static SummaryLog onTheWallClock(String loggerName) {
    return new SummaryLog(SafeLogger.get(loggerName), () -> System.nanoTime() / 1_000_000);
  }

  /**
   * Logs {@code line} at its kind's level (INFO, but WARNING for accept failures and
   * unexpected errors), or counts it for the interval's summary, which {@code loop} logs when
   * the interval ends.
   */
  public void log(Kind kind, Loop loop, Supplier<String> line) {
    log(kind, loop, line, null);
  }

  /** The same, with what was thrown, logged with the line when the line is logged whole. */
  public void log(Kind kind, Loop loop, Supplier<String> line, Throwable thrown) {
    long now = millis.getAsLong();
    long summaryDueIn;
    synchronized (this) {
      Window w = windows.get(kind);
      if (!w.open || now - w.start >= INTERVAL_MILLIS) {
        w.open = true;
        w.start = now;
        w.logged = 0;
      }
      if (w.logged < FULL_LINES) {
        w.logged++;
        summaryDueIn = 0;
      } else if (w.more++ == 0) {
        summaryDueIn = Math.max(1, w.start + INTERVAL_MILLIS - now);
      } else {
        return;
      }
    }
    if (summaryDueIn == 0) {
      logger.log(kind.level, line, thrown);
    } else {
      loop.schedule(() -> summarize(kind), summaryDueIn);
    }
  }

  private void summarize(Kind kind) {
    long more;
    synchronized (this) {
      Window w = windows.get(kind);
      more = w.more;
      w.more = 0;
    }
    if (more > 0) {
      logger.log(kind.level, more + " more " + kind.what + " in the last "
          + INTERVAL_MILLIS / 1000 + " s");
    }
  }
}
