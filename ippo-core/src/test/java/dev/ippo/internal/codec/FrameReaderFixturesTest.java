package dev.ippo.internal.codec;

import static dev.ippo.internal.codec.Bytes.concat;
import static dev.ippo.internal.codec.Bytes.counting;
import static dev.ippo.internal.codec.Bytes.hex;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The examples of RFC 6455 section 5.7, fed in every split. */
class FrameReaderFixturesTest {

  /** A byte stream, the role that reads it, and what it must report. */
  record Fixture(String name, Role role, byte[] bytes, List<String> events) {
    @Override
    public String toString() {
      return name;
    }
  }

  static final byte[] BYTES_256 = counting(256);
  static final byte[] BYTES_65536 = counting(65536);

  static List<Fixture> fixtures() {
    return List.of(
        new Fixture(
            "unmasked text", Role.CLIENT, hex("81 05 48 65 6c 6c 6f"), List.of("text:Hello")),
        new Fixture(
            "masked text",
            Role.SERVER,
            hex("81 85 37 fa 21 3d 7f 9f 4d 51 58"),
            List.of("text:Hello")),
        new Fixture(
            "fragmented unmasked text",
            Role.CLIENT,
            hex("01 03 48 65 6c 80 02 6c 6f"),
            List.of("text:Hello")),
        new Fixture(
            "unmasked ping", Role.CLIENT, hex("89 05 48 65 6c 6c 6f"), List.of("ping:48656c6c6f")),
        new Fixture(
            "masked pong",
            Role.SERVER,
            hex("8a 85 37 fa 21 3d 7f 9f 4d 51 58"),
            List.of("pong:48656c6c6f")),
        new Fixture(
            "256 bytes binary, 16-bit length",
            Role.CLIENT,
            concat(hex("82 7E 01 00"), BYTES_256),
            List.of(EventRecorder.binary(BYTES_256))),
        new Fixture(
            "64 KiB binary, 64-bit length",
            Role.CLIENT,
            concat(hex("82 7F 00 00 00 00 00 01 00 00"), BYTES_65536),
            List.of(EventRecorder.binary(BYTES_65536))),
        new Fixture(
            "ping between fragments, then close",
            Role.CLIENT,
            hex("01 03 48 65 6c 89 00 8a 01 41 80 02 6c 6f 88 05 03 e8 62 79 65"),
            List.of("ping:", "pong:41", "text:Hello", "close:1000:bye")),
        new Fixture(
            "masked fragments with masked ping between",
            Role.SERVER,
            concat(
                maskedFrame(0x01, "Hel".getBytes(), 0x01020304),
                maskedFrame(0x89, "p".getBytes(), 0xA1B2C3D4),
                maskedFrame(0x00, "lo, ".getBytes(), 0x55667788),
                maskedFrame(0x80, "world".getBytes(), 0xFFFFFFFF)),
            List.of("ping:70", "text:Hello, world")),
        new Fixture(
            "empty frames",
            Role.CLIENT,
            hex("81 00 82 00 01 00 80 00 89 00 8a 00 88 00"),
            List.of("text:", "binary:", "text:", "ping:", "pong:", "close:1005:")),
        new Fixture(
            "non-minimal lengths",
            Role.CLIENT,
            hex("81 7E 00 02 68 69 82 7F 00 00 00 00 00 00 00 01 FF"),
            List.of("text:hi", "binary:ff")));
  }

  static byte[] maskedFrame(int b0, byte[] payload, int key) {
    ByteBuffer frame = ByteBuffer.allocate(6 + payload.length);
    frame.put((byte) b0).put((byte) (0x80 | payload.length)).putInt(key);
    for (int i = 0; i < payload.length; i++) {
      frame.put((byte) (payload[i] ^ (key >>> (24 - 8 * (i % 4)))));
    }
    return frame.array();
  }

  static Stream<Arguments> fixtureArguments() {
    return fixtures().stream().map(Arguments::of);
  }

  private static void check(Fixture fixture, List<Integer> cuts, boolean direct) {
    EventRecorder events = new EventRecorder();
    FrameReader reader = new FrameReader(fixture.role(), 1 << 20, events);
    Feeding.feed(reader, fixture.bytes(), cuts, direct);
    assertEquals(fixture.events(), events.events, () -> fixture + " cut at " + cuts);
  }

  @ParameterizedTest
  @MethodSource("fixtureArguments")
  void whole(Fixture fixture) {
    check(fixture, List.of(), false);
    check(fixture, List.of(), true);
  }

