package dev.ippo;

import dev.ippo.internal.codec.FrameWriter;
import dev.ippo.internal.codec.HandshakeException;
import dev.ippo.internal.codec.RetryAfter;
import dev.ippo.internal.codec.WebSocketProtocol;
import dev.ippo.internal.engine.TrafficCounters;
import dev.ippo.internal.transport.Cancellable;
import dev.ippo.internal.transport.Loop;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Objects;
import java.util.function.DoubleSupplier;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * What a {@link ReconnectingWebSocket} does under its API: one connection at a time, the
 * decision after each one ends, the wait before the next, the retry count, and the messages
 * kept meanwhile. Each connection's events are passed on to the user's handlers.
 *
 * <p>Thread safety: every method may be called from any thread; the state below is guarded
 * by this. Every connection and every retry timer run on one loop, so the user's events
 * come one at a time, in order, on that thread; they are emitted without the lock held, and
 * the next attempt is scheduled only once the events that announce it are delivered.
 */
final class Reconnection {
  /** The HTTP statuses whose Retry-After asks a client to come back later (RFC 9110, 6585). */
  private static final int SERVICE_UNAVAILABLE = 503;
  private static final int TOO_MANY_REQUESTS = 429;

  private final ReconnectingWebSocket owner;
  private final Supplier<URI> urls;
  private final Function<URI, WebSocket> dial;
  private final Loop loop;
  private final DoubleSupplier random;
  private final ReconnectOptions options;
  final Listeners listeners;
  private volatile BinaryType binaryType = BinaryType.BYTES;

  // ---- guarded by this ----
  /** The connection of the moment, or the last one; null before the first. */
  private WebSocket current;
  /** What the connections before {@code current} sent and received. */
  private TrafficStats before = TrafficCounters.sum();
  private boolean closedByUser;
  /** No attempt follows: closed by the user, or the last connection was not worth retrying. */
  private boolean over;
  /** The next attempt, while waiting for it. */
  private Cancellable retry;
  /** Attempts since the last connection that stayed open minUptime: the retry count. */
  private int retries;
  /** What {@link #openedAt} holds while no connection is open (the clock may be negative). */
  private static final long NOT_OPEN = Long.MIN_VALUE;
  /** When the current connection opened, on the loop's clock in nanoseconds; or NOT_OPEN. */
  private long openedAt = NOT_OPEN;
  /** Messages sent while disconnected: String or byte[], oldest first. */
  private final ArrayDeque<Object> queue = new ArrayDeque<>();
  private long queuedBytes;

  /**
   * @param dial opens a client connection to a URL on {@code loop}
   * @param random numbers in [0, 1) for the jitter
   */
  Reconnection(ReconnectingWebSocket owner, Supplier<URI> urls, Function<URI, WebSocket> dial,
      Loop loop, DoubleSupplier random, ReconnectOptions options, long maxPayload) {
    this.owner = owner;
    this.urls = Objects.requireNonNull(urls, "urls");
    this.dial = dial;
    this.loop = loop;
    this.random = random;
    this.options = Objects.requireNonNull(options, "options");
    this.listeners = new Listeners(loop, true, maxPayload);
  }

  /** The first attempt; what the URL supplier or the connection's constructor throws goes up. */
  void start() {
    connect(dial.apply(urls.get()));
  }

  /** A retry, on the loop thread when its timer fires. */
  private void retry() {
    synchronized (this) {
      retry = null;
      if (over) {
        return;
      }
    }
    WebSocket ws;
    try {
      ws = dial.apply(urls.get());
    } catch (RuntimeException e) {
      // A supplier that fetches a fresh token may fail for a while: count it as a failed
      // attempt, which the back-off retries. Its events are a failed connect's, with no target.
      listeners.emit(EventType.ERROR, new ErrorEvent(null,
          "cannot make the next attempt: " + e.getMessage(), null, e));
      ended(new CloseEvent(null, CloseCode.ABNORMAL, "", false), e);
      return;
    }
    connect(ws);
  }

