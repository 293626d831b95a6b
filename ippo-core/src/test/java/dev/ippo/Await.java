package dev.ippo;

import static org.junit.jupiter.api.Assertions.fail;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/**
 * The one way a test waits for a state it cannot be told of by a latch or a future (a
 * count on another thread, a thread that ends): bounded polling, a millisecond apart, never
 * a spin. Shared by every module's tests through ippo-core's test jar.
 */
public final class Await {
  /** Long enough for a loaded CI machine; a test that passes waits far less. */
  public static final Duration TIMEOUT = Duration.ofSeconds(10);

  private Await() {}

  /** Waits up to {@link #TIMEOUT} until {@code condition} holds; fails naming {@code what}. */
  public static void until(String what, BooleanSupplier condition) {
    until(what, TIMEOUT, condition);
  }

  /** Waits up to {@code timeout} until {@code condition} holds; fails naming {@code what}. */
  public static void until(String what, Duration timeout, BooleanSupplier condition) {
    long end = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() - end > 0) {
        fail("timed out after " + timeout.toMillis() + " ms waiting for " + what);
      }
      LockSupport.parkNanos(1_000_000);
      if (Thread.currentThread().isInterrupted()) {
        fail("interrupted while waiting for " + what);
      }
    }
  }
}
