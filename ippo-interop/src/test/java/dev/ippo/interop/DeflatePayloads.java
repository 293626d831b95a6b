package dev.ippo.interop;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The messages of the permessage-deflate tests, built from their names exactly as
 * {@code src/test/node/deflate-payloads.js} builds them, so a Node peer and a Java test agree
 * on megabytes by passing names.
 *
 * <p>A name is {@code <text|binary>-<compressible|random>-<bytes>[-<anything>]}: text is
 * ASCII (its length in bytes is its length in characters); a suffix only tells repeats
 * apart.
 *
 * <p>Stateless; thread safe.
 */
final class DeflatePayloads {
  /** Sizes around the 1024-byte threshold (and a 10-bit window), and past 64 KiB. */
  private static final int[] SIZES = {100, 1023, 1024, 1025, 70_000};
  private static final int ONE_MIB = 1 << 20;

  /**
   * Every kind at every size, a 70,000-byte text twice (the second can refer back to the
   * first where context is taken over), then a mebibyte of each kind but random text.
   */
  static final List<String> MESSAGES = messages();

  /** The 200 KB text whose compression the wire tests measure. */
  static final String BIG_COMPRESSIBLE_TEXT = "text-compressible-200000";

  private static final String SENTENCE =
      "Ippo compresses this sentence, and the next, and the one after it. ";

  private DeflatePayloads() {}

  private static List<String> messages() {
    List<String> names = new ArrayList<>();
    for (int size : SIZES) {
      for (String kind : List.of("text-compressible-", "text-random-", "binary-compressible-",
          "binary-random-")) {
        names.add(kind + size);
      }
    }
    names.add("text-compressible-70000-again");
    names.add("text-compressible-" + ONE_MIB);
    names.add("binary-compressible-" + ONE_MIB);
    names.add("binary-random-" + ONE_MIB);
    return List.copyOf(names);
  }

  static boolean isText(String name) {
    return name.startsWith("text-");
  }

  /** The message's bytes (UTF-8, here ASCII, for text). */
  static byte[] bytes(String name) {
    String[] parts = name.split("-");
    int n = Integer.parseInt(parts[2]);
    boolean text = parts[0].equals("text");
    if (!text && !parts[0].equals("binary")) {
      throw new IllegalArgumentException("bad name " + name);
    }
    return switch (parts[1]) {
      case "random" -> random(n, text);
      case "compressible" -> text ? compressibleText(n) : InteropData.pattern(n);
      default -> throw new IllegalArgumentException("bad name " + name);
    };
  }

  /** The message as a string; only for text names. */
  static String text(String name) {
    return new String(bytes(name), StandardCharsets.US_ASCII);
  }

  private static byte[] compressibleText(int n) {
    return SENTENCE.repeat(n / SENTENCE.length() + 1).substring(0, n)
        .getBytes(StandardCharsets.US_ASCII);
  }

  /** xorshift32 seeded from n; as text, printable ASCII (0x20 to 0x7e). */
  private static byte[] random(int n, boolean text) {
    byte[] bytes = new byte[n];
    int x = (n * 0x9e3779b1) | 1;
    for (int i = 0; i < n; i++) {
      x ^= x << 13;
      x ^= x >>> 17;
      x ^= x << 5;
      bytes[i] = (byte) (text ? 0x20 + ((x & 0xff) % 95) : x & 0xff);
    }
    return bytes;
  }
}
