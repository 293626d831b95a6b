package dev.ippo;

import dev.ippo.internal.fault.Fatal;
import dev.ippo.internal.fault.SafeLogger;
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
  private static final System.Logger LOG = SafeLogger.get(WebSocket.class.getName());
  static final int EARLY_MESSAGES = 1024;
  private static final Consumer<?>[] NONE = new Consumer<?>[0];
  private static final Consumer<?>[][] NOBODY = new Consumer<?>[0][];

  private final Executor loop;
  private final long earlyBytesLimit;
  /**
   * Who hears each type: the property handler first, if the type has one, then the added
   * listeners in order. Replaced whole under the lock, read without it. Only as long as the
   * highest type anyone hears (a server's connection hears message and close, not the rarer
   * types at the end), read through {@link #of}.
   */
  private volatile Consumer<?>[][] targets = NOBODY;
  /** Guarded by this: bit {@code index} set when that type's targets begin with a handler. */
  private int withHandler;
  /**
   * Guarded by this: the last event of each type that nobody heard, as long as the highest
   * such type; null until one.
   */
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
      if (handler == null && handlerSlots(type) == 0) {
        return;
      }
      Consumer<?>[] added = added(type);
      Consumer<?>[] all = added;
      if (handler != null) {
        all = new Consumer<?>[added.length + 1];
        all[0] = handler;
        System.arraycopy(added, 0, all, 1, added.length);
        withHandler |= 1 << type.index;
      } else {
        withHandler &= ~(1 << type.index);
      }
      retarget(type, all);
    }
    if (handler != null) {
      registered(type, handler);
    }
  }

  <E> void add(EventType<E> type, Consumer<? super E> listener) {
    synchronized (this) {
      if (Arrays.asList(added(type)).contains(listener)) {
        return;
      }
      Consumer<?>[] all = of(targets, type.index);
      all = Arrays.copyOf(all, all.length + 1);
      all[all.length - 1] = listener;
      retarget(type, all);
    }
    registered(type, listener);
  }

  synchronized <E> void remove(EventType<E> type, Consumer<? super E> listener) {
    Consumer<?>[] all = of(targets, type.index);
    int first = handlerSlots(type);
    int at = Arrays.asList(all).subList(first, all.length).indexOf(listener);
    if (at >= 0) {
      at += first;
      Consumer<?>[] shorter = new Consumer<?>[all.length - 1];
      System.arraycopy(all, 0, shorter, 0, at);
      System.arraycopy(all, at + 1, shorter, at, all.length - at - 1);
      retarget(type, shorter);
    }
  }

  /** 1 if the targets of {@code type} begin with its handler, else 0. Under the lock. */
  private int handlerSlots(EventType<?> type) {
    return withHandler >>> type.index & 1;
  }

  /** The added listeners of {@code type}: its targets without the handler. Under the lock. */
  private Consumer<?>[] added(EventType<?> type) {
    Consumer<?>[] all = of(targets, type.index);
    return handlerSlots(type) == 0 ? all : Arrays.copyOfRange(all, 1, all.length);
  }

  /** Who in {@code targets} hears the type of {@code index}. */
  private static Consumer<?>[] of(Consumer<?>[][] targets, int index) {
    return index < targets.length ? targets[index] : NONE;
  }

  /** Publishes who hears {@code type} now. Under the lock. */
  private void retarget(EventType<?> type, Consumer<?>[] all) {
    int length = Math.max(targets.length, type.index + 1);
    Consumer<?>[][] next = Arrays.copyOf(targets, length);
    Arrays.fill(next, targets.length, length, NONE);
    next[type.index] = all.length == 0 ? NONE : all;
    targets = next;
  }

  /** Whether anyone hears {@code type} now (else building its event can be skipped). */
  boolean hears(EventType<?> type) {
    return of(targets, type.index).length > 0;
  }

  /** Whether anyone would get a message now (else building it can be skipped). */
  boolean wantsMessages() {
    return keepingEarly || of(targets, EventType.MESSAGE.index).length > 0;
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
    Consumer<?>[] to = of(targets, type.index);
    if (to.length == 0 && type.kept) {
      // Checked again under the lock that registration takes: a handler registered now
      // either is among the targets or finds the event kept for it.
      synchronized (this) {
        to = of(targets, type.index);
        if (to.length == 0) {
          if (unheard == null || unheard.length <= type.index) {
            // As long as the highest kept type met: the kept ones come first.
            unheard = Arrays.copyOf(unheard == null ? new Object[0] : unheard, type.index + 1);
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
      missed = unheard == null || type.index >= unheard.length ? null : unheard[type.index];
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
      deliver(of(targets, EventType.MESSAGE.index), EventType.MESSAGE, next);
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
    } catch (Throwable t) {
      // The application's bug must not take the connection's event loop down with it.
      Fatal.rethrowIfFatal(t);
      LOG.log(Level.WARNING, "a " + what + " handler threw", t);
    }
  }
}
