package dev.ippo.cli;

import dev.ippo.WebSocketServer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A server a command started: its port and URL, a way to stop it and to wait until it is
 * stopped. Tests hold one to drive a command in-process.
 *
 * <p>Thread safe.
 */
final class RunningServer implements AutoCloseable {
  private final WebSocketServer server;
  private final String url;
  private final Duration grace;
  private final List<AutoCloseable> after;
  private final CountDownLatch closed = new CountDownLatch(1);

  /**
   * @param grace how long clients have to answer the server's close frame at the end
   * @param after what the command set up beside the server, closed after it in this order
   */
  RunningServer(WebSocketServer server, String url, Duration grace, List<AutoCloseable> after) {
    this.server = server;
    this.url = url;
    this.grace = grace;
    this.after = List.copyOf(after);
  }

  /** The bound port (the real one when 0 was asked for). */
  int port() {
    return server.port();
  }

  /** The URL printed in the listening line. */
  String url() {
    return url;
  }

  /**
   * Closes the server with its drain (clients get 1001 and the grace period to answer) and
   * releases {@link #awaitClose()}; idempotent.
   */
  @Override
  public void close() {
    try {
      server.close(grace);
      closeAll(after);
    } finally {
      closed.countDown();
    }
  }

  /** Closes each in turn; one that fails does not keep the others open. */
  static void closeAll(List<AutoCloseable> resources) {
    for (AutoCloseable r : resources) {
      try {
        r.close();
      } catch (Exception e) {
        System.getLogger(RunningServer.class.getName())
            .log(System.Logger.Level.WARNING, "closing " + r + " failed", e);
      }
    }
  }

  /** Blocks until {@link #close()} has finished. */
  void awaitClose() throws InterruptedException {
    closed.await();
  }

  /** Blocks until {@link #close()} has finished or the time is up; tells which. */
  boolean awaitClose(long timeout, TimeUnit unit) throws InterruptedException {
    return closed.await(timeout, unit);
  }
}
