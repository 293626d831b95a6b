package dev.ippo.internal.transport;

import java.util.concurrent.Executor;

/**
 * The one thread a connection lives on, as the engine sees it: tasks run there in order, and
 * timers fire there. {@link EventLoop} is the real one; tests drive a connection with a fake
 * whose clock they move by hand, so timeouts are tested without sleeping.
 *
 * <p>Thread safe: every method may be called from any thread.
 */
public interface Loop extends Executor {
  /** Whether the caller is this loop's thread. */
  boolean inLoop();

  /** Runs {@code task} on the loop thread after the tasks already handed over. */
  @Override
  void execute(Runnable task);

  /** Runs {@code task} on the loop thread after {@code delayMillis}; the handle cancels it. */
  Cancellable schedule(Runnable task, long delayMillis);

  /** The loop's clock in nanoseconds, from an arbitrary origin: the clock of its timers. */
  long nowNanos();

  /**
   * What the engine keeps for this loop alone (a server's per-loop counts, which its thread
   * adds to without atomics), or null.
   */
  default Object attachment() {
    return null;
  }

  /** Runs {@code action} at once when called on the loop thread, else hands it over. */
  default void runInLoop(Runnable action) {
    if (inLoop()) {
      action.run();
    } else {
      execute(action);
    }
  }
}
