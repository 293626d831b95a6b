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
  public static final EventType<OpenEvent> OPEN = new EventType<>("open", 0);
  public static final EventType<MessageEvent> MESSAGE = new EventType<>("message", 1);
  public static final EventType<ErrorEvent> ERROR = new EventType<>("error", 2);
  public static final EventType<CloseEvent> CLOSE = new EventType<>("close", 3);
  /** How many types there are: {@link #index} runs from 0 to COUNT - 1. */
  static final int COUNT = 4;

  private final String name;
  /** Its slot in per-connection arrays, which cost less than a map per connection. */
  final int index;

  private EventType(String name, int index) {
    this.name = name;
    this.index = index;
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
