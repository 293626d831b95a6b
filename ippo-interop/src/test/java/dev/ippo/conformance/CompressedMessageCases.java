package dev.ippo.conformance;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Supplier;

/**
 * Group 12, compressed messages (Autobahn's group 12, scaled down): with
 * {@code permessage-deflate} agreed at its defaults, several messages of one size and kind,
 * 16 B to 128 KiB, each sent compressed with the client's window kept from message to message,
 * must all come back with the same content, compressed or not.
 *
 * <p>Kinds: 12.1 text that compresses well (words from a small vocabulary), 12.2 binary that
 * compresses well (runs over a small alphabet), 12.3 random binary (does not compress),
 * 12.4 random text over one- to four-byte characters (compresses little).
 *
 * <p>Stateless; thread safe.
 */
final class CompressedMessageCases {
  static final String OFFER = "permessage-deflate; client_max_window_bits";
  private static final int[] SIZES = {16, 64, 256, 1024, 4096, 16384, 65536, 131072};
  private static final int MESSAGES = 8;
  private static final Duration TIMEOUT = Duration.ofSeconds(10);
  private static final String[] WORDS = {"deflate", "window", "message", "frame", "Ippo",
      "κόσμε", "context", "takeover", "日本語", "the", "a", "of", "server", "client", "𝄞"};

  private CompressedMessageCases() {}

  /** The kinds of payload, by the message's size and its number in the case. */
  @FunctionalInterface
  interface Kind {
    byte[] payload(int size, int n);
  }

  static List<ServerCase> cases() {
    List<ServerCase> cases = new ArrayList<>();
    add(cases, "12.1", "compressible text", Frame.TEXT, CompressedMessageCases::words);
    add(cases, "12.2", "compressible binary", Frame.BINARY, CompressedMessageCases::runs);
    add(cases, "12.3", "random binary", Frame.BINARY,
        (size, n) -> Payloads.binary(size, size * 31L + n));
    add(cases, "12.4", "random text", Frame.TEXT, CompressedMessageCases::randomText);
    return cases;
  }

  private static void add(List<ServerCase> cases, String group, String what, int opcode,
      Kind kind) {
    for (int i = 0; i < SIZES.length; i++) {
      int size = SIZES[i];
      cases.add(echoAll(group + "." + (i + 1), MESSAGES + " messages of " + what + ", "
          + size + " B each, sent compressed, echoed", opcode, size, kind).offering(OFFER));
    }
  }

  /**
   * Sends {@code MESSAGES} messages (every third one a repeat of the one before, so that a
   * kept window pays) on another thread and checks each echo in order.
   */
  static ServerCase echoAll(String id, String description, int opcode, int size, Kind kind) {
    return ServerCase.slow(id, description, TIMEOUT, s -> {
      List<byte[]> payloads = new ArrayList<>();
      List<byte[]> frames = new ArrayList<>();
      for (int n = 0; n < MESSAGES; n++) {
        byte[] p = n % 3 == 2 ? payloads.get(n - 1) : kind.payload(size, n);
        payloads.add(p);
        frames.add(s.messageFrame(opcode, p));
      }
      var written = s.sendInBackground(frames);
      for (byte[] p : payloads) {
        s.expectMessage(opcode, p);
      }
      written.join();
      return s.closeNormally();
    });
  }

  /** Valid UTF-8 of exactly {@code size} bytes: words of a small vocabulary, ASCII padded. */
  static byte[] words(int size, int n) {
    Random random = new Random(size * 17L + n);
    return fit(size, () -> WORDS[random.nextInt(WORDS.length)] + " ");
  }

  /** Random UTF-8 of exactly {@code size} bytes over ASCII, Greek, CJK and astral planes. */
  static byte[] randomText(int size, int n) {
    Random random = new Random(size * 13L + n);
    int[][] ranges = {{0x20, 0x7E}, {0x3B1, 0x3C9}, {0x4E00, 0x9FFF}, {0x1F300, 0x1F5FF}};
    return fit(size, () -> {
      int[] r = ranges[random.nextInt(ranges.length)];
      return new String(Character.toChars(r[0] + random.nextInt(r[1] - r[0] + 1)));
    });
  }

  /** Pieces of text from {@code more} up to exactly {@code size} bytes, ASCII padded. */
  private static byte[] fit(int size, Supplier<String> more) {
    byte[] out = new byte[size];
    int at = 0;
    while (at < size) {
      byte[] piece = more.get().getBytes(StandardCharsets.UTF_8);
      if (at + piece.length > size) {
        out[at++] = 'x';
        continue;
      }
      System.arraycopy(piece, 0, out, at, piece.length);
      at += piece.length;
    }
    return out;
  }

  /** Bytes in runs of 1 to 16 over an alphabet of eight values. */
  static byte[] runs(int size, int n) {
    Random random = new Random(size * 7L + n);
    byte[] out = new byte[size];
    for (int at = 0; at < size; ) {
      byte b = (byte) (random.nextInt(8) * 29);
      int run = Math.min(1 + random.nextInt(16), size - at);
      java.util.Arrays.fill(out, at, at + run, b);
      at += run;
    }
    return out;
  }
}
