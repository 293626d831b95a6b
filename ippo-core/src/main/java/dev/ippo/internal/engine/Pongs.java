package dev.ippo.internal.engine;

import dev.ippo.internal.codec.WebSocketProtocol;
import dev.ippo.internal.transport.Transport;
import java.nio.ByteBuffer;

/**
 * How one connection answers the peer's pings: each in order with the messages queued before
 * it, while the peer is quiet. Under a flood (more than {@link #PER_READ} pings in one read,
 * {@link #AT_ONCE} bytes queued, or writes waiting for a peer that does not read) only the
 * latest ping is answered, as RFC 6455 section 5.5.3 allows: before the next message is
 * delivered, once the read is handled, or once the writes left. So pinging cannot grow the
 * queue, nor make garbage per ping. Made on a connection's first ping; loop thread only.
 */
final class Pongs {
  /** Queued bytes beyond which only the latest ping is answered. */
  static final int AT_ONCE = 4096;
  /** Pings of one read answered each; beyond them, only the latest. */
  static final int PER_READ = 16;

  private final Connection connection;
  /** The payload of the latest ping not answered yet; null when none is owed. */
  private ByteBuffer owed;
  private int answeredThisRead;

  Pongs(Connection connection) {
    this.connection = connection;
  }

  /** A read from the peer begins. */
  void newRead() {
    answeredThisRead = 0;
  }

  /** The peer pinged; {@code payload}'s position stays, the sink reads it after this. */
  void ping(Transport transport, ByteBuffer payload) {
    if (owed == null && answeredThisRead < PER_READ && !transport.isWaitingForPeer()
        && transport.queuedBytes() < AT_ONCE) {
      answeredThisRead++;
      connection.enqueue(connection.frame(WebSocketProtocol.OPCODE_PONG, false, payload));
      return;
    }
    if (owed == null) {
      owed = ByteBuffer.allocate(WebSocketProtocol.PAYLOAD_BYTE_MAX);
    }
    owed.clear().put(0, payload, payload.position(), payload.remaining())
        .limit(payload.remaining());
  }

  /** Queues the pong owed for the latest ping, unless writes still wait for the peer. */
  void answerOwed(Transport transport) {
    ByteBuffer pong = owed;
    if (pong != null && !transport.isWaitingForPeer()) {
      owed = null;
      connection.enqueue(connection.frame(WebSocketProtocol.OPCODE_PONG, false, pong));
    }
  }
}
