package dev.ippo.internal.codec;

import dev.ippo.ProtocolError;
import static dev.ippo.internal.codec.Bytes.concat;
import static dev.ippo.internal.codec.Bytes.hex;
import static dev.ippo.internal.codec.EventRecorder.error;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every way to break RFC 6455 that the reader must catch, each reported once and alone. */
class FrameReaderViolationsTest {

  /** Bytes that must end in exactly {@code events}, the last of them the violation. */
  record Violation(String name, Role role, long maxPayload, byte[] bytes, List<String> events) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Violation client(String name, String hex, ProtocolError error, String... before) {
    return violation(name, Role.CLIENT, 1 << 16, hex(hex), error, before);
  }

  static Violation violation(
      String name, Role role, long max, byte[] bytes, ProtocolError error, String... before) {
    List<String> events = new ArrayList<>(List.of(before));
    events.add(error(error));
    return new Violation(name, role, max, bytes, events);
  }

  static List<Violation> violations() {
    List<Violation> all = new ArrayList<>();
    all.add(client("RSV1 on text", "c1 00", ProtocolError.UNEXPECTED_RSV_1));
    all.add(client("RSV1 on ping", "c9 00", ProtocolError.UNEXPECTED_RSV_1));
    all.add(client("RSV2", "a1 00", ProtocolError.UNEXPECTED_RSV_2_3));
    all.add(client("RSV3", "91 00", ProtocolError.UNEXPECTED_RSV_2_3));
    all.add(client("RSV2 on binary", "a2 00", ProtocolError.UNEXPECTED_RSV_2_3));
    for (int opcode : new int[] {3, 4, 5, 6, 7, 11, 12, 13, 14, 15}) {
      all.add(
          client(
              "reserved opcode " + opcode,
              String.format("%02x 00", 0x80 | opcode),
              ProtocolError.INVALID_OPCODE));
    }
    all.add(
        violation(
            "unmasked frame to a server",
            Role.SERVER,
            100,
            hex("81 01 41"),
            ProtocolError.EXPECTED_MASK));
    all.add(
        client("masked frame to a client", "81 81 00 00 00 00 41", ProtocolError.UNEXPECTED_MASK));
    all.add(
        client("ping of 126 bytes", "89 7e 00 7e", ProtocolError.INVALID_CONTROL_PAYLOAD_LENGTH));
    all.add(client("close of 127 marker", "88 7f", ProtocolError.INVALID_CONTROL_PAYLOAD_LENGTH));
    all.add(client("ping without FIN", "09 00", ProtocolError.EXPECTED_FIN));
    all.add(client("close without FIN", "08 00", ProtocolError.EXPECTED_FIN));
    all.add(client("continuation first", "80 01 41", ProtocolError.UNEXPECTED_CONTINUATION));
    all.add(
        client(
            "continuation after a whole message",
            "81 01 41 80 01 41",
            ProtocolError.UNEXPECTED_CONTINUATION,
            "text:A"));
    all.add(
        client(
            "text inside a fragmented message",
            "01 01 41 81 01 42",
            ProtocolError.EXPECTED_CONTINUATION));
    all.add(
        client(
            "binary inside a fragmented message, after a ping",
            "02 01 41 89 00 02 01 42",
            ProtocolError.EXPECTED_CONTINUATION,
            "ping:"));
    all.add(
        client(
            "64-bit length with top bit set",
            "82 7f 80 00 00 00 00 00 00 01",
            ProtocolError.INVALID_PAYLOAD_LENGTH));
    all.add(
        violation(
            "message over maxPayload (header only)",
            Role.CLIENT,
            10,
            hex("82 0b"),
            ProtocolError.MESSAGE_TOO_BIG));
    all.add(
        violation(
            "64-bit length over maxPayload",
            Role.CLIENT,
            1 << 20,
            hex("82 7f 00 00 00 01 00 00 00 00"),
            ProtocolError.MESSAGE_TOO_BIG));
    all.add(
        violation(
            "fragments summing over maxPayload",
            Role.CLIENT,
            10,
            hex("02 06 01 02 03 04 05 06 89 00 80 05"),
            ProtocolError.MESSAGE_TOO_BIG,
            "ping:"));
    all.add(client("close of 1 byte", "88 01 03", ProtocolError.INVALID_CLOSE_PAYLOAD));
    for (int code : new int[] {0, 999, 1004, 1005, 1006, 1015, 1016, 2999, 5000, 65535}) {
      all.add(
          client(
              "close code " + code,
              String.format("88 02 %04x", code),
              ProtocolError.INVALID_CLOSE_CODE));
    }
    all.add(client("close reason not UTF-8", "88 03 03 e8 ff", ProtocolError.INVALID_UTF8));
    all.add(client("close reason truncated", "88 04 03 e8 e3 81", ProtocolError.INVALID_UTF8));
    all.add(client("text with 0xFF", "81 01 ff", ProtocolError.INVALID_UTF8));
    all.add(client("text ending mid code point", "81 01 c3", ProtocolError.INVALID_UTF8));
    all.add(
        client(
            "fragmented text with a bad continuation",
            "01 01 c3 80 01 41",
            ProtocolError.INVALID_UTF8));
    all.add(
        client(
            "fragmented text ending mid code point",
            "01 02 41 c3 80 00",
            ProtocolError.INVALID_UTF8));
    all.add(
        client(
            "last fragment ending mid code point",
            "01 01 41 80 02 42 e3",
            ProtocolError.INVALID_UTF8));
    all.add(client("text with surrogate", "81 03 ed a0 80", ProtocolError.INVALID_UTF8));
    all.add(
        violation(
            "masked text with overlong",
            Role.SERVER,
            100,
            FrameReaderFixturesTest.maskedFrame(0x81, hex("41 c0 af"), 0x12345678),
            ProtocolError.INVALID_UTF8));
    return all;
  }

