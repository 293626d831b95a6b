package dev.ippo.internal.engine;

import dev.ippo.ReadyState;
import dev.ippo.internal.codec.FrameReader;
import dev.ippo.internal.codec.ProtocolException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * Where a {@link Connection}'s frame reader reports: whole messages become text or bytes
 * for the events, pings are answered, the peer's close and its violations go back to the
 * connection's state machine. Nothing reaches the events once the connection is CLOSED, nor
 * a message unless it is OPEN.
 *
 * <p>Loop thread only, as the reader that calls it.
 */
final class FrameSink implements FrameReader.Sink {
  private final Connection connection;
  private final ConnectionEvents events;

  FrameSink(Connection connection, ConnectionEvents events) {
    this.connection = connection;
    this.events = events;
  }

  /**
   * Whether a message goes to the events; a pong owed for a ping read before it goes out
   * first either way, so what the application answers comes after it.
   */
  private boolean delivers() {
    connection.answerLatestPing();
    return connection.readyState() == ReadyState.OPEN && events.wantsMessages();
  }

  @Override
  public void onMessage(ByteBuffer payload, boolean text) {
    connection.received(payload.remaining());
    if (!delivers()) {
      return;
    }
    if (text) {
      events.onText(utf8(payload));
    } else {
      events.onBinary(copy(payload));
    }
  }

  /** A message in an array of its own (gathered by the reader, or inflated): no copy. */
  @Override
  public void onOwnMessage(byte[] payload, boolean text) {
    connection.received(payload.length);
    if (!delivers()) {
      return;
    }
    if (text) {
      events.onText(new String(payload, StandardCharsets.UTF_8));
    } else {
      events.onBinary(payload);
    }
  }

  @Override
  public void onPing(ByteBuffer payload) {
    ReadyState state = connection.readyState();
    if (state == ReadyState.CLOSED) {
      return;
    }
    if (connection.settings().autoPong() && state == ReadyState.OPEN) {
      // In order with the messages queued before it, as ws answers: a peer may send a
      // ping after its messages to learn that their replies have all come.
      connection.autoPong(payload);
    }
    events.onPing(payload);
  }

  @Override
  public void onPong(ByteBuffer payload) {
    if (connection.readyState() != ReadyState.CLOSED) {
      connection.pongReceived(payload);
      events.onPong(payload);
    }
  }

  @Override
  public void onClose(int code, String reason) {
    connection.onPeerClose(code, reason);
  }

  @Override
  public void onProtocolError(ProtocolException error) {
    connection.fail(error);
  }

  /** Text already validated as UTF-8: decoded straight from the array when there is one. */
  private static String utf8(ByteBuffer buf) {
    if (buf.hasArray()) {
      return new String(buf.array(), buf.arrayOffset() + buf.position(), buf.remaining(),
          StandardCharsets.UTF_8);
    }
    return new String(copy(buf), StandardCharsets.UTF_8);
  }

  private static byte[] copy(ByteBuffer buf) {
    byte[] bytes = new byte[buf.remaining()];
    buf.get(buf.position(), bytes);
    return bytes;
  }
}
