package dev.ippo.internal.codec;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** XOR masking of RFC 6455 section 5.3, eight bytes at a time. Thread safe: no state. */
public final class Masking {
  private Masking() {}

  /**
   * Masks (or unmasks: the same operation) {@code buf} from its position to its limit in
   * place, without moving the position. {@code payloadOffset} is how many payload bytes of
   * this frame came before {@code buf}'s position, so the key is applied at the right phase.
   *
   * <p>{@code maskKey} holds the four key bytes as they appear on the wire, first byte in the
   * most significant position (what {@code ByteBuffer.getInt} reads from a frame header).
   * Works on heap and direct buffers of either byte order.
   */
  public static void mask(ByteBuffer buf, int maskKey, long payloadOffset) {
    int phase = (int) (payloadOffset & 3);
    // Rotate so that the key byte for the buffer's first byte is the most significant one.
    int key = Integer.rotateLeft(maskKey, phase * 8);
    int i = buf.position();
    int end = buf.limit();
    if (end - i >= 8) {
      long key8 = ((long) key << 32) | (key & 0xFFFFFFFFL);
      // getLong/putLong follow the buffer's byte order; the key must be laid out the same way.
      if (buf.order() == ByteOrder.LITTLE_ENDIAN) {
        key8 = Long.reverseBytes(key8);
      }
      for (int last = end - 8; i <= last; i += 8) {
        buf.putLong(i, buf.getLong(i) ^ key8);
      }
    }
    // Eight bytes advance the phase by two whole keys, so the tail starts at key byte 0.
    for (int k = 0; i < end; i++, k++) {
      int shift = 24 - 8 * (k & 3);
      buf.put(i, (byte) (buf.get(i) ^ (key >>> shift)));
    }
  }
}
