package dev.ippo.internal.engine;

import java.nio.ByteBuffer;

import dev.ippo.ProtocolError;

/**
 * What a {@link Connection} tells the API object over it (the {@code WebSocket} facade),
 * which turns it into the user's events.
 *
 * <p>Always called on the connection's loop thread, one call at a time, in order.
 * {@link #onClose} comes once, last; {@link #onError}, when it comes, just before it.
 */
public interface ConnectionEvents {
  /** The opening handshake is done: the connection is OPEN. */
  void onOpen();

  /** Whether anyone would take a message now; when not, the engine builds none. */
  boolean wantsMessages();

  /** A whole text message. */
  void onText(String text);

  /** A whole binary message, in an array that is the receiver's own. */
  void onBinary(byte[] data);

  /**
   * The peer's ping (already answered when autoPong is on); its payload is valid during the
   * call only, so that a flood of pings nobody listens to costs no copies.
   */
  void onPing(ByteBuffer payload);

  /** The peer's pong; its payload is valid during the call only. */
  void onPong(ByteBuffer payload);

  /** The send queue emptied after the peer had been too slow to take it all at once. */
  void onDrain();

  /** {@code count} messages to the slow peer were skipped since the last report. */
  void onDropped(long count);

  /** Something went wrong; {@code error} is set for a protocol violation by the peer. */
  void onError(String message, ProtocolError error, Throwable cause);

  /** The connection is CLOSED. */
  void onClose(int code, String reason, boolean wasClean);
}
