package dev.ippo.conformance;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Test data: deterministic payloads of exact sizes, hex literals, and the splitting of a
 * message into fragments or of bytes into chunks.
 *
 * <p>Stateless; thread safe.
 */
final class Payloads {
  private static final byte[] TEXT_PATTERN =
      "Hello, Ippo! κόσμε ∑ 日本語 𝄞 0123456789 ".getBytes(StandardCharsets.UTF_8);

  private Payloads() {}

  /**
   * Valid UTF-8 of exactly {@code length} bytes, mixing one- to four-byte characters; the
   * pattern is cut at a character boundary and padded with ASCII.
   */
  static byte[] text(int length) {
    byte[] out = new byte[length];
    int at = 0;
    int inPattern = 0;
    while (at < length) {
      int charLength = sequenceLength(TEXT_PATTERN[inPattern]);
      if (at + charLength > length) {
        out[at++] = 'x';
        continue;
      }
      System.arraycopy(TEXT_PATTERN, inPattern, out, at, charLength);
      at += charLength;
      inPattern = (inPattern + charLength) % TEXT_PATTERN.length;
    }
    return out;
  }

  /** Pseudo-random bytes, the same for the same length and seed. */
  static byte[] binary(int length, long seed) {
    byte[] out = new byte[length];
    new Random(seed).nextBytes(out);
    return out;
  }

  /** Bytes from hex digits; spaces are ignored. */
  static byte[] hex(String digits) {
    String s = digits.replace(" ", "");
    byte[] out = new byte[s.length() / 2];
    for (int i = 0; i < out.length; i++) {
      out[i] = (byte) Integer.parseInt(s.substring(2 * i, 2 * i + 2), 16);
    }
    return out;
  }

  static String toHex(byte[] bytes) {
    StringBuilder sb = new StringBuilder();
    for (byte b : bytes) {
      if (sb.length() > 0) {
        sb.append(' ');
      }
      sb.append(String.format("%02X", b & 0xFF));
    }
    return sb.toString();
  }

  /** A message as masked frames of {@code size} bytes: first {@code opcode}, then continuations. */
  static List<byte[]> fragments(int opcode, byte[] payload, int size) {
    List<Integer> sizes = new ArrayList<>();
    for (int left = payload.length; left > 0; left -= size) {
      sizes.add(Math.min(size, left));
    }
    return fragments(opcode, payload, sizes);
  }

  /** A message as masked frames of the given sizes, which must add up to its length. */
  static List<byte[]> fragments(int opcode, byte[] payload, List<Integer> sizes) {
    List<byte[]> frames = new ArrayList<>();
    int at = 0;
    for (int i = 0; i < sizes.size(); i++) {
      byte[] piece = java.util.Arrays.copyOfRange(payload, at, at + sizes.get(i));
      at += piece.length;
      boolean last = i == sizes.size() - 1;
      frames.add(FrameCodec.masked(last, 0, i == 0 ? opcode : Frame.CONTINUATION, piece));
    }
    if (at != payload.length) {
      throw new IllegalArgumentException("fragment sizes add up to " + at + ", not "
          + payload.length);
    }
    return frames;
  }

  /** Sizes 1, 2, 4 ... {@code max}, 1, 2 ... covering {@code total} bytes exactly. */
  static List<Integer> doublingSizes(int total, int max) {
    List<Integer> sizes = new ArrayList<>();
    int size = 1;
    for (int left = total; left > 0; ) {
      int n = Math.min(size, left);
      sizes.add(n);
      left -= n;
      size = size >= max ? 1 : size * 2;
    }
    return sizes;
  }

  /** Random sizes from 1 to {@code max} covering {@code total} bytes exactly. */
  static List<Integer> randomSizes(int total, int max, long seed) {
    Random random = new Random(seed);
    List<Integer> sizes = new ArrayList<>();
    for (int left = total; left > 0; ) {
      int n = Math.min(1 + random.nextInt(max), left);
      sizes.add(n);
      left -= n;
    }
    return sizes;
  }

  /** Cuts bytes into consecutive pieces of the given sizes. */
  static List<byte[]> split(byte[] bytes, List<Integer> sizes) {
    List<byte[]> pieces = new ArrayList<>();
    int at = 0;
    for (int size : sizes) {
      int n = Math.min(size, bytes.length - at);
      if (n <= 0) {
        break;
      }
      pieces.add(java.util.Arrays.copyOfRange(bytes, at, at + n));
      at += n;
    }
    if (at < bytes.length) {
      pieces.add(java.util.Arrays.copyOfRange(bytes, at, bytes.length));
    }
    return pieces;
  }

  private static int sequenceLength(byte lead) {
    int b = lead & 0xFF;
    if (b < 0x80) {
      return 1;
    }
    if (b >= 0xF0) {
      return 4;
    }
    if (b >= 0xE0) {
      return 3;
    }
    return 2;
  }
}
