package dev.ippo;

/**
 * A kind of event, typed by what its listeners receive, for
 * {@link WebSocket#addEventListener(EventType, java.util.function.Consumer)}: the browser's
 * four, {@code ws}'s ping, pong and drain, a slow-consumer policy's dropped, and a
 * reconnecting client's reconnecting.
 *
 * <p>An open, error or close event that nobody heard yet is kept for the first handler
 * registered later (it happens once, and a loopback handshake can beat the line after the
 * constructor); ping, pong, drain and dropped happen any number of times and are not kept.
 *
 * <pre>{@code
 * ws.addEventListener(EventType.MESSAGE, e -> log(e.text()));
 * }</pre>
 */
public final class EventType<E> {
  /** The opening handshake completed. */
  public static final EventType<OpenEvent> OPEN = new EventType<>("open", 0, true);
  /** A whole message arrived. */
  public static final EventType<MessageEvent> MESSAGE = new EventType<>("message", 1, false);
  /** Something went wrong; a close event follows. */
  public static final EventType<ErrorEvent> ERROR = new EventType<>("error", 2, true);
  /** The connection closed. */
  public static final EventType<CloseEvent> CLOSE = new EventType<>("close", 3, true);
  /** The peer's ping arrived; listeners receive its payload. */
  public static final EventType<byte[]> PING = new EventType<>("ping", 4, false);
  /** The peer's pong arrived; listeners receive its payload. */
  public static final EventType<byte[]> PONG = new EventType<>("pong", 5, false);
  /**
   * The send queue emptied after the peer was too slow to take everything at once;
   * listeners receive the connection.
   */
  public static final EventType<WebSocket> DRAIN = new EventType<>("drain", 6, false);
  /**
   * Messages to a slow peer were skipped by the {@link SlowConsumerPolicy#DROP} policy;
   * listeners receive how many since the last such event (one event per loop turn at most).
   */
  public static final EventType<Long> DROPPED = new EventType<>("dropped", 7, false);
  /**
   * A {@link ReconnectingWebSocket} will try again after the connection that just closed or
   * failed; a plain {@link WebSocket} never emits it.
   */
  public static final EventType<ReconnectEvent> RECONNECTING =
      new EventType<>("reconnecting", 8, false);

  private final String name;
  /** Its slot in per-connection arrays, which cost less than a map per connection. */
  final int index;
  /** Whether an event of this type that nobody heard is kept for a later handler. */
  final boolean kept;

  private EventType(String name, int index, boolean kept) {
    this.name = name;
    this.index = index;
    this.kept = kept;
  }

  /**
   * The name {@code ws} and the browser give it: "open", "message", "ping"...
   *
   * @return the name, in lower case
   */
  public String name() {
    return name;
  }

  @Override
  public String toString() {
    return name;
  }
}