  @ParameterizedTest
  @MethodSource("fixtureArguments")
  void oneByteAtATime(Fixture fixture) {
    List<Integer> cuts = new ArrayList<>();
    for (int i = 1; i < fixture.bytes().length; i++) {
      cuts.add(i);
    }
    check(fixture, cuts, false);
  }

  @ParameterizedTest
  @MethodSource("fixtureArguments")
  void everyTwoWaySplit(Fixture fixture) {
    int length = fixture.bytes().length;
    // Every split of the small fixtures; for the 64 KiB one the header, the tail and a
    // stride, since each split costs a full pass.
    int stride = length > 1000 ? 997 : 1;
    for (int cut = 0; cut <= length; cut++) {
      if (cut % stride == 0 || cut < 20 || cut > length - 20) {
        check(fixture, List.of(cut), cut % 2 == 0);
      }
    }
  }

  @ParameterizedTest
  @MethodSource("fixtureArguments")
  void seededRandomSplits(Fixture fixture) {
    Random random = new Random(6455);
    for (int round = 0; round < 50; round++) {
      check(fixture, Feeding.randomCuts(random, fixture.bytes().length), round % 3 == 0);
    }
  }

  @Test
  void allFixturesInOneStream() {
    for (Role role : Role.values()) {
      byte[] stream = new byte[0];
      List<String> expected = new ArrayList<>();
      for (Fixture fixture : fixtures()) {
        if (fixture.role() == role
            && !fixture.events().get(fixture.events().size() - 1).startsWith("close:")) {
          stream = concat(stream, fixture.bytes());
          expected.addAll(fixture.events());
        }
      }
      Random random = new Random(role.ordinal());
      for (int round = 0; round < 20; round++) {
        EventRecorder events = new EventRecorder();
        FrameReader reader = new FrameReader(role, 1 << 20, events);
        Feeding.feed(reader, stream, Feeding.randomCuts(random, stream.length), false);
        assertEquals(expected, events.events);
        assertFalse(reader.isFinished());
      }
    }
  }

  @Test
  void wholeFrameIsUnmaskedInPlaceAndHandedOutWithoutACopy() {
    byte[] frame = hex("82 85 37 fa 21 3d 7f 9f 4d 51 58");
    ByteBuffer src = ByteBuffer.wrap(frame);
    List<String> seen = new ArrayList<>();
    FrameReader reader =
        new FrameReader(
            Role.SERVER,
            100,
            new EventRecorder() {
              @Override
              public void onMessage(ByteBuffer payload, boolean text) {
                // During the call: the source's own bytes, unmasked where they lie.
                assertSame(frame, payload.array(), "the payload shares the source's array");
                seen.add(payload.arrayOffset() + payload.position() + ":" + payload.remaining());
                super.onMessage(payload, text);
              }
            });
    reader.read(src);
    assertEquals(List.of("6:5"), seen);
    assertEquals("Hello", new String(frame, 6, 5, StandardCharsets.US_ASCII));
    assertEquals(frame.length, src.position(), "the whole frame is consumed");
  }

  @Test
  void directSourceGivesDirectPayload() {
    ByteBuffer src = ByteBuffer.allocateDirect(16);
    src.put(hex("82 03 01 02 03")).flip();
    List<Boolean> direct = new ArrayList<>();
    FrameReader reader =
        new FrameReader(
            Role.CLIENT,
            100,
            new EventRecorder() {
              @Override
              public void onMessage(ByteBuffer payload, boolean text) {
                direct.add(payload.isDirect());
              }
            });
    reader.read(src);
    assertEquals(List.of(true), direct);
    assertEquals(src.limit(), src.position());
  }

  @Test
  void closeFinishesTheReaderAndLaterBytesAreIgnored() {
    EventRecorder events = new EventRecorder();
    FrameReader reader = new FrameReader(Role.CLIENT, 100, events);
    Feeding.feedWhole(reader, hex("88 02 03 e8 81 01 41 ff ff"));
    assertTrue(reader.isFinished());
    Feeding.feedWhole(reader, hex("81 01 41"));
    events.assertEvents("close:1000:");
  }

  @Test
  void closeWithUtf8Reason() {
    EventRecorder events = new EventRecorder();
    FrameReader reader = new FrameReader(Role.CLIENT, 100, events);
    Feeding.feedByteByByte(reader, hex("88 09 0f a0 e3 81 82 f0 9f 98"));
    events.assertEvents();
    Feeding.feedWhole(reader, hex("80"));
    events.assertEvents("close:4000:\u3042\uD83D\uDE00");
  }
}
