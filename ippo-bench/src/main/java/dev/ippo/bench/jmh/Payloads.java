package dev.ippo.bench.jmh;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * The payloads the benchmarks feed: deterministic, so that every run measures the same bytes.
 *
 * <p>Thread safe: no state.
 */
final class Payloads {
  private Payloads() {}

  /** Printable ASCII, like a JSON message. */
  static byte[] ascii(int size) {
    byte[] bytes = new byte[size];
    for (int i = 0; i < size; i++) {
      bytes[i] = (byte) (' ' + (i * 7) % 95);
    }
    return bytes;
  }

  /**
   * Chat-like text mixing ASCII with 2-, 3- and 4-byte sequences (accented Latin, Japanese,
   * an emoji): about half its bytes are outside ASCII. Cut at a code point boundary and padded
   * with spaces, so it is valid UTF-8 of exactly {@code size} bytes.
   */
  static byte[] mixed(int size) {
    byte[] unit =
        "{\"user\":\"Zoë\",\"text\":\"こんにちは、世界! café 🎉 WebSocket で話そう\"} "
            .getBytes(StandardCharsets.UTF_8);
    byte[] bytes = new byte[size];
    int i = 0;
    while (i < size) {
      int n = Math.min(unit.length, size - i);
      // Never cut a sequence: step back to the start of the code point that would be split.
      while (n < unit.length && n > 0 && (unit[n] & 0xC0) == 0x80) {
        n--;
      }
      System.arraycopy(unit, 0, bytes, i, n);
      i += n;
      if (n < unit.length) {
        while (i < size) {
          bytes[i++] = ' ';
        }
      }
    }
    return bytes;
  }

  /** A buffer holding {@code bytes}, on the heap or off it, position 0, limit at the end. */
  static ByteBuffer buffer(byte[] bytes, boolean direct) {
    ByteBuffer buffer =
        direct ? ByteBuffer.allocateDirect(bytes.length) : ByteBuffer.allocate(bytes.length);
    buffer.put(bytes).flip();
    return buffer;
  }
}
