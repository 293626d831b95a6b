package dev.ippo;

import java.lang.System.Logger.Level;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * The handlers of one connection: one "property" handler per event type (the browser's
 * {@code onmessage = ...}) and any number of added listeners, called in that order.
 *
 * <p>Thread safe: handlers may be set from any thread; {@link #emit} runs on the
 * connection's loop thread. A handler that throws is logged and the others still run.
 */
final class Listeners {
  private static final System.Logger LOG = System.getLogger(WebSocket.class.getName());

  private final Map<EventType<?>, Consumer<?>> handlers = new ConcurrentHashMap<>();
  private final Map<EventType<?>, List<Consumer<?>>> added = new ConcurrentHashMap<>();

  <E> void set(EventType<E> type, Consumer<? super E> handler) {
    if (handler == null) {
      handlers.remove(type);
    } else {
      handlers.put(type, handler);
    }
  }

  <E> void add(EventType<E> type, Consumer<? super E> listener) {
    List<Consumer<?>> list = added.computeIfAbsent(type, t -> new CopyOnWriteArrayList<>());
    if (!list.contains(listener)) {
      list.add(listener);
    }
  }

  <E> void remove(EventType<E> type, Consumer<? super E> listener) {
    List<Consumer<?>> list = added.get(type);
    if (list != null) {
      list.remove(listener);
    }
  }

  /** Whether anyone listens to {@code type}: lets the caller skip building the event. */
  boolean has(EventType<?> type) {
    if (handlers.containsKey(type)) {
      return true;
    }
    List<Consumer<?>> list = added.get(type);
    return list != null && !list.isEmpty();
  }

  @SuppressWarnings("unchecked")
  <E> void emit(EventType<E> type, E event) {
    Consumer<?> handler = handlers.get(type);
    if (handler != null) {
      call((Consumer<E>) handler, type, event);
    }
    List<Consumer<?>> list = added.get(type);
    if (list != null) {
      for (Consumer<?> listener : list) {
        call((Consumer<E>) listener, type, event);
      }
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
