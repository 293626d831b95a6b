package dev.ippo.protocol;

import java.nio.ByteBuffer;

/** XOR masking of RFC 6455 section 5.3, eight bytes at a time. Thread safe: no state. */
public final class Masking {
  private Masking() {}

  /**
   * Masks (or unmasks: the same operation) {@code buf} from its position to its limit in
   * place, without moving the position. {@code payloadOffset} is how many payload bytes of
   * this frame came before {@code buf}'s position, so the key is applied at the right phase.
   */
  public static void mask(ByteBuffer buf, int maskKey, long payloadOffset) {
    throw new UnsupportedOperationException("todo");
  }
}
