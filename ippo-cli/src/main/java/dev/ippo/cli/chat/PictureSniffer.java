package dev.ippo.cli.chat;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * Tells a picture's type from its first bytes (its "magic number"), never from what the
 * client claims: PNG, JPEG, GIF and WebP, the types every browser shows.
 *
 * <p>Stateless; thread safe.
 */
final class PictureSniffer {
  private static final byte[] PNG = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
  private static final byte[] JPEG = {(byte) 0xff, (byte) 0xd8, (byte) 0xff};
  private static final byte[] GIF87 = ascii("GIF87a");
  private static final byte[] GIF89 = ascii("GIF89a");
  private static final byte[] RIFF = ascii("RIFF");
  private static final byte[] WEBP = ascii("WEBP");

  private PictureSniffer() {}

  /** The MIME type of the picture these bytes start, or empty for anything else. */
  static Optional<String> mimeType(byte[] data) {
    if (startsWith(data, 0, PNG)) {
      return Optional.of("image/png");
    }
    if (startsWith(data, 0, JPEG)) {
      return Optional.of("image/jpeg");
    }
    if (startsWith(data, 0, GIF87) || startsWith(data, 0, GIF89)) {
      return Optional.of("image/gif");
    }
    // RIFF, a 4-byte length, then the form type.
    if (startsWith(data, 0, RIFF) && startsWith(data, 8, WEBP)) {
      return Optional.of("image/webp");
    }
    return Optional.empty();
  }

  private static boolean startsWith(byte[] data, int offset, byte[] magic) {
    if (data.length < offset + magic.length) {
      return false;
    }
    for (int i = 0; i < magic.length; i++) {
      if (data[offset + i] != magic[i]) {
        return false;
      }
    }
    return true;
  }

  private static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }
}
