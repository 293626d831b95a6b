package dev.ippo.redis;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * Keeps the warnings {@link RedisBroker} logs while it is open, to count the lines an
 * outage costs. Thread safe.
 */
public final class WarningRecorder extends Handler implements AutoCloseable {
  private final List<LogRecord> warnings = new CopyOnWriteArrayList<>();
  private final Logger logger = Logger.getLogger(RedisBroker.class.getName());

  public WarningRecorder() {
    logger.addHandler(this);
  }

  /** The warnings so far. */
  public List<LogRecord> warnings() {
    return List.copyOf(warnings);
  }

  @Override
  public void publish(LogRecord r) {
    if (r.getLevel().intValue() >= Level.WARNING.intValue()) {
      warnings.add(r);
    }
  }

  @Override
  public void flush() {}

  /** Stops recording. */
  @Override
  public void close() {
    logger.removeHandler(this);
  }
}
