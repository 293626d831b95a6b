package dev.ippo.protocol;

import java.nio.ByteBuffer;

/**
 * Incremental UTF-8 validation (RFC 3629): rejects at the first byte that cannot start or
 * continue a valid sequence, even when the sequence is split across buffers or fragments.
 *
 * <p>Not thread safe.
 */
public final class Utf8Validator {

  /**
   * Feeds the bytes from {@code buf}'s position to its limit (the position does not move).
   * Returns false as soon as the bytes so far cannot be a prefix of valid UTF-8.
   */
  public boolean update(ByteBuffer buf) {
    throw new UnsupportedOperationException("todo");
  }

  /** Whether the bytes so far end on a whole code point. */
  public boolean isComplete() {
    throw new UnsupportedOperationException("todo");
  }

  /** Starts over for a new message. */
  public void reset() {
    throw new UnsupportedOperationException("todo");
  }

  /** Whether the remaining bytes of {@code buf} are whole, valid UTF-8. */
  public static boolean isValid(ByteBuffer buf) {
    throw new UnsupportedOperationException("todo");
  }
}
