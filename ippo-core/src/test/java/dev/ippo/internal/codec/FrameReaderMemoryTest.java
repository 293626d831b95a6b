package dev.ippo.internal.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ippo.CloseCode;
import dev.ippo.ProtocolError;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A peer may announce a long frame and send a few bytes of it: what the reader holds
 * follows the bytes that came, never the length announced.
 */
class FrameReaderMemoryTest {
  private static final int MASK = 0x11223344;
  private static final long SIXTY_MIB = 60L << 20;

  private final EventRecorder events = new EventRecorder();
  private final FrameReader reader = new FrameReader(Role.SERVER, 64L << 20, events);

  /** The masked header of a binary (or continuation) frame of {@code length} bytes. */
  private static byte[] header(int opcode, boolean fin, long length) {
    ByteBuffer h = ByteBuffer.allocate(14);
    h.put((byte) ((fin ? 0x80 : 0) | opcode));
    if (length < 126) {
      h.put((byte) (0x80 | length));
    } else if (length < 1 << 16) {
      h.put((byte) (0x80 | 126)).putShort((short) length);
    } else {
      h.put((byte) (0x80 | 127)).putLong(length);
    }
    h.putInt(MASK);
    return Bytes.remaining(h.flip());
  }

  /** {@code clear} masked as the frame's bytes from {@code offset} on. */
  private static byte[] maskedPayload(byte[] clear, long offset) {
    ByteBuffer b = ByteBuffer.wrap(clear.clone());
    Masking.mask(b, MASK, offset);
    return b.array();
  }

  private void read(byte[] bytes) {
    reader.read(ByteBuffer.wrap(bytes));
  }

  @Test
  void tenBytesOfASixtyMebibyteFrameHoldOnlyTheFirstBuffer() {
    read(header(WebSocketProtocol.OPCODE_BINARY, true, SIXTY_MIB));
    assertEquals(0, reader.heldBytes(), "nothing is held for a header");
    read(maskedPayload(new byte[10], 0));
    assertEquals(FrameReader.FIRST_BUFFER, reader.heldBytes());
  }

  @Test
  void aLongFrameArrivingInPiecesHoldsAtMostTwiceWhatCame() {
    read(header(WebSocketProtocol.OPCODE_BINARY, true, SIXTY_MIB));
    long received = 0;
    byte[] piece = new byte[16 * 1024];
    while (received < 4 << 20) {
      read(maskedPayload(piece, received));
      received += piece.length;
      assertTrue(reader.heldBytes() <= 2 * received,
          reader.heldBytes() + " B held after " + received + " B came");
    }
    assertEquals(List.of(), events.events, "no message and no error yet");
  }

  @Test
  void manyFragmentsHoldAtMostTwiceWhatCameAndArriveWhole() {
    byte[] fragment = Bytes.counting(1000);
    ByteBuffer whole = ByteBuffer.allocate(100 * fragment.length);
    for (int i = 0; i < 100; i++) {
      int opcode = i == 0 ? WebSocketProtocol.OPCODE_BINARY : WebSocketProtocol.OPCODE_CONTINUATION;
      read(Bytes.concat(header(opcode, i == 99, fragment.length), maskedPayload(fragment, 0)));
      whole.put(fragment);
      if (i < 99) {
        assertTrue(reader.heldBytes() <= Math.max(FrameReader.FIRST_BUFFER, 2 * whole.position()));
      }
    }
    assertEquals(List.of(EventRecorder.binary(whole.array())), events.events);
    assertEquals(0, reader.heldBytes(), "let go once delivered");
  }

  @Test
  void aFrameGatheredAcrossReadsGrowsToItsExactLengthAtMost() {
    byte[] payload = Bytes.counting(100_000);
    byte[] wire = Bytes.concat(header(WebSocketProtocol.OPCODE_BINARY, true, payload.length),
        maskedPayload(payload, 0));
    for (int at = 0; at < wire.length; at += 7000) {
      read(Arrays.copyOfRange(wire, at, Math.min(wire.length, at + 7000)));
      assertTrue(reader.heldBytes() <= payload.length);
    }
    assertEquals(List.of(EventRecorder.binary(payload)), events.events);
  }

  @Test
  void theReaderThatWouldCrossASharedBudgetFailsWith1009AndTheOthersGoOn() {
    MemoryBudget budget = new MemoryBudget(64 * 1024);
    EventRecorder aEvents = new EventRecorder();
    EventRecorder bEvents = new EventRecorder();
    FrameReader a = new FrameReader(Role.SERVER, 1 << 20, budget, aEvents);
    FrameReader b = new FrameReader(Role.SERVER, 1 << 20, budget, bEvents);
    byte[] payload = Bytes.counting(40 * 1024);
    byte[] aWire = Bytes.concat(header(WebSocketProtocol.OPCODE_BINARY, true, payload.length),
        maskedPayload(payload, 0));
    a.read(ByteBuffer.wrap(aWire, 0, aWire.length - 1)); // all but the last byte
    assertEquals(payload.length, budget.used());

    b.read(ByteBuffer.wrap(header(WebSocketProtocol.OPCODE_BINARY, true, 1 << 19)));
    b.read(ByteBuffer.wrap(maskedPayload(new byte[30 * 1024], 0)));
    bEvents.assertEvents(EventRecorder.error(ProtocolError.MESSAGE_TOO_BIG));
    assertEquals(CloseCode.MESSAGE_TOO_BIG, bEvents.lastError.closeCode());
    assertEquals(payload.length, budget.used(), "the refused reader took nothing");

    a.read(ByteBuffer.wrap(aWire, aWire.length - 1, 1));
    aEvents.assertEvents(EventRecorder.binary(payload));
    assertEquals(0, budget.used(), "a delivered message gives its buffer back");
  }

  @Test
  void aDiscardedReaderGivesBackWhatItHeld() {
    MemoryBudget budget = new MemoryBudget(1 << 20);
    FrameReader r = new FrameReader(Role.SERVER, 1 << 20, budget, events);
    r.read(ByteBuffer.wrap(header(WebSocketProtocol.OPCODE_BINARY, false, 10_000)));
    r.read(ByteBuffer.wrap(maskedPayload(new byte[10_000], 0)));
    assertEquals(r.heldBytes(), budget.used());
    assertTrue(budget.used() >= 10_000);
    r.discard();
    assertEquals(0, budget.used());
    r.read(ByteBuffer.wrap(header(WebSocketProtocol.OPCODE_BINARY, true, 10)));
    assertEquals(List.of(), events.events, "a discarded reader reads nothing more");
  }

  @Test
  void whatAReaderTakesFromItsBudgetIsTheBufferItHolds() {
    MemoryBudget budget = new MemoryBudget(64L << 20);
    FrameReader r = new FrameReader(Role.SERVER, 16L << 20, budget, events);
    r.read(ByteBuffer.wrap(header(WebSocketProtocol.OPCODE_BINARY, true, 16L << 20)));
    byte[] piece = new byte[64 * 1024];
    for (long sent = 0; sent < 8L << 20; sent += piece.length) {
      r.read(ByteBuffer.wrap(maskedPayload(piece, sent)));
      assertEquals(r.heldBytes(), budget.used());
    }
    assertEquals(8L << 20, budget.used(), "8 MiB came: a buffer of 8 MiB");
  }
}