  static Stream<Arguments> violationArguments() {
    return violations().stream().map(Arguments::of);
  }

  private static void check(Violation violation, List<Integer> cuts) {
    EventRecorder events = new EventRecorder();
    FrameReader reader = new FrameReader(violation.role(), violation.maxPayload(), events);
    // Valid frames after the violation must be ignored.
    byte[] trailer =
        violation.role() == Role.CLIENT
            ? hex("81 01 41 89 00")
            : FrameReaderFixturesTest.maskedFrame(0x81, hex("41"), 7);
    Feeding.feed(reader, concat(violation.bytes(), trailer), cuts, false);
    assertEquals(violation.events(), events.events, () -> violation + " cut at " + cuts);
    assertTrue(reader.isFinished());
    ProtocolError expected =
        ProtocolError.valueOf(
            violation.events().get(violation.events().size() - 1).substring("error:".length()));
    assertEquals(expected.closeCode(), events.lastError.closeCode());
    assertFalse(events.lastError.getMessage().isEmpty());
  }

  @ParameterizedTest
  @MethodSource("violationArguments")
  void reportedOnceInEverySplit(Violation violation) {
    int length = violation.bytes().length + 5;
    check(violation, List.of());
    check(violation, IntStream.range(1, length).boxed().toList());
    for (int cut = 0; cut <= length; cut++) {
      check(violation, List.of(cut));
    }
    Random random = new Random(violation.name().hashCode());
    for (int round = 0; round < 10; round++) {
      check(violation, Feeding.randomCuts(random, length));
    }
  }

  @Test
  void tooBigIsReportedFromTheHeaderBeforeAnyPayload() {
    EventRecorder events = new EventRecorder();
    FrameReader reader = new FrameReader(Role.SERVER, 1000, events);
    Feeding.feedWhole(reader, hex("82 fe 03 e9 01 02 03 04"));
    events.assertEvents(error(ProtocolError.MESSAGE_TOO_BIG));
    assertEquals(1009, events.lastError.closeCode());
  }

  @Test
  void messageOfExactlyMaxPayloadIsAccepted() {
    EventRecorder events = new EventRecorder();
    FrameReader reader = new FrameReader(Role.CLIENT, 4, events);
    Feeding.feedByteByByte(reader, hex("02 02 01 02 80 02 03 04 82 04 05 06 07 08"));
    events.assertEvents("binary:01020304", "binary:05060708");
  }

  @Test
  void zeroMaxPayloadAcceptsOnlyEmptyMessages() {
    EventRecorder events = new EventRecorder();
    FrameReader reader = new FrameReader(Role.CLIENT, 0, events);
    Feeding.feedWhole(reader, hex("81 00 89 01 41 81 01 41"));
    events.assertEvents("text:", "ping:41", error(ProtocolError.MESSAGE_TOO_BIG));
  }

  @Test
  void invalidUtf8InFirstFragmentOfLongMessageIsReportedBeforeTheRest() {
    EventRecorder events = new EventRecorder();
    FrameReader reader = new FrameReader(Role.CLIENT, 1 << 20, events);
    // First fragment announces 1000 bytes; the sixth is impossible.
    Feeding.feedWhole(reader, hex("01 7e 03 e8 41 42 43 44 45"));
    events.assertEvents();
    Feeding.feedWhole(reader, hex("ff"));
    events.assertEvents(error(ProtocolError.INVALID_UTF8));
  }

  @Test
  void invalidUtf8IsReportedMidFrameWhenMasked() {
    EventRecorder events = new EventRecorder();
    FrameReader reader = new FrameReader(Role.SERVER, 1 << 20, events);
    byte[] payload = new byte[100_000];
    java.util.Arrays.fill(payload, (byte) 'a');
    payload[10] = (byte) 0xED; // U+D800 starts ED A0
    payload[11] = (byte) 0xA0;
    ByteBuffer frame =
        FrameWriter.frame(1, true, false, ByteBuffer.wrap(payload), true, 0x0BADF00D);
    byte[] bytes = Bytes.remaining(frame);
    Feeding.feedWhole(reader, java.util.Arrays.copyOf(bytes, 14 + 11));
    events.assertEvents();
    Feeding.feedWhole(reader, java.util.Arrays.copyOfRange(bytes, 14 + 11, 14 + 12));
    events.assertEvents(error(ProtocolError.INVALID_UTF8));
  }

  @Test
  void invalidUtf8InLaterFragmentAcrossFragmentBoundary() {
    EventRecorder events = new EventRecorder();
    FrameReader reader = new FrameReader(Role.CLIENT, 1 << 20, events);
    // F0 starts a 4-byte sequence; the next fragment continues it with 8F: overlong.
    Feeding.feedWhole(reader, hex("01 02 41 f0 00 0a 8f"));
    events.assertEvents(error(ProtocolError.INVALID_UTF8));
  }

  @Test
  void codePointSplitAcrossFragmentsIsValid() {
    EventRecorder events = new EventRecorder();
    FrameReader reader = new FrameReader(Role.CLIENT, 1 << 20, events);
    Feeding.feedByteByByte(reader, hex("01 02 41 f0 00 01 9f 8a 00 80 02 98 80"));
    events.assertEvents("pong:", "text:A\uD83D\uDE00");
  }

  @Test
  void binaryIsNotUtf8Validated() {
    EventRecorder events = new EventRecorder();
    FrameReader reader = new FrameReader(Role.CLIENT, 100, events);
    Feeding.feedWhole(reader, hex("82 02 ff c0"));
    events.assertEvents("binary:ffc0");
  }
}
