package dev.ippo;

/**
 * A kind of event, typed by what its listeners receive, for
 * {@link WebSocket#addEventListener(EventType, java.util.function.Consumer)}.
 *
 * <pre>{@code
 * ws.addEventListener(EventType.MESSAGE, e -> log(e.text()));
 * }</pre>
 */
public final class EventType<E> {
  public static final EventType<OpenEvent> OPEN = new EventType<>("open");
  public static final EventType<MessageEvent> MESSAGE = new EventType<>("message");
  public static final EventType<ErrorEvent> ERROR = new EventType<>("error");
  public static final EventType<CloseEvent> CLOSE = new EventType<>("close");

  private final String name;

  private EventType(String name) {
    this.name = name;
  }

  /** The browser's name for it: "open", "message", "error", "close". */
  public String name() {
    return name;
  }

  @Override
  public String toString() {
    return name;
  }
}
