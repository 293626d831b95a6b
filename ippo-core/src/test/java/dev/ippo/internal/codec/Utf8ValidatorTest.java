package dev.ippo.internal.codec;

import static dev.ippo.internal.codec.Bytes.hex;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class Utf8ValidatorTest {

  /** Each sequence with the index of the first byte that makes it impossible. */
  @ParameterizedTest(name = "{0} fails at byte {1}")
  @CsvSource({
    "c0 80, 0", // overlong U+0000
    "c1 bf, 0", // overlong U+007F
    "e0 80 80, 1", // overlong 3-byte
    "e0 9f bf, 1", // overlong U+07FF
    "f0 80 80 80, 1", // overlong 4-byte
    "f0 8f bf bf, 1", // overlong U+FFFF
    "ed a0 80, 1", // U+D800
    "ed bf bf, 1", // U+DFFF
    "ed af bf ed b0 80, 1", // surrogate pair encoded as CESU-8
    "f4 90 80 80, 1", // U+110000
    "f5 80 80 80, 0",
    "f8 88 80 80 80, 0",
    "fe, 0",
    "ff, 0",
    "80, 0", // lone continuation
    "bf, 0",
    "41 80, 1",
    "c3 28, 1", // continuation missing
    "e2 82 28, 2",
    "f0 9f 98 41, 3",
    "c3 c3, 1",
    "41 42 43 44 45 46 47 48 49 ff, 9", // after the ASCII fast path
    "e3 81 82 41 42 43 44 45 46 47 48 80, 11",
  })
  void invalidFailsAtTheFirstImpossibleByte(String sequence, int badIndex) {
    byte[] bytes = hex(sequence);
    Utf8Validator validator = new Utf8Validator();
    assertTrue(validator.update(ByteBuffer.wrap(bytes, 0, badIndex)), "prefix is valid");
    assertFalse(validator.update(ByteBuffer.wrap(bytes, badIndex, 1)), "bad byte rejected");
    assertFalse(validator.update(ByteBuffer.wrap(hex("41"))), "stays rejected");
    assertFalse(validator.isComplete());
    assertFalse(Utf8Validator.isValid(ByteBuffer.wrap(bytes)));

    Utf8Validator byteByByte = new Utf8Validator();
    for (int i = 0; i < bytes.length; i++) {
      assertEquals(i < badIndex, byteByByte.update(ByteBuffer.wrap(bytes, i, 1)), "byte " + i);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"c3", "e2 82", "f0 9f 98", "e0 a0", "f4 8f bf", "41 42 e3"})
  void truncatedIsValidPrefixButNotComplete(String sequence) {
    Utf8Validator validator = new Utf8Validator();
    assertTrue(validator.update(ByteBuffer.wrap(hex(sequence))));
    assertFalse(validator.isComplete());
    assertFalse(Utf8Validator.isValid(ByteBuffer.wrap(hex(sequence))));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "00",
        "7f",
        "c2 80",
        "df bf",
        "e0 a0 80",
        "ed 9f bf",
        "ee 80 80",
        "ef bf bd",
        "ef bf bf",
        "f0 90 80 80",
        "f4 8f bf bf",
        "ce ba e1 bd b9 cf 83 ce bc ce b5"
      })
  void validEdgeCodePoints(String sequence) {
    byte[] bytes = hex(sequence);
    assertTrue(Utf8Validator.isValid(ByteBuffer.wrap(bytes)));
    Utf8Validator byteByByte = new Utf8Validator();
    for (int i = 0; i < bytes.length; i++) {
      assertTrue(byteByByte.update(ByteBuffer.wrap(bytes, i, 1)));
    }
    assertTrue(byteByByte.isComplete());
  }

  @Test
  void updateDoesNotMovePositionAndResetStartsOver() {
    ByteBuffer buf = ByteBuffer.wrap(hex("41 42 c3"));
    buf.position(1);
    Utf8Validator validator = new Utf8Validator();
    assertTrue(validator.update(buf));
    assertEquals(1, buf.position());
    assertFalse(validator.isComplete());
    validator.reset();
    assertTrue(validator.isComplete());
    assertFalse(validator.update(ByteBuffer.wrap(hex("ff"))));
    validator.reset();
    assertTrue(validator.update(ByteBuffer.wrap(hex("41"))));
  }

  @Test
  void asciiFastPathCatchesABadByteAtEveryPosition() {
    for (int length = 1; length < 40; length++) {
      for (int bad = 0; bad < length; bad++) {
        byte[] bytes = new byte[length];
        Arrays.fill(bytes, (byte) 'x');
        bytes[bad] = (byte) 0x80;
        ByteBuffer direct = ByteBuffer.allocateDirect(length).put(bytes).flip();
        assertFalse(Utf8Validator.isValid(ByteBuffer.wrap(bytes)), length + "/" + bad);
        assertFalse(Utf8Validator.isValid(direct), length + "/" + bad);
      }
      byte[] ascii = new byte[length];
      Arrays.fill(ascii, (byte) 'y');
      assertTrue(Utf8Validator.isValid(ByteBuffer.wrap(ascii)));
    }
  }

  @Test
  void agreesWithTheJdkDecoderOnRandomBytes() {
    Random random = new Random(3629);
    byte[] interesting =
        hex("00 41 7f 80 8f 90 9f a0 bf c0 c1 c2 df e0 e1 ec ed ee ef f0 f1 f3 f4 f5 ff");
    for (int round = 0; round < 20000; round++) {
      byte[] bytes = new byte[random.nextInt(12)];
      for (int i = 0; i < bytes.length; i++) {
        bytes[i] = interesting[random.nextInt(interesting.length)];
      }
      assertEquals(
          jdkAccepts(bytes), Utf8Validator.isValid(ByteBuffer.wrap(bytes)), Bytes.hex(bytes));
    }
  }

  @Test
  void acceptsEveryScalarValue() {
    StringBuilder all = new StringBuilder();
    for (int cp = 0; cp <= 0x10FFFF; cp += (cp < 0x800 ? 1 : 37)) {
      if (cp < 0xD800 || cp > 0xDFFF) {
        all.appendCodePoint(cp);
      }
    }
    assertTrue(
        Utf8Validator.isValid(ByteBuffer.wrap(all.toString().getBytes(StandardCharsets.UTF_8))));
  }

  private static boolean jdkAccepts(byte[] bytes) {
    try {
      StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes));
      return true;
    } catch (CharacterCodingException e) {
      return false;
    }
  }
}
