package dev.ippo.interop;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Payloads that the Java tests and the Node scripts build alike, and digests to compare them
 * without printing megabytes.
 *
 * <p>Stateless; thread safe.
 */
final class InteropData {
  /** The payload sizes where the frame length encoding changes, and a big message. */
  static final int[] BOUNDARY_SIZES = {125, 126, 65535, 65536};
  static final int SIXTEEN_MIB = 16 * 1024 * 1024;

  /** Text with one-, two-, three- and four-byte UTF-8 characters. */
  static final String UNICODE_TEXT = "h\u00e9llo w\u00f6rld \u2713 \uD83E\uDD8A";

  /** The message that the scripts split into three frames, one boundary inside "é". */
  static final String FRAGMENTED_TEXT = "frag-\u00e9-ment";

  private InteropData() {}

  /** Byte i is (i * 31 + 7) mod 256: the same as pattern() in the Node scripts. */
  static byte[] pattern(int length) {
    byte[] bytes = new byte[length];
    for (int i = 0; i < length; i++) {
      bytes[i] = (byte) (i * 31 + 7);
    }
    return bytes;
  }

  static String sha256(byte[] data) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
    } catch (NoSuchAlgorithmException e) {
      throw new AssertionError("every JDK has SHA-256", e);
    }
  }

  static String sha256(String text) {
    return sha256(text.getBytes(StandardCharsets.UTF_8));
  }

  /** Every UTF-8 byte as %XX: survives any command line, for decodeURIComponent in Node. */
  static String percentEncode(String text) {
    StringBuilder b = new StringBuilder();
    for (byte x : text.getBytes(StandardCharsets.UTF_8)) {
      b.append('%').append(HexFormat.of().withUpperCase().toHexDigits(x));
    }
    return b.toString();
  }

  static int utf8Length(String text) {
    return text.getBytes(StandardCharsets.UTF_8).length;
  }
}
