package dev.ippo.bench.jmh;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Random;

/**
 * The payloads the benchmarks (and {@code bench/deflate}) feed: deterministic, so that every
 * run measures the same bytes.
 *
 * <p>Thread safe: no state.
 */
public final class Payloads {
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

  private static final String[] WORDS = {"the", "socket", "message", "frame", "server",
    "client", "deflate", "window", "latency", "queue", "room", "hello", "world", "ping", "pong",
    "close", "open", "event", "loop", "thread", "buffer", "byte", "text", "binary", "json"};

  /**
   * JSON as a chat or a feed sends it: records of ids, names, times and a few words drawn
   * from a small vocabulary, different for each {@code seed}, in ASCII, cut to exactly
   * {@code size} bytes. It compresses as real JSON does, not as a repeated pattern.
   */
  public static byte[] json(int size, long seed) {
    Random random = new Random(seed);
    StringBuilder text = new StringBuilder(size + 256).append('[');
    while (text.length() < size) {
      text.append("{\"id\":").append(random.nextInt(1_000_000))
          .append(",\"user\":\"user-").append(random.nextInt(5000))
          .append("\",\"room\":\"").append(WORDS[random.nextInt(WORDS.length)])
          .append("\",\"ts\":").append(1_732_000_000_000L + random.nextInt(1_000_000_000))
          .append(",\"text\":\"");
      for (int w = 4 + random.nextInt(12); w > 0; w--) {
        text.append(WORDS[random.nextInt(WORDS.length)]).append(w > 1 ? " " : "");
      }
      text.append("\",\"score\":").append(random.nextInt(10_000) / 100.0).append("},");
    }
    byte[] bytes = new byte[size];
    byte[] all = text.toString().getBytes(StandardCharsets.US_ASCII);
    System.arraycopy(all, 0, bytes, 0, size);
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
