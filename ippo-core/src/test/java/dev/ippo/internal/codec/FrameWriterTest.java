package dev.ippo.internal.codec;

import static dev.ippo.internal.codec.Bytes.hex;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

class FrameWriterTest {

  @Test
  void headerLengthAtEachBoundary() {
    assertEquals(2, FrameWriter.headerLength(0, false));
    assertEquals(2, FrameWriter.headerLength(125, false));
    assertEquals(4, FrameWriter.headerLength(126, false));
    assertEquals(4, FrameWriter.headerLength(65535, false));
    assertEquals(10, FrameWriter.headerLength(65536, false));
    assertEquals(10, FrameWriter.headerLength(Long.MAX_VALUE, false));
    assertEquals(6, FrameWriter.headerLength(125, true));
    assertEquals(8, FrameWriter.headerLength(126, true));
    assertEquals(14, FrameWriter.headerLength(65536, true));
    assertThrows(IllegalArgumentException.class, () -> FrameWriter.headerLength(-1, false));
  }

  @Test
  void rfcExamples() {
    ByteBuffer hello = ByteBuffer.wrap("Hello".getBytes());
    assertArrayEquals(
        hex("81 05 48 65 6c 6c 6f"),
        Bytes.remaining(FrameWriter.frame(1, true, false, hello, false, 0)));
    assertArrayEquals(
        hex("81 85 37 fa 21 3d 7f 9f 4d 51 58"),
        Bytes.remaining(FrameWriter.frame(1, true, false, hello, true, 0x37fa213d)));
    assertArrayEquals(
        hex("01 03 48 65 6c"),
        Bytes.remaining(
            FrameWriter.frame(1, false, false, ByteBuffer.wrap("Hel".getBytes()), false, 0)));
    assertArrayEquals(
        hex("8a 85 37 fa 21 3d 7f 9f 4d 51 58"),
        Bytes.remaining(FrameWriter.frame(0xA, true, false, hello, true, 0x37fa213d)));
    assertEquals(0, hello.position());
  }

  @Test
  void lengthFormsAndRsv1() {
    ByteBuffer frame = FrameWriter.frame(2, true, true, ByteBuffer.allocate(256), false, 0);
    assertEquals(0, frame.position());
    assertEquals(260, frame.limit());
    assertArrayEquals(hex("c2 7e 01 00"), Bytes.remaining(frame.slice(0, 4)));
    frame = FrameWriter.frame(2, true, false, ByteBuffer.allocate(65536), true, 0);
    assertArrayEquals(
        hex("82 ff 00 00 00 00 00 01 00 00 00 00 00 00"), Bytes.remaining(frame.slice(0, 14)));
  }

  @Test
  void writesOnlyTheRemainingBytesOfTheSource() {
    ByteBuffer source = ByteBuffer.wrap(hex("00 01 02 03 04"));
    source.position(1).limit(4);
    ByteBuffer frame = FrameWriter.frame(2, true, false, source, false, 0);
    assertArrayEquals(hex("82 03 01 02 03"), Bytes.remaining(frame));
    assertEquals(1, source.position());
  }

  @Test
  void refusesMalformedControlFrames() {
    assertThrows(
        IllegalArgumentException.class,
        () -> FrameWriter.frame(9, true, false, ByteBuffer.allocate(126), false, 0));
    assertThrows(
        IllegalArgumentException.class,
        () -> FrameWriter.frame(9, false, false, ByteBuffer.allocate(1), false, 0));
    assertThrows(
        IllegalArgumentException.class,
        () -> FrameWriter.frame(16, true, false, ByteBuffer.allocate(1), false, 0));
  }

  @Test
  void closePayload() {
    assertEquals(0, FrameWriter.closePayload(1005, "").remaining());
    assertArrayEquals(hex("03 e8"), Bytes.remaining(FrameWriter.closePayload(1000, "")));
    assertArrayEquals(hex("03 e8"), Bytes.remaining(FrameWriter.closePayload(1000, null)));
    assertArrayEquals(
        hex("0f a0 62 79 65"), Bytes.remaining(FrameWriter.closePayload(4000, "bye")));
    assertEquals(125, FrameWriter.closePayload(1000, "x".repeat(123)).remaining());
    assertThrows(
        IllegalArgumentException.class, () -> FrameWriter.closePayload(1000, "x".repeat(124)));
    // 41 three-byte characters are 123 bytes; one more is too many.
    assertEquals(125, FrameWriter.closePayload(1001, "\u3042".repeat(41)).remaining());
    assertThrows(
        IllegalArgumentException.class,
        () -> FrameWriter.closePayload(1001, "\u3042".repeat(41) + "x"));
    assertThrows(IllegalArgumentException.class, () -> FrameWriter.closePayload(1006, ""));
    assertThrows(IllegalArgumentException.class, () -> FrameWriter.closePayload(999, ""));
  }

  @Test
  void closePayloadRoundTripsThroughTheReader() {
    EventRecorder events = new EventRecorder();
    FrameReader reader = new FrameReader(Role.SERVER, 100, events);
    reader.read(
        FrameWriter.frame(
            8, true, false, FrameWriter.closePayload(1001, "\u00e9t\u00e9"), true, 42));
    events.assertEvents("close:1001:\u00e9t\u00e9");
  }
}
