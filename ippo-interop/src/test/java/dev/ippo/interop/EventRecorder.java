package dev.ippo.interop;

import dev.ippo.CloseEvent;
import dev.ippo.ErrorEvent;
import dev.ippo.MessageEvent;
import dev.ippo.ReadyState;
import dev.ippo.WebSocket;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Records every event of one Ippo {@link WebSocket}, and the ready state seen inside the
 * open and close handlers, for a test thread to wait on.
 *
 * <p>Thread safe: filled on the connection's loop thread, read by the test thread.
 */
final class EventRecorder {
  private final CompletableFuture<ReadyState> opened = new CompletableFuture<>();
  private final CompletableFuture<CloseEvent> closed = new CompletableFuture<>();
  private final BlockingQueue<MessageEvent> messages = new LinkedBlockingQueue<>();
  private final BlockingQueue<byte[]> pings = new LinkedBlockingQueue<>();
  private final BlockingQueue<byte[]> pongs = new LinkedBlockingQueue<>();
  private final BlockingQueue<ErrorEvent> errors = new LinkedBlockingQueue<>();
  private volatile ReadyState stateInClose;
  private volatile int closeEvents;

  private EventRecorder() {}

  /** Sets every handler of {@code ws}; call it right after the constructor. */
  static EventRecorder attach(WebSocket ws) {
    EventRecorder r = new EventRecorder();
    ws.onOpen(e -> r.opened.complete(ws.readyState()));
    ws.onMessage(r.messages::add);
    ws.onPing(r.pings::add);
    ws.onPong(r.pongs::add);
    ws.onError(r.errors::add);
    ws.onClose(e -> {
      r.stateInClose = ws.readyState();
      r.closeEvents++;
      r.closed.complete(e);
    });
    return r;
  }

  /** Waits for the open event and returns the ready state seen in its handler. */
  ReadyState awaitOpen(long seconds) throws InterruptedException {
    return await(opened, seconds, "the open event");
  }

  MessageEvent nextMessage(long seconds) throws InterruptedException {
    return poll(messages, seconds, "a message");
  }

  byte[] nextPing(long seconds) throws InterruptedException {
    return poll(pings, seconds, "a ping");
  }

  byte[] nextPong(long seconds) throws InterruptedException {
    return poll(pongs, seconds, "a pong");
  }

  CloseEvent awaitClose(long seconds) throws InterruptedException {
    return await(closed, seconds, "the close event");
  }

  /** The ready state seen inside the close handler; null before it ran. */
  ReadyState stateInClose() {
    return stateInClose;
  }

  /** How many close events came; the browser's contract is one. */
  int closeEvents() {
    return closeEvents;
  }

  /** The error events so far, without waiting. */
  int errorCount() {
    return errors.size();
  }

  private static <T> T await(CompletableFuture<T> future, long seconds, String what)
      throws InterruptedException {
    try {
      return future.get(seconds, TimeUnit.SECONDS);
    } catch (TimeoutException e) {
      throw new AssertionError("no " + what + " within " + seconds + " s");
    } catch (ExecutionException e) {
      throw new AssertionError(what + " failed", e.getCause());
    }
  }

  private static <T> T poll(BlockingQueue<T> queue, long seconds, String what)
      throws InterruptedException {
    T item = queue.poll(seconds, TimeUnit.SECONDS);
    if (item == null) {
      throw new AssertionError("no " + what + " within " + seconds + " s");
    }
    return item;
  }
}
