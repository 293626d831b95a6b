package dev.ippo.internal.codec;

import java.nio.ByteBuffer;

/**
 * Incremental UTF-8 validation (RFC 3629): rejects at the first byte that cannot start or
 * continue a valid sequence, even when the sequence is split across buffers or fragments.
 *
 * <p>A small deterministic automaton over byte classes: the state after each byte says what
 * the next byte may be, so overlong forms, surrogates (U+D800..U+DFFF) and code points above
 * U+10FFFF fail at the byte that makes them impossible, not at the end of the sequence. Runs
 * of ASCII are skipped eight bytes at a time.
 *
 * <p>Not thread safe.
 */
public final class Utf8Validator {

  // Byte classes: which bytes behave alike in every state.
  private static final int ASCII = 0; // 00..7F
  private static final int CONT_80_8F = 1;
  private static final int CONT_90_9F = 2;
  private static final int CONT_A0_BF = 3;
  private static final int LEAD2 = 4; // C2..DF
  private static final int LEAD_E0 = 5; // needs A0..BF next (no overlong)
  private static final int LEAD3 = 6; // E1..EC, EE..EF
  private static final int LEAD_ED = 7; // needs 80..9F next (no surrogate)
  private static final int LEAD_F0 = 8; // needs 90..BF next (no overlong)
  private static final int LEAD4 = 9; // F1..F3
  private static final int LEAD_F4 = 10; // needs 80..8F next (no more than U+10FFFF)
  private static final int NEVER = 11; // C0, C1, F5..FF
  private static final int CLASSES = 12;

  // States: what the next byte must be.
  private static final int ACCEPT = 0; // on a code point boundary
  private static final int REJECT = 1;
  private static final int NEED1 = 2; // one more 80..BF
  private static final int NEED2 = 3; // two more 80..BF
  private static final int NEED3 = 4; // three more 80..BF
  private static final int AFTER_E0 = 5;
  private static final int AFTER_ED = 6;
  private static final int AFTER_F0 = 7;
  private static final int AFTER_F4 = 8;
  private static final int STATES = 9;

  private static final byte[] CLASS_OF = new byte[256];
  private static final byte[] NEXT = new byte[STATES * CLASSES];

  static {
    for (int b = 0; b < 256; b++) {
      int c;
      if (b < 0x80) {
        c = ASCII;
      } else if (b < 0x90) {
        c = CONT_80_8F;
      } else if (b < 0xA0) {
        c = CONT_90_9F;
      } else if (b < 0xC0) {
        c = CONT_A0_BF;
      } else if (b < 0xC2) {
        c = NEVER;
      } else if (b < 0xE0) {
        c = LEAD2;
      } else if (b == 0xE0) {
        c = LEAD_E0;
      } else if (b == 0xED) {
        c = LEAD_ED;
      } else if (b < 0xF0) {
        c = LEAD3;
      } else if (b == 0xF0) {
        c = LEAD_F0;
      } else if (b < 0xF4) {
        c = LEAD4;
      } else if (b == 0xF4) {
        c = LEAD_F4;
      } else {
        c = NEVER;
      }
      CLASS_OF[b] = (byte) c;
    }
    java.util.Arrays.fill(NEXT, (byte) REJECT);
    to(ACCEPT, ASCII, ACCEPT);
    to(ACCEPT, LEAD2, NEED1);
    to(ACCEPT, LEAD_E0, AFTER_E0);
    to(ACCEPT, LEAD3, NEED2);
    to(ACCEPT, LEAD_ED, AFTER_ED);
    to(ACCEPT, LEAD_F0, AFTER_F0);
    to(ACCEPT, LEAD4, NEED3);
    to(ACCEPT, LEAD_F4, AFTER_F4);
    for (int c = CONT_80_8F; c <= CONT_A0_BF; c++) {
      to(NEED1, c, ACCEPT);
      to(NEED2, c, NEED1);
      to(NEED3, c, NEED2);
    }
    to(AFTER_E0, CONT_A0_BF, NEED1);
    to(AFTER_ED, CONT_80_8F, NEED1);
    to(AFTER_ED, CONT_90_9F, NEED1);
    to(AFTER_F0, CONT_90_9F, NEED2);
    to(AFTER_F0, CONT_A0_BF, NEED2);
    to(AFTER_F4, CONT_80_8F, NEED2);
  }

  private static void to(int from, int byteClass, int next) {
    NEXT[from * CLASSES + byteClass] = (byte) next;
  }

  private int state = ACCEPT;

  /**
   * Feeds the bytes from {@code buf}'s position to its limit (the position does not move).
   * Returns false as soon as the bytes so far cannot be a prefix of valid UTF-8; once false,
   * it stays false until {@link #reset}.
   */
  public boolean update(ByteBuffer buf) {
    int s = state;
    int i = buf.position();
    int end = buf.limit();
    while (i < end && s != REJECT) {
      if (s == ACCEPT) {
        // ASCII fast path: skip whole words without a high bit.
        while (end - i >= 8 && (buf.getLong(i) & 0x8080808080808080L) == 0) {
          i += 8;
        }
        if (i == end) {
          break;
        }
      }
      s = NEXT[s * CLASSES + CLASS_OF[buf.get(i) & 0xFF]];
      i++;
    }
    state = s;
    return s != REJECT;
  }

  /** Whether the bytes so far are valid and end on a whole code point. */
  public boolean isComplete() {
    return state == ACCEPT;
  }

  /** Starts over for a new message. */
  public void reset() {
    state = ACCEPT;
  }

  /** Whether the remaining bytes of {@code buf} are whole, valid UTF-8. */
  public static boolean isValid(ByteBuffer buf) {
    Utf8Validator validator = new Utf8Validator();
    return validator.update(buf) && validator.isComplete();
  }
}
