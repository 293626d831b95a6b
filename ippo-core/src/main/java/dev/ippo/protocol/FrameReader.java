package dev.ippo.protocol;

import java.nio.ByteBuffer;

/**
 * Turns bytes from the peer into messages and control frames, in any split.
 *
 * <p>Not thread safe: one connection's thread calls {@link #read} at a time.
 */
public final class FrameReader {

  /** What the reader reports. Payload buffers are only valid during the call. */
  public interface Listener {
    /** A whole text (already UTF-8 validated) or binary message. */
    void onMessage(ByteBuffer payload, boolean text);

    void onPing(ByteBuffer payload);

    void onPong(ByteBuffer payload);

    /** A close frame; {@code code} is 1005 when it carried no payload. */
    void onClose(int code, String reason);

    /** A violation; the reader reads nothing more after it. */
    void onProtocolError(ProtocolException error);
  }

  /**
   * @param role which end reads: a server requires masked frames, a client unmasked ones
   * @param maxPayload the largest message (sum of its fragments) accepted; larger is 1009
   * @param listener receives what is read
   */
  public FrameReader(Role role, long maxPayload, Listener listener) {
    throw new UnsupportedOperationException("todo");
  }

  /** Consumes every remaining byte of {@code src}, reporting to the listener as it goes. */
  public void read(ByteBuffer src) {
    throw new UnsupportedOperationException("todo");
  }

  /** Whether a close frame or a violation was read; later bytes are ignored. */
  public boolean isFinished() {
    throw new UnsupportedOperationException("todo");
  }
}