  private void connect(WebSocket ws) {
    synchronized (this) {
      if (over) {
        // closed by the user while the URL was fetched: nobody wants this one's events
        ws.terminate();
        return;
      }
      if (current != null) {
        before = TrafficCounters.sum(before, current.traffic());
      }
      current = ws;
    }
    ws.binaryType(binaryType);
    new Forwarding(ws).attach();
  }

  /** One connection's events, passed on; its handlers run on the loop thread. */
  private final class Forwarding {
    private final WebSocket ws;
    /** Why the attempt failed, when it did: a 503 carries its Retry-After. Loop thread. */
    private Throwable failure;

    Forwarding(WebSocket ws) {
      this.ws = ws;
    }

    /** In the order events happen, so the replays of ones missed so far keep that order. */
    void attach() {
      ws.onOpen(this::opened);
      ws.onMessage(e -> listeners.emit(EventType.MESSAGE, e));
      ws.onPing(payload -> listeners.emit(EventType.PING, payload));
      ws.onPong(payload -> listeners.emit(EventType.PONG, payload));
      ws.onDrain(() -> listeners.emit(EventType.DRAIN, ws));
      ws.onError(e -> {
        failure = e.cause();
        listeners.emit(EventType.ERROR, e);
      });
      ws.onClose(e -> ended(e, failure));
    }

    private void opened(OpenEvent e) {
      synchronized (Reconnection.this) {
        openedAt = loop.nowNanos();
        // Before the open event, so that what the handler sends goes after them.
        for (Object message; (message = queue.poll()) != null; ) {
          if (message instanceof String text) {
            ws.send(text);
          } else {
            ws.send((byte[]) message);
          }
        }
        queuedBytes = 0;
      }
      listeners.emit(EventType.OPEN, e);
    }
  }

  /**
   * A connection closed, or an attempt could not even start: decides whether another
   * follows and when, tells the user, then schedules it.
   */
  private void ended(CloseEvent closed, Throwable failure) {
    ReconnectEvent next = null;
    synchronized (this) {
      resetIfStayedUp();
      openedAt = NOT_OPEN;
      if (closedByUser || meantToEnd(closed)
          || retries >= options.maxRetries()) {
        over = true;
        dropQueue();
      } else {
        retries++;
        next = new ReconnectEvent(owner, retries, Duration.ofMillis(delayMillis(failure)));
      }
    }
    listeners.emit(EventType.CLOSE, closed);
    if (next != null) {
      listeners.emit(EventType.RECONNECTING, next);
      synchronized (this) {
        if (!over) { // unless the user closed it from a handler
          retry = loop.schedule(this::retry, next.delay().toMillis());
        }
      }
    }
  }

  /**
   * Whether the server ended the session on purpose: a clean close with 1000 (normal) or
   * without a code. Coming back would undo its decision. Any other end (a drop, 1001 going
   * away, 1011, 1012 service restart, 1013 try again later, an application's 4000s) is
   * retried.
   */
  private static boolean meantToEnd(CloseEvent e) {
    return e.wasClean() && (e.code() == CloseCode.NORMAL || e.code() == CloseCode.NO_STATUS);
  }

  /** The back-off for the next retry, or the server's Retry-After if longer. Under the lock. */
  private long delayMillis(Throwable failure) {
    long delay = options.backoff().delayMillis(retries, random.getAsDouble());
    if (failure instanceof HandshakeException refused
        && (refused.status() == SERVICE_UNAVAILABLE || refused.status() == TOO_MANY_REQUESTS)) {
      long asked = RetryAfter.millis(refused.headers().get("Retry-After"), Instant.now());
      delay = Math.max(delay, Math.min(asked, options.maxRetryAfter().toMillis()));
    }
    return delay;
  }

  private void dropQueue() {
    queue.clear();
    queuedBytes = 0;
  }

  // ---- the API's calls (any thread) ----

