package dev.ippo.internal.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** FrameWriter then FrameReader, at the lengths where the length encoding changes. */
class FrameRoundTripTest {

  static Stream<Arguments> cases() {
    IntStream lengths =
        IntStream.concat(
            IntStream.concat(IntStream.rangeClosed(0, 5), IntStream.rangeClosed(124, 129)),
            IntStream.rangeClosed(65534, 65537));
    return lengths
        .boxed()
        .flatMap(
            length ->
                Stream.of(
                    Arguments.of(length, false, false),
                    Arguments.of(length, false, true),
                    Arguments.of(length, true, false),
                    Arguments.of(length, true, true)));
  }

  /** Payload of {@code length} bytes; text mixes 1- to 4-byte code points where it fits. */
  static byte[] payload(int length, boolean text, Random random) {
    if (!text) {
      byte[] bytes = new byte[length];
      random.nextBytes(bytes);
      return bytes;
    }
    String[] pieces = {"a", "\u00e9", "\u3042", "\uD83D\uDE00"};
    StringBuilder s = new StringBuilder();
    int size = 0;
    while (size < length) {
      String piece = pieces[random.nextInt(pieces.length)];
      int n = piece.getBytes(StandardCharsets.UTF_8).length;
      if (size + n > length) {
        piece = "z";
        n = 1;
      }
      s.append(piece);
      size += n;
    }
    return s.toString().getBytes(StandardCharsets.UTF_8);
  }

  private static String expected(byte[] payload, boolean text) {
    return text
        ? EventRecorder.text(new String(payload, StandardCharsets.UTF_8))
        : EventRecorder.binary(payload);
  }

  @ParameterizedTest(name = "length {0}, text {1}, masked {2}")
  @MethodSource("cases")
  void singleFrame(int length, boolean text, boolean masked) {
    Random random = new Random(length);
    byte[] payload = payload(length, text, random);
    ByteBuffer source = ByteBuffer.wrap(payload);
    ByteBuffer frame =
        FrameWriter.frame(text ? 1 : 2, true, false, source, masked, random.nextInt());
    assertEquals(0, source.position());
    assertEquals(FrameWriter.headerLength(length, masked) + length, frame.remaining());
    byte[] wire = Bytes.remaining(frame);
    Role reader = masked ? Role.SERVER : Role.CLIENT;
    for (int round = 0; round < 3; round++) {
      EventRecorder events = new EventRecorder();
      List<Integer> cuts = round == 0 ? List.of() : Feeding.randomCuts(random, wire.length);
      Feeding.feed(new FrameReader(reader, 1 << 20, events), wire.clone(), cuts, round == 2);
      events.assertEvents(expected(payload, text));
    }
  }

  @ParameterizedTest(name = "length {0}, text {1}, masked {2}")
  @MethodSource("cases")
  void fragmentedWithPingBetween(int length, boolean text, boolean masked) {
    Random random = new Random(~length);
    byte[] payload = payload(length, text, random);
    int cut1 = length / 3;
    int cut2 = 2 * length / 3;
    List<ByteBuffer> frames = new ArrayList<>();
    frames.add(
        FrameWriter.frame(
            text ? 1 : 2, false, false, ByteBuffer.wrap(payload, 0, cut1), masked, 1));
    frames.add(FrameWriter.frame(9, true, false, ByteBuffer.wrap(new byte[] {7}), masked, 2));
    frames.add(
        FrameWriter.frame(0, false, false, ByteBuffer.wrap(payload, cut1, cut2 - cut1), masked, 3));
    frames.add(
        FrameWriter.frame(
            0, true, false, ByteBuffer.wrap(payload, cut2, length - cut2), masked, 4));
    byte[] wire = new byte[0];
    for (ByteBuffer frame : frames) {
      wire = Bytes.concat(wire, Bytes.remaining(frame));
    }
    EventRecorder events = new EventRecorder();
    FrameReader reader = new FrameReader(masked ? Role.SERVER : Role.CLIENT, length, events);
    Feeding.feed(reader, wire, Feeding.randomCuts(random, wire.length), false);
    // The text is validated across fragment boundaries that split code points.
    events.assertEvents("ping:07", expected(payload, text));
  }
}
