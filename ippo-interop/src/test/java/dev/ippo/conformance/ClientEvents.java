package dev.ippo.conformance;

import dev.ippo.CloseEvent;
import dev.ippo.ErrorEvent;
import dev.ippo.MessageEvent;
import dev.ippo.OpenEvent;
import dev.ippo.WebSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Records what a client {@link WebSocket} reports (open, message, error, close), in order,
 * so a test can wait for an event and see everything that came before it.
 *
 * <p>Thread safe: the client's loop thread records, the test thread reads.
 */
final class ClientEvents {
  private final BlockingQueue<Object> queue = new LinkedBlockingQueue<>();
  private final List<Object> seen = new ArrayList<>();

  /** Registers the four handlers on {@code ws} and returns it. */
  WebSocket attach(WebSocket ws) {
    ws.onOpen(queue::add).onMessage(queue::add).onError(queue::add).onClose(queue::add);
    return ws;
  }

  /**
   * Waits for the first event of {@code type}, keeping every event before it.
   *
   * @throws AssertionError when none comes within the timeout
   */
  <E> E await(Class<E> type, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    for (Object e : seen) {
      if (type.isInstance(e)) {
        return type.cast(e);
      }
    }
    while (true) {
      long left = deadline - System.nanoTime();
      Object e = left <= 0 ? null : queue.poll(left, TimeUnit.NANOSECONDS);
      if (e == null) {
        throw new AssertionError("no " + type.getSimpleName() + " within " + timeout.toMillis()
            + " ms; events so far: " + names());
      }
      seen.add(e);
      if (type.isInstance(e)) {
        return type.cast(e);
      }
    }
  }

  /**
   * Waits until {@code n} events of {@code type} have come and returns the n-th (from 1),
   * keeping every event before it.
   *
   * @throws AssertionError when fewer come within the timeout
   */
  <E> E awaitNth(Class<E> type, int n, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    int count = 0;
    for (int i = 0; ; i++) {
      while (i == seen.size()) {
        long left = deadline - System.nanoTime();
        Object e = left <= 0 ? null : queue.poll(left, TimeUnit.NANOSECONDS);
        if (e == null) {
          throw new AssertionError("only " + count + " " + type.getSimpleName() + " of " + n
              + " within " + timeout.toMillis() + " ms; events so far: " + names());
        }
        seen.add(e);
      }
      if (type.isInstance(seen.get(i)) && ++count == n) {
        return type.cast(seen.get(i));
      }
    }
  }

  /** The events seen so far by their kinds, e.g. {@code [open, error, close]}. */
  List<String> names() {
    queue.drainTo(seen);
    List<String> names = new ArrayList<>();
    for (Object e : seen) {
      names.add(name(e));
    }
    return names;
  }

  private static String name(Object e) {
    if (e instanceof OpenEvent) {
      return "open";
    }
    if (e instanceof MessageEvent) {
      return "message";
    }
    if (e instanceof ErrorEvent) {
      return "error";
    }
    if (e instanceof CloseEvent) {
      return "close";
    }
    return String.valueOf(e);
  }
}