  void close(int code, String reason, boolean abruptly) {
    FrameWriter.closePayload(code, reason); // WebSocket.close's checks, even with no connection
    WebSocket ws;
    synchronized (this) {
      closedByUser = true;
      over = current == null || current.readyState() == ReadyState.CLOSED;
      if (retry != null) {
        retry.cancel();
        retry = null;
        over = true;
      }
      dropQueue();
      ws = current;
    }
    if (ws != null) {
      if (abruptly) {
        ws.terminate();
      } else {
        ws.close(code, reason);
      }
    }
  }

  SendResult send(String text) {
    return send(text, ws -> ws.send(text));
  }

  SendResult send(ByteBuffer data) {
    return send(data, ws -> ws.send(data));
  }

  /**
   * Sends at once on an open connection with nothing queued before, else queues a copy
   * while the options allow.
   */
  private synchronized SendResult send(Object message, Function<WebSocket, SendResult> now) {
    if (closedByUser || over) {
      return SendResult.NOT_OPEN;
    }
    if (current != null && current.readyState() == ReadyState.OPEN && queue.isEmpty()) {
      return now.apply(current);
    }
    int limit = options.maxEnqueuedMessages();
    if (limit == 0) {
      return SendResult.NOT_OPEN;
    }
    if (queue.size() >= limit) {
      return SendResult.DROPPED;
    }
    if (message instanceof String text) {
      queue.add(text);
      queuedBytes += text.getBytes(StandardCharsets.UTF_8).length;
    } else {
      byte[] data = copy((ByteBuffer) message);
      queue.add(data);
      queuedBytes += data.length;
    }
    return SendResult.QUEUED;
  }

  private static byte[] copy(ByteBuffer data) {
    byte[] bytes = new byte[data.remaining()];
    data.get(data.position(), bytes);
    return bytes;
  }

  /** Sends a ping or pong on an open connection; false when there is none. */
  boolean control(int opcode, byte[] payload) {
    if (payload.length > WebSocketProtocol.PAYLOAD_BYTE_MAX) {
      throw new IllegalArgumentException(
          "a control frame carries at most 125 bytes, not " + payload.length);
    }
    WebSocket ws;
    synchronized (this) {
      ws = current;
      if (ws == null || ws.readyState() != ReadyState.OPEN) {
        return false;
      }
    }
    if (opcode == WebSocketProtocol.OPCODE_PING) {
      ws.ping(payload);
    } else {
      ws.pong(payload);
    }
    return true;
  }

  synchronized ReadyState readyState() {
    if (over) {
      return ReadyState.CLOSED;
    }
    ReadyState now = current == null ? ReadyState.CONNECTING : current.readyState();
    if (closedByUser) {
      // As the browser's close() during CONNECTING: closing at once, whatever the attempt.
      return now == ReadyState.CLOSED ? ReadyState.CLOSED : ReadyState.CLOSING;
    }
    // Between connections, about to retry: the decision is made before the close event.
    return now == ReadyState.CLOSED ? ReadyState.CONNECTING : now;
  }

  synchronized TrafficStats traffic() {
    return current == null ? before : TrafficCounters.sum(before, current.traffic());
  }

  synchronized WebSocket current() {
    return current;
  }

  synchronized int retryCount() {
    resetIfStayedUp();
    return retries;
  }

  /** A connection open for minUptime ends the run of failures. Under the lock. */
  private void resetIfStayedUp() {
    if (openedAt != NOT_OPEN && loop.nowNanos() - openedAt >= options.minUptime().toNanos()) {
      retries = 0;
    }
  }

  synchronized long bufferedAmount() {
    return (current == null ? 0 : current.bufferedAmount()) + queuedBytes;
  }

  BinaryType binaryType() {
    return binaryType;
  }

  void binaryType(BinaryType type) {
    binaryType = Objects.requireNonNull(type);
    WebSocket ws = current();
    if (ws != null) {
      ws.binaryType(type);
    }
  }
}
