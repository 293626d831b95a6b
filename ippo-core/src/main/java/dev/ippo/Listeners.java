package dev.ippo;

import java.lang.System.Logger.Level;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.concurrent.Executor;
import java.util.function.Consumer;

/**
 * The handlers of one connection: one "property" handler per event type (the browser's
 * {@code onmessage = ...}) and any number of added listeners, called in that order.
 *
 * <p>A browser runs the script that creates a WebSocket to its end before any event, so
 * handlers set right after the constructor never miss one. Java has no such guarantee: a
 * loopback handshake can finish before the next line runs. So an event of a kept type
 * ({@link EventType#kept}: open, error, close) that nobody heard is replayed to handlers
 * registered later, and a client keeps the
 * messages that arrive before its first message handler (within {@link #EARLY_MESSAGES}
 * messages and maxPayload bytes) and hands them over in order.
 *
 * <p>Who hears what is kept in small arrays indexed by {@link EventType#index}, made on
 * first use, rather than maps: a server holds one of these per idle connection.
 *
 * <p>Thread safe: handlers may be registered from any thread. Events are emitted, and
 * replayed, on the connection's loop thread (the executor given). A handler that throws is
 * logged and the others still run.
 */
final class Listeners {
  private static final System.Logger LOG = System.getLogger(WebSocket.class.getName());
  static final int EARLY_MESSAGES = 1024;
  private static final Consumer<?>[] NONE = new Consumer<?>[0];
  private static final Consumer<?>[][] NOBODY = new Consumer<?>[EventType.COUNT][];

  static {
    Arrays.fill(NOBODY, NONE);
  }

  private final Executor loop;
  private final long earlyBytesLimit;
  /** Who hears each type, handler first: replaced whole under the lock, read without it. */
  private volatile Consumer<?>[][] targets = NOBODY;
  /** Guarded by this: the property handler of each type; null until one is set. */
  private Consumer<?>[] handlers;
  /** Guarded by this: the added listeners of each type; null until one is added. */
  private Consumer<?>[][] added;
  /** Guarded by this: the last event of each type that nobody heard; null until one. */
  private Object[] unheard;
  /** Client only: messages kept until the first message handler comes. Loop thread. */
  private ArrayDeque<MessageEvent> early;
  private long earlyBytes;
  /** Written under the lock: whether messages still go to {@link #early}. */
  private volatile boolean keepingEarly;

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
      if (handlers == null) {
        if (handler == null) {
          return;
        }
        handlers = new Consumer<?>[EventType.COUNT];
      }
      handlers[type.index] = handler;
      retarget(type);
    }
    if (handler != null) {
      registered(type, handler);
    }
  }

  <E> void add(EventType<E> type, Consumer<? super E> listener) {
    synchronized (this) {
      if (added == null) {
        added = new Consumer<?>[EventType.COUNT][];
        Arrays.fill(added, NONE);
      }
      Consumer<?>[] list = added[type.index];
      if (Arrays.asList(list).contains(listener)) {
        return;
      }
      list = Arrays.copyOf(list, list.length + 1);
      list[list.length - 1] = listener;
      added[type.index] = list;
      retarget(type);
    }
    registered(type, listener);
  }

  synchronized <E> void remove(EventType<E> type, Consumer<? super E> listener) {
    if (added == null) {
      return;
    }
    Consumer<?>[] list = added[type.index];
    int at = Arrays.asList(list).indexOf(listener);
    if (at >= 0) {
      Consumer<?>[] shorter = new Consumer<?>[list.length - 1];
      System.arraycopy(list, 0, shorter, 0, at);
      System.arraycopy(list, at + 1, shorter, at, list.length - at - 1);
      added[type.index] = shorter;
      retarget(type);
    }
  }

  /** Rebuilds who hears {@code type} after a change. Under the lock. */
  private void retarget(EventType<?> type) {
    Consumer<?> handler = handlers == null ? null : handlers[type.index];
    Consumer<?>[] list = added == null ? NONE : added[type.index];
    Consumer<?>[] all = new Consumer<?>[(handler == null ? 0 : 1) + list.length];
    if (handler != null) {
      all[0] = handler;
    }
    System.arraycopy(list, 0, all, all.length - list.length, list.length);
    Consumer<?>[][] next = targets.clone();
    next[type.index] = all;
    targets = next;
  }

  /** Whether anyone would get a message now (else building it can be skipped). */
  boolean wantsMessages() {
    return keepingEarly || targets[EventType.MESSAGE.index].length > 0;
  }

  /** Delivers {@code event} to everyone registered for {@code type}. Loop thread. */
  <E> void emit(EventType<E> type, E event) {
    if (type == EventType.MESSAGE && keepingEarly) {
      synchronized (this) {
        if (keepingEarly) {
          keepEarly((MessageEvent) event);
          return;
        }
      }
    }
    Consumer<?>[] to = targets[type.index];
    if (to.length == 0 && type.kept) {
      // Checked again under the lock that registration takes: a handler registered now
      // either is among the targets or finds the event kept for it.
      synchronized (this) {
        to = targets[type.index];
        if (to.length == 0) {
          if (unheard == null) {
            unheard = new Object[EventType.COUNT];
          }
          unheard[type.index] = event;
          return;
        }
      }
    }
    deliver(to, type, event);
  }

  @SuppressWarnings("unchecked")
  private <E> void registered(EventType<E> type, Consumer<? super E> handler) {
    Object missed;
    boolean startFlushing = false;
    synchronized (this) {
      missed = unheard == null ? null : unheard[type.index];
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
      synchronized (this) {
        next = early == null ? null : early.poll();
        if (next == null) {
          keepingEarly = false;
          early = null;
          return;
        }
      }
      deliver(targets[EventType.MESSAGE.index], EventType.MESSAGE, next);
    }
  }

  @SuppressWarnings("unchecked")
  private static <E> void deliver(Consumer<?>[] targets, EventType<?> type, E event) {
    for (Consumer<?> target : targets) {
      call((Consumer<E>) target, type, event);
    }
  }

  private static <T> void call(Consumer<T> handler, Object what, T value) {
    try {
      handler.accept(value);
    } catch (RuntimeException | Error e) {
      // The application's bug must not take the connection's event loop down with it.
      LOG.log(Level.WARNING, "a " + what + " handler threw", e);
    }
  }
}
