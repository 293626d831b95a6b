package dev.ippo.internal.fault;

import java.util.ResourceBundle;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

/**
 * A {@link System.Logger} whose calls never throw: every logger of the core is one, because
 * most of them log on an event loop, and a log call that throws there would end the
 * connection it spoke of, or the loop. Logging can throw where nobody expects it: out of
 * file descriptors, the first timestamp of {@code java.util.logging} opens the JDK's
 * time-zone data and fails ({@code NoClassDefFoundError: Could not initialize class
 * sun.util.calendar.ZoneInfoFile}), a handler of the application's may throw, and so may the
 * {@code toString} of what a line names. A line that cannot be logged is dropped; the first
 * such failure in the JVM is told on standard error, which needs no descriptor of its own.
 *
 * <p>Thread safe, as the logger it wraps.
 */
public final class SafeLogger implements System.Logger {
  private static final AtomicBoolean FAILURE_TOLD = new AtomicBoolean();

  private final System.Logger logger;

  private SafeLogger(System.Logger logger) {
    this.logger = logger;
  }

  /** The logger of that name, as {@link System#getLogger} gives it, made safe. */
  public static System.Logger get(String name) {
    return new SafeLogger(System.getLogger(name));
  }

  /** {@code logger} made safe. */
  public static System.Logger of(System.Logger logger) {
    return logger instanceof SafeLogger ? logger : new SafeLogger(logger);
  }

  @Override
  public String getName() {
    return logger.getName();
  }

  @Override
  public boolean isLoggable(Level level) {
    try {
      return logger.isLoggable(level);
    } catch (Throwable t) {
      failed(t);
      return false;
    }
  }

  @Override
  public void log(Level level, String msg) {
    log(level, null, msg, (Throwable) null);
  }

  @Override
  public void log(Level level, Supplier<String> msgSupplier) {
    if (isLoggable(level)) {
      try {
        logger.log(level, msgSupplier.get());
      } catch (Throwable t) {
        failed(t);
      }
    }
  }

  @Override
  public void log(Level level, Object obj) {
    try {
      logger.log(level, obj);
    } catch (Throwable t) {
      failed(t);
    }
  }

  @Override
  public void log(Level level, String msg, Throwable thrown) {
    log(level, null, msg, thrown);
  }

  @Override
  public void log(Level level, Supplier<String> msgSupplier, Throwable thrown) {
    if (isLoggable(level)) {
      try {
        logger.log(level, msgSupplier.get(), thrown);
      } catch (Throwable t) {
        failed(t);
      }
    }
  }

  @Override
  public void log(Level level, String format, Object... params) {
    log(level, null, format, params);
  }

  @Override
  public void log(Level level, ResourceBundle bundle, String msg, Throwable thrown) {
    try {
      logger.log(level, bundle, msg, thrown);
    } catch (Throwable t) {
      failed(t);
    }
  }

  @Override
  public void log(Level level, ResourceBundle bundle, String format, Object... params) {
    try {
      logger.log(level, bundle, format, params);
    } catch (Throwable t) {
      failed(t);
    }
  }

  private void failed(Throwable t) {
    Fatal.rethrowIfFatal(t);
    if (FAILURE_TOLD.compareAndSet(false, true)) {
      try {
        System.err.println("ippo: logging to " + logger.getName() + " failed, and lines that"
            + " fail are dropped (this is said once): " + t);
      } catch (Throwable ignored) {
        // nothing is left to tell it with
      }
    }
  }
}
