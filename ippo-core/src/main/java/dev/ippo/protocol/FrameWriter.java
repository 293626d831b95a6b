package dev.ippo.protocol;

import java.nio.ByteBuffer;

/**
 * Frames messages: pure functions from payload to wire bytes, so that one encoded frame can
 * be shared by every receiver of a broadcast.
 *
 * <p>Thread safe: no state.
 */
public final class FrameWriter {
  private FrameWriter() {}

  /** Bytes of the header for this payload length, with or without a mask key. */
  public static int headerLength(long payloadLength, boolean masked) {
    throw new UnsupportedOperationException("todo");
  }

  /**
   * A new buffer (position 0, limit at its end) holding one frame: header, then the
   * remaining bytes of {@code payload} (masked with {@code maskKey} when {@code masked}).
   * {@code payload}'s position does not move.
   */
  public static ByteBuffer frame(
      int opcode, boolean fin, boolean rsv1, ByteBuffer payload, boolean masked, int maskKey) {
    throw new UnsupportedOperationException("todo");
  }

  /** The payload of a close frame: empty for 1005 (no status), else code and UTF-8 reason. */
  public static ByteBuffer closePayload(int code, String reason) {
    throw new UnsupportedOperationException("todo");
  }
}
