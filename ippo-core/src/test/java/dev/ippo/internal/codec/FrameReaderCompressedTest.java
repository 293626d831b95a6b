package dev.ippo.internal.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** With allowRsv1 on: compressed messages come out frame by frame, as they are read. */
class FrameReaderCompressedTest {
  private final List<String> events = new ArrayList<>();
  private FrameReader reader;

  private FrameReader reader() {
    reader = new FrameReader(Role.CLIENT, 1000, new FrameReader.Listener() {
      @Override
      public void onMessage(ByteBuffer payload, boolean text) {
        events.add("message " + Bytes.hex(Bytes.remaining(payload)) + " compressed="
            + reader.isCompressed());
      }

      @Override
      public void onCompressedFrame(ByteBuffer payload, boolean text, boolean last) {
        events.add("frame " + Bytes.hex(Bytes.remaining(payload)) + " text=" + text
            + " last=" + last + " compressed=" + reader.isCompressed());
      }

      @Override
      public void onPing(ByteBuffer payload) {
        events.add("ping");
      }

      @Override
      public void onPong(ByteBuffer payload) {}

      @Override
      public void onClose(int code, String reason) {}

      @Override
      public void onProtocolError(ProtocolException error) {
        events.add("error " + error.error());
      }
    });
    reader.allowRsv1(true);
    return reader;
  }

  @Test
  void eachFrameOfAFragmentedCompressedMessageComesAtOnce() {
    FrameReader r = reader();
    r.read(ByteBuffer.wrap(Bytes.hex("41 02 aabb")));
    assertEquals(List.of("frame aabb text=true last=false compressed=true"), events);
    r.read(ByteBuffer.wrap(Bytes.hex("89 00 00 01")));
    r.read(ByteBuffer.wrap(Bytes.hex("cc")));
    r.read(ByteBuffer.wrap(Bytes.hex("80 00")));
    assertEquals(List.of("frame aabb text=true last=false compressed=true", "ping",
        "frame cc text=true last=false compressed=true",
        "frame  text=true last=true compressed=true"), events);
    r.read(ByteBuffer.wrap(Bytes.hex("82 01 dd")));
    assertEquals("message dd compressed=false", events.get(events.size() - 1));
  }

  @Test
  void aWholeCompressedFrameInTheBufferIsOneMessage() {
    reader().read(ByteBuffer.wrap(Bytes.hex("c2 02 1234")));
    assertEquals(List.of("message 1234 compressed=true"), events);
  }

  @Test
  void theCompressedSizeStillCountsAgainstMaxPayload() {
    FrameReader r = reader();
    r.read(ByteBuffer.wrap(Bytes.hex("42 7e 01f4")));
    r.read(ByteBuffer.wrap(new byte[500]));
    r.read(ByteBuffer.wrap(Bytes.hex("00 7e 01f5")));
    assertTrue(events.get(events.size() - 1).equals("error MESSAGE_TOO_BIG"), events.toString());
  }
}
