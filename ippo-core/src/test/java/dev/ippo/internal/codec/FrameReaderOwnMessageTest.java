package dev.ippo.internal.codec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A message gathered across reads is handed over as an array the listener may keep; one
 * read whole from a single buffer comes as a slice of that buffer, valid during the call.
 */
class FrameReaderOwnMessageTest {
  /** Records which callback brought each message. */
  private static final class Calls extends EventRecorder {
    final List<String> kinds = new ArrayList<>();
    final List<byte[]> owned = new ArrayList<>();

    @Override
    public void onMessage(ByteBuffer payload, boolean text) {
      kinds.add("slice");
      super.onMessage(payload, text);
    }

    @Override
    public void onOwnMessage(byte[] payload, boolean text) {
      kinds.add("own");
      owned.add(payload);
      super.onMessage(ByteBuffer.wrap(payload), text);
    }
  }

  private static byte[] binaryFrame(byte[] payload, boolean fin, int opcode) {
    return Bytes.remaining(FrameWriter.frame(opcode, fin, false, ByteBuffer.wrap(payload), true, 0x11223344));
  }

  @Test
  void aMessageSplitAcrossReadsComesInAnArrayOfItsExactSize() {
    byte[] payload = Bytes.counting(1000);
    byte[] wire = binaryFrame(payload, true, WebSocketProtocol.OPCODE_BINARY);
    Calls calls = new Calls();
    Feeding.feed(new FrameReader(Role.SERVER, 1 << 20, calls), wire, List.of(300), false);
    assertEquals(List.of("own"), calls.kinds);
    assertArrayEquals(payload, calls.owned.get(0));
    assertEquals(List.of(EventRecorder.binary(payload)), calls.events);
  }

  @Test
  void aMessageWholeInOneReadComesAsASlice() {
    byte[] payload = Bytes.counting(1000);
    Calls calls = new Calls();
    Feeding.feedWhole(new FrameReader(Role.SERVER, 1 << 20, calls),
        binaryFrame(payload, true, WebSocketProtocol.OPCODE_BINARY));
    assertEquals(List.of("slice"), calls.kinds);
    assertEquals(List.of(EventRecorder.binary(payload)), calls.events);
  }

  @Test
  void aFragmentedMessageIsWholeWhicheverWayItComes() {
    byte[] first = Bytes.counting(5);
    byte[] second = Bytes.counting(7);
    byte[] wire = Bytes.concat(
        binaryFrame(first, false, WebSocketProtocol.OPCODE_BINARY),
        binaryFrame(second, true, WebSocketProtocol.OPCODE_CONTINUATION));
    Calls calls = new Calls();
    Feeding.feedWhole(new FrameReader(Role.SERVER, 1 << 20, calls), wire);
    assertEquals(List.of(EventRecorder.binary(Bytes.concat(first, second))), calls.events);
  }
}
