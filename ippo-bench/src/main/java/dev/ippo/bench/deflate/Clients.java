package dev.ippo.bench.deflate;

import dev.ippo.WebSocket;
import dev.ippo.WebSocketOptions;
import java.net.URI;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * Many connections of Ippo's own client to one echo server, offering permessage-deflate
 * ({@code PerMessageDeflate.DEFAULTS}) or not. Each connection can send one message and wait
 * for its echo, or keep one message in flight (each echo sends the next) while
 * {@link #echoing} is on. Every wait is bounded.
 *
 * <p>Thread safe: events arrive on the client's loop threads, the driver reads counters.
 */
final class Clients implements AutoCloseable {
  /** Handshakes in flight at once, so that none waits long enough to time out. */
  private static final int OPENING_AT_ONCE = 256;

  private final List<String> messages;
  private final List<WebSocket> open = new CopyOnWriteArrayList<>();
  private final LongAdder received = new LongAdder();
  private final AtomicLong sequence = new AtomicLong();
  private volatile boolean echoing;
  private int failed;

  private Clients(List<String> messages) {
    this.messages = messages;
  }

  /**
   * Opens {@code count} connections, at most 256 handshakes at a time, giving up on the rest
   * when {@code seconds} have passed.
   *
   * @param messages what the connections send, in turn
   */
  static Clients open(String url, int count, boolean deflate, List<String> messages,
      long seconds) throws InterruptedException {
    Clients clients = new Clients(messages);
    WebSocketOptions options = WebSocketOptions.builder().perMessageDeflate(deflate).build();
    Semaphore opening = new Semaphore(OPENING_AT_ONCE);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    for (int i = 0; i < count; i++) {
      if (!opening.tryAcquire(deadline - System.nanoTime(), TimeUnit.NANOSECONDS)) {
        break;
      }
      WebSocket ws = new WebSocket(URI.create(url), options);
      boolean[] opened = {false}; // touched on the connection's loop thread only
      ws.onOpen(e -> {
        opened[0] = true;
        clients.open.add(ws);
        opening.release();
      });
      ws.onClose(e -> {
        if (!opened[0]) {
          synchronized (clients) {
            clients.failed++;
          }
          opening.release();
        }
      });
      ws.onMessage(e -> {
        clients.received.increment();
        if (clients.echoing) {
          ws.send(clients.nextMessage());
        }
      });
    }
    // Those still opening get what is left of the time.
    opening.tryAcquire(OPENING_AT_ONCE, Math.max(0, deadline - System.nanoTime()),
        TimeUnit.NANOSECONDS);
    return clients;
  }

  int openCount() {
    return open.size();
  }

  synchronized int failedCount() {
    return failed;
  }

  /** How many of the open connections agreed on permessage-deflate with the server. */
  int deflateCount() {
    return (int) open.stream().filter(ws -> ws.extensions().startsWith("permessage-deflate"))
        .count();
  }

  /** Echoes received so far. */
  long received() {
    return received.sum();
  }

  /**
   * Sends one message on every open connection and waits up to {@code seconds} for every
   * echo; tells whether all came back.
   */
  boolean exchangeOne(long seconds) throws InterruptedException {
    long target = received() + open.size();
    for (WebSocket ws : open) {
      ws.send(nextMessage());
    }
    return awaitReceived(target, seconds);
  }

  /**
   * Turns the echo loop on (every connection sends a message, and each echo sends the next)
   * or off (the messages in flight come back, and no more go).
   */
  void echoing(boolean on) {
    echoing = on;
    if (on) {
      for (WebSocket ws : open) {
        ws.send(nextMessage());
      }
    }
  }

  private boolean awaitReceived(long target, long seconds) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    while (received() < target) {
      if (System.nanoTime() > deadline) {
        return false;
      }
      Thread.sleep(10);
    }
    return true;
  }

  private String nextMessage() {
    return messages.get((int) (sequence.getAndIncrement() % messages.size()));
  }

  /** Drops every connection at once, without the closing handshake. */
  @Override
  public void close() {
    echoing = false;
    for (WebSocket ws : open) {
      ws.terminate();
    }
  }
}
