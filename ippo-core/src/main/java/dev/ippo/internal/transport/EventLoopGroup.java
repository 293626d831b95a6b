package dev.ippo.internal.transport;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A fixed set of {@link EventLoop}s; connections are spread over them in turn, over those
 * that still run.
 *
 * <p>Thread safe.
 */
public final class EventLoopGroup {
  private final EventLoop[] loops;
  private final AtomicInteger next = new AtomicInteger();

  /**
   * Starts {@code size} loop threads named {@code name-0}, {@code name-1}...; daemon threads
   * do not keep the JVM alive.
   */
  public EventLoopGroup(String name, int size, boolean daemon) {
    if (size <= 0) {
      throw new IllegalArgumentException("size must be positive: " + size);
    }
    loops = new EventLoop[size];
    for (int i = 0; i < size; i++) {
      loops[i] = new EventLoop(name + "-" + i, daemon);
    }
  }

  /** Every loop of the group, in the order of their names. */
  public List<EventLoop> loops() {
    return List.of(loops);
  }

  /**
   * The loop for the next connection: the next in turn that has not ended by a failure
   * ({@link EventLoop#hasEnded}), so nothing new is handed to a loop that runs no more.
   *
   * @throws IllegalStateException when every loop has ended
   */
  public EventLoop next() {
    int start = next.getAndIncrement();
    for (int i = 0; i < loops.length; i++) {
      EventLoop loop = loops[Math.floorMod(start + i, loops.length)];
      if (!loop.hasEnded()) {
        return loop;
      }
    }
    throw new IllegalStateException("every event loop of this group has ended");
  }

  /** Stops every loop and waits up to {@code timeoutMillis} for their threads to end. */
  public void shutdown(long timeoutMillis) {
    for (EventLoop loop : loops) {
      loop.shutdown();
    }
    long deadline = System.currentTimeMillis() + timeoutMillis;
    for (EventLoop loop : loops) {
      if (loop.inLoop()) {
        continue;
      }
      try {
        loop.awaitTermination(Math.max(1, deadline - System.currentTimeMillis()));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }
}
