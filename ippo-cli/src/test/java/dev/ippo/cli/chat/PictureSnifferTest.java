package dev.ippo.cli.chat;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Picture types from their first bytes, on pictures the JDK encoded. */
class PictureSnifferTest {
  @Test
  void knowsTheFormatsBrowsersShow() {
    assertEquals(Optional.of("image/png"), PictureSniffer.mimeType(Pictures.encoded("png")));
    assertEquals(Optional.of("image/jpeg"), PictureSniffer.mimeType(Pictures.encoded("jpg")));
    assertEquals(Optional.of("image/gif"), PictureSniffer.mimeType(Pictures.encoded("gif")));
    assertEquals(Optional.of("image/gif"), PictureSniffer.mimeType(ascii("GIF87a....")));
    // The JDK has no WebP encoder: RIFF, a little-endian length, WEBP, then a VP8 chunk.
    assertEquals(Optional.of("image/webp"),
        PictureSniffer.mimeType(ascii("RIFF\u001a\u0000\u0000\u0000WEBPVP8 ")));
  }

  @Test
  void refusesEverythingElse() {
    assertEquals(Optional.empty(), PictureSniffer.mimeType(new byte[0]));
    assertEquals(Optional.empty(), PictureSniffer.mimeType(ascii("hello")));
    assertEquals(Optional.empty(), PictureSniffer.mimeType(ascii("<svg xmlns=")));
    assertEquals(Optional.empty(),
        PictureSniffer.mimeType(ascii("RIFF\u0000\u0000\u0000\u0000WAVE")));
    assertEquals(Optional.empty(), PictureSniffer.mimeType(ascii("GIF88a")));
    assertEquals(Optional.empty(), PictureSniffer.mimeType(ascii("%PDF-1.7")));
    // A PNG cut short inside its signature.
    assertEquals(Optional.empty(),
        PictureSniffer.mimeType(Arrays.copyOf(Pictures.encoded("png"), 7)));
    assertEquals(Optional.empty(),
        PictureSniffer.mimeType(new byte[] {(byte) 0xff, (byte) 0xd8}));
  }

  private static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.ISO_8859_1);
  }
}
