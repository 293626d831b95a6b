package dev.ippo;

/** The state of a connection, as the browser's {@code WebSocket.readyState} names it. */
public enum ReadyState {
  /** The opening handshake is under way. */
  CONNECTING(0),
  /** Messages flow both ways. */
  OPEN(1),
  /** A close frame was sent or received; waiting for the other. */
  CLOSING(2),
  /** The connection is gone. */
  CLOSED(3);

  private final int value;

  ReadyState(int value) {
    this.value = value;
  }

  /**
   * The browser's number for this state: 0 to 3.
   *
   * @return 0 for CONNECTING, 1 for OPEN, 2 for CLOSING, 3 for CLOSED
   */
  public int value() {
    return value;
  }
}
