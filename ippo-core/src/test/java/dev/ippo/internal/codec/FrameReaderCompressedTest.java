package dev.ippo.internal.codec;

import static dev.ippo.internal.codec.Bytes.hex;
import static dev.ippo.internal.codec.EventRecorder.error;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ippo.ProtocolError;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.zip.Deflater;
import org.junit.jupiter.api.Test;

/**
 * With an inflater given: the reader inflates compressed messages as they arrive and hands
 * out whole messages; every violation, compressed or not, leaves through its one fail().
 */
class FrameReaderCompressedTest {
  private final ZlibPool pool = new ZlibPool(Deflater.DEFAULT_COMPRESSION, 2);

  private FrameReader reader(EventRecorder events, long maxPayload) {
    FrameReader reader = new FrameReader(Role.CLIENT, maxPayload, events);
    reader.inflateWith(new MessageInflater(pool, false));
    return reader;
  }

  private byte[] compress(String text) {
    return compress(text.getBytes(StandardCharsets.UTF_8));
  }

  private byte[] compress(byte[] message) {
    return new MessageDeflater(pool, true, 15).compress(ByteBuffer.wrap(message));
  }

  /** An unmasked frame (server to client): FIN, RSV1 and opcode in the first byte. */
  private static byte[] frame(int firstByte, byte[] payload) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(firstByte);
    if (payload.length <= 125) {
      out.write(payload.length);
    } else {
      out.write(126);
      out.write(payload.length >> 8);
      out.write(payload.length & 0xFF);
    }
    out.writeBytes(payload);
    return out.toByteArray();
  }

  private static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] p : parts) {
      out.writeBytes(p);
    }
    return out.toByteArray();
  }

  @Test
  void aFragmentedCompressedMessageComesOutWholeInEverySplitWithAPingBetween() {
    byte[] compressed = compress("Hello, compressed world");
    int half = compressed.length / 2;
    byte[] wire = concat(
        frame(0x41, Arrays.copyOfRange(compressed, 0, half)),
        hex("89 00"),
        frame(0x80, Arrays.copyOfRange(compressed, half, compressed.length)),
        hex("82 01 dd"));
    for (int cut = 0; cut <= wire.length; cut++) {
      EventRecorder events = new EventRecorder();
      Feeding.feed(reader(events, 1000), wire, cut == 0 ? java.util.List.of()
          : java.util.List.of(cut), cut % 2 == 0);
      events.assertEvents("ping:", "text:Hello, compressed world", "binary:dd");
    }
  }

  @Test
  void aWholeCompressedFrameIsInflatedToOneMessage() {
    EventRecorder events = new EventRecorder();
    Feeding.feedWhole(reader(events, 1000), frame(0xc2, compress(new byte[] {1, 2, 3})));
    events.assertEvents("binary:010203");
  }

  @Test
  void inflatingPastMaxPayloadFailsAtTheFrameThatCrossesIt() {
    byte[] compressed = compress(new byte[100_000]); // zeros: ~100 bytes inflate to 100 KB
    int half = compressed.length - 2;
    EventRecorder events = new EventRecorder();
    FrameReader reader = reader(events, 1000);
    Feeding.feedWhole(reader, frame(0x42, Arrays.copyOfRange(compressed, 0, half)));
    events.assertEvents(error(ProtocolError.MESSAGE_TOO_BIG));
    assertEquals(1009, events.lastError.closeCode());
    Feeding.feedWhole(reader, frame(0x80, Arrays.copyOfRange(compressed, half, compressed.length)));
    events.assertEvents(error(ProtocolError.MESSAGE_TOO_BIG)); // nothing after a violation
  }

  @Test
  void corruptCompressedDataFailsWith1007() {
    EventRecorder events = new EventRecorder();
    Feeding.feedWhole(reader(events, 1000), frame(0xc1, hex("ff ff ff ff")));
    events.assertEvents(error(ProtocolError.INVALID_COMPRESSED_DATA));
    assertEquals(1007, events.lastError.closeCode());
  }

  @Test
  void compressedTextThatInflatesToInvalidUtf8FailsWith1007() {
    EventRecorder events = new EventRecorder();
    Feeding.feedWhole(reader(events, 1000), frame(0xc1, compress(new byte[] {(byte) 0xc0, 0x41})));
    events.assertEvents(error(ProtocolError.INVALID_UTF8));
  }

  @Test
  void rsv1IsAViolationOnAContinuationOrWithoutAnInflater() {
    EventRecorder events = new EventRecorder();
    byte[] compressed = compress("x");
    Feeding.feedWhole(reader(events, 1000),
        concat(frame(0x41, compressed), frame(0xc0, hex("00"))));
    events.assertEvents(error(ProtocolError.UNEXPECTED_RSV_1));

    EventRecorder plain = new EventRecorder();
    Feeding.feedWhole(new FrameReader(Role.CLIENT, 1000, plain), frame(0xc1, compressed));
    plain.assertEvents(error(ProtocolError.UNEXPECTED_RSV_1));
  }

  @Test
  void theCompressedSizeStillCountsAgainstMaxPayload() {
    byte[] noise = new byte[600];
    new java.util.Random(7).nextBytes(noise); // incompressible: 500 bytes inflate to < 1000
    byte[] compressed = compress(noise);
    EventRecorder events = new EventRecorder();
    FrameReader reader = reader(events, 1000);
    Feeding.feedWhole(reader, frame(0x42, Arrays.copyOfRange(compressed, 0, 500)));
    events.assertEvents();
    Feeding.feedWhole(reader, hex("00 7e 01f5"));
    events.assertEvents(error(ProtocolError.MESSAGE_TOO_BIG));
  }

  /** Found by bench/fuzz: the inflater's half message stayed held after a violation. */
  @Test
  void aViolationInsideACompressedMessageGivesBackWhatTheInflaterHeld() {
    MemoryBudget budget = new MemoryBudget(1 << 20);
    EventRecorder events = new EventRecorder();
    FrameReader reader = new FrameReader(Role.CLIENT, 1 << 20, budget, events);
    reader.inflateWith(new MessageInflater(pool, false));
    byte[] compressed = compress("a compressed message, first half only");
    reader.read(ByteBuffer.wrap(frame(0x41, compressed))); // RSV1, text, not FIN
    assertTrue(reader.heldBytes() > 0);
    assertEquals(reader.heldBytes(), budget.used());
    reader.read(ByteBuffer.wrap(frame(0x83, new byte[0]))); // opcode 3: reserved
    events.assertEvents(error(ProtocolError.INVALID_OPCODE));
    assertEquals(0, reader.heldBytes());
    assertEquals(0, budget.used());
  }
}
