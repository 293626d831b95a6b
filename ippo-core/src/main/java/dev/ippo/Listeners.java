package dev.ippo;

import java.lang.System.Logger.Level;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.function.Consumer;

/**
 * The handlers of one connection: one "property" handler per event type (the browser's
 * {@code onmessage = ...}) and any number of added listeners, called in that order.
 *
 * <p>A browser runs the script that creates a WebSocket to its end before any event, so
 * handlers set right after the constructor never miss one. Java has no such guarantee: a
 * loopback handshake can finish before the next line runs. So an open, error or close event
 * that nobody heard is replayed to handlers registered later, and a client keeps the
 * messages that arrive before its first message handler (within {@link #EARLY_MESSAGES}
 * messages and maxPayload bytes) and hands them over in order.
 *
 * <p>Thread safe: handlers may be registered from any thread. Events are emitted, and
 * replayed, on the connection's loop thread (the executor given). A handler that throws is
 * logged and the others still run.
 */
final class Listeners {
  private static final System.Logger LOG = System.getLogger(WebSocket.class.getName());
  static final int EARLY_MESSAGES = 1024;

  private final Executor loop;
  private final long earlyBytesLimit;
  private final Map<EventType<?>, Consumer<?>> handlers = new HashMap<>();
  private final Map<EventType<?>, List<Consumer<?>>> added = new HashMap<>();
  private final Map<EventType<?>, Object> unheard = new HashMap<>();
  /** Client only: messages kept until the first message handler comes. Loop thread. */
  private ArrayDeque<MessageEvent> early;
  private long earlyBytes;
  /** Guarded by this: whether messages still go to {@link #early}. */
  private boolean keepingEarly;

  /**
   * @param loop runs replays on the connection's loop thread
   * @param keepEarlyMessages whether to keep messages that arrive before any message handler
   */
  Listeners(Executor loop, boolean keepEarlyMessages, long earlyBytesLimit) {
    this.loop = loop;
    this.keepingEarly = keepEarlyMessages;
    this.earlyBytesLimit = earlyBytesLimit;
  }

  <E> void set(EventType<E> type, Consumer<? super E> handler) {
    synchronized (this) {
      if (handler == null) {
        handlers.remove(type);
        return;
      }
      handlers.put(type, handler);
    }
    registered(type, handler);
  }

  <E> void add(EventType<E> type, Consumer<? super E> listener) {
    synchronized (this) {
      List<Consumer<?>> list = added.computeIfAbsent(type, t -> new ArrayList<>());
      if (list.contains(listener)) {
        return;
      }
      list.add(listener);
    }
    registered(type, listener);
  }

  synchronized <E> void remove(EventType<E> type, Consumer<? super E> listener) {
    List<Consumer<?>> list = added.get(type);
    if (list != null) {
      list.remove(listener);
    }
  }

  /** Whether anyone would get a message now (else building it can be skipped). */
  synchronized boolean wantsMessages() {
    return keepingEarly || !listenersOf(EventType.MESSAGE).isEmpty();
  }

  /** Delivers {@code event} to everyone registered for {@code type}. Loop thread. */
  <E> void emit(EventType<E> type, E event) {
    List<Consumer<?>> targets;
    synchronized (this) {
      if (type == EventType.MESSAGE && keepingEarly) {
        keepEarly((MessageEvent) event);
        return;
      }
      targets = listenersOf(type);
      if (targets.isEmpty() && type != EventType.MESSAGE) {
        unheard.put(type, event);
      }
    }
    deliver(targets, type, event);
  }

  @SuppressWarnings("unchecked")
  private <E> void registered(EventType<E> type, Consumer<? super E> handler) {
    Object missed;
    boolean startFlushing = false;
    synchronized (this) {
      missed = unheard.get(type);
      if (type == EventType.MESSAGE && keepingEarly && early != null) {
        startFlushing = true;
      } else if (type == EventType.MESSAGE) {
        keepingEarly = false;
      }
    }
    if (missed != null) {
      loop.execute(() -> call(handler, type, (E) missed));
    }
    if (startFlushing) {
      loop.execute(this::flushEarly);
    }
  }

  private void keepEarly(MessageEvent event) {
    if (early == null) {
      early = new ArrayDeque<>();
    }
    long size = event.isText() ? event.text().length() : event.bytes().length;
    if (early.size() >= EARLY_MESSAGES || earlyBytes + size > earlyBytesLimit) {
      LOG.log(Level.WARNING, "no message handler yet on " + event.target()
          + "; dropping a message beyond the " + early.size() + " kept");
      return;
    }
    earlyBytes += size;
    early.add(event);
  }

  /** Hands the kept messages over, then lets new ones through. Loop thread. */
  private void flushEarly() {
    while (true) {
      MessageEvent next;
      List<Consumer<?>> targets;
      synchronized (this) {
        next = early == null ? null : early.poll();
        if (next == null) {
          keepingEarly = false;
          early = null;
          return;
        }
        targets = listenersOf(EventType.MESSAGE);
      }
      deliver(targets, EventType.MESSAGE, next);
    }
  }

  private List<Consumer<?>> listenersOf(EventType<?> type) {
    List<Consumer<?>> targets = new ArrayList<>(2);
    Consumer<?> handler = handlers.get(type);
    if (handler != null) {
      targets.add(handler);
    }
    List<Consumer<?>> list = added.get(type);
    if (list != null) {
      targets.addAll(list);
    }
    return targets;
  }

  @SuppressWarnings("unchecked")
  private static <E> void deliver(List<Consumer<?>> targets, EventType<E> type, E event) {
    for (Consumer<?> target : targets) {
      call((Consumer<E>) target, type, event);
    }
  }

  static <T> void call(Consumer<T> handler, Object what, T value) {
    try {
      handler.accept(value);
    } catch (RuntimeException | Error e) {
      // The application's bug must not take the connection's event loop down with it.
      LOG.log(Level.WARNING, "a " + what + " handler threw", e);
    }
  }
}
