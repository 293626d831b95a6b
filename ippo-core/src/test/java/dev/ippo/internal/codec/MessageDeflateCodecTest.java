package dev.ippo.internal.codec;

import dev.ippo.ProtocolError;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;
import java.util.zip.Deflater;
import java.util.zip.Inflater;
import org.junit.jupiter.api.Test;

/** MessageDeflater and MessageInflater, against each other and against plain java.util.zip. */
class MessageDeflateCodecTest {
  private final ZlibPool pool = new ZlibPool(Deflater.DEFAULT_COMPRESSION, 2);

  private static byte[] text(int length) {
    byte[] chunk = "{\"type\":\"message\",\"name\":\"alice\",\"text\":\"hello there\"} "
        .getBytes(StandardCharsets.UTF_8);
    byte[] out = new byte[length];
    for (int i = 0; i < length; i++) {
      out[i] = chunk[i % chunk.length];
    }
    return out;
  }

  @Test
  void roundTripsWithContextTakeoverAndTheContextShrinksRepeats() throws Exception {
    MessageDeflater deflater = new MessageDeflater(pool, false, 15);
    MessageInflater inflater = new MessageInflater(pool, false);
    byte[] message = text(2000);
    byte[] first = deflater.compress(ByteBuffer.wrap(message));
    byte[] second = deflater.compress(ByteBuffer.wrap(message));
    assertTrue(second.length < first.length / 2, "the window is taken over: " + second.length);
    assertArrayEquals(message, inflater.inflate(ByteBuffer.wrap(first), 1 << 20));
    assertArrayEquals(message, inflater.inflate(ByteBuffer.wrap(second), 1 << 20));
    deflater.close();
    inflater.close();
  }

  @Test
  void withoutContextEveryMessageStandsAlone() throws Exception {
    MessageDeflater deflater = new MessageDeflater(pool, true, 15);
    byte[] message = text(2000);
    byte[] first = deflater.compress(ByteBuffer.wrap(message));
    byte[] second = deflater.compress(ByteBuffer.wrap(message));
    assertArrayEquals(first, second);
    // Each inflates with a fresh inflater, in any order.
    MessageInflater inflater = new MessageInflater(pool, true);
    assertArrayEquals(message, inflater.inflate(ByteBuffer.wrap(second), 1 << 20));
    assertArrayEquals(message, inflater.inflate(ByteBuffer.wrap(first), 1 << 20));
  }

  @Test
  void theOutputLacksTheSyncFlushTailAndPlainZlibReadsIt() throws Exception {
    byte[] message = text(300);
    byte[] compressed = new MessageDeflater(pool, true, 15).compress(ByteBuffer.wrap(message));
    byte[] tail = Arrays.copyOfRange(compressed, compressed.length - 4, compressed.length);
    assertFalse(Arrays.equals(new byte[] {0, 0, (byte) 0xff, (byte) 0xff}, tail));
    Inflater zlib = new Inflater(true);
    zlib.setInput(concat(compressed, new byte[] {0, 0, (byte) 0xff, (byte) 0xff}));
    byte[] out = new byte[1000];
    assertEquals(message.length, zlib.inflate(out));
    assertArrayEquals(message, Arrays.copyOf(out, message.length));
    zlib.end();
  }

  @Test
  void emptyAndIncompressibleMessagesRoundTrip() throws Exception {
    byte[] random = new byte[70_000];
    new Random(7).nextBytes(random);
    MessageDeflater deflater = new MessageDeflater(pool, false, 15);
    MessageInflater inflater = new MessageInflater(pool, false);
    for (byte[] message : new byte[][] {new byte[0], random, text(5), random}) {
      byte[] compressed = deflater.compress(ByteBuffer.wrap(message));
      assertArrayEquals(message, inflater.inflate(ByteBuffer.wrap(compressed), 1 << 20));
    }
  }

  @Test
  void aSmallWindowCompressesOnlyMessagesThatFitIt() throws Exception {
    MessageDeflater deflater = new MessageDeflater(pool, false, 9);
    assertTrue(deflater.accepts(512));
    assertFalse(deflater.accepts(513));
    assertFalse(deflater.keepsContext(), "a small window never takes context over");
    assertThrows(IllegalStateException.class, () -> deflater.compress(ByteBuffer.wrap(text(513))));
    // What it makes inflates with a 9-bit window: every distance fits in the message.
    byte[] message = text(512);
    byte[] compressed = deflater.compress(ByteBuffer.wrap(message));
    assertArrayEquals(message,
        new MessageInflater(pool, true).inflate(ByteBuffer.wrap(compressed), 1 << 20));
  }

  @Test
  void aBombStopsOneBytePastTheLimit() throws Exception {
    byte[] huge = new byte[50_000_000];
    byte[] bomb = new MessageDeflater(pool, true, 15).compress(ByteBuffer.wrap(huge));
    assertTrue(bomb.length < 60_000, "compressed to " + bomb.length);
    MessageInflater inflater = new MessageInflater(pool, false);
    ProtocolException e = assertThrows(ProtocolException.class,
        () -> inflater.inflate(ByteBuffer.wrap(bomb), 1 << 20));
    assertEquals(ProtocolError.MESSAGE_TOO_BIG, e.error());
    assertEquals(1009, e.closeCode());
    // Exactly at the limit is fine.
    byte[] exact = new MessageDeflater(pool, true, 15).compress(ByteBuffer.wrap(new byte[1000]));
    assertEquals(1000, new MessageInflater(pool, true).inflate(ByteBuffer.wrap(exact), 1000).length);
  }

  @Test
  void corruptDataIs1007() {
    MessageInflater inflater = new MessageInflater(pool, false);
    // 0xff: BTYPE 11, a reserved block type.
    ProtocolException e = assertThrows(ProtocolException.class,
        () -> inflater.inflate(ByteBuffer.wrap(new byte[] {(byte) 0xff, 1, 2, 3}), 1 << 20));
    assertEquals(ProtocolError.INVALID_COMPRESSED_DATA, e.error());
    assertEquals(1007, e.closeCode());
  }

  @Test
  void aStreamEndedWithBfinalStartsAnewForTheNextMessage() throws Exception {
    byte[] message = text(400);
    Deflater finishing = new Deflater(6, true);
    finishing.setInput(message);
    finishing.finish();
    byte[] out = new byte[1000];
    byte[] ended = Arrays.copyOf(out, finishing.deflate(out));
    finishing.end();
    MessageInflater inflater = new MessageInflater(pool, false);
    assertArrayEquals(message, inflater.inflate(ByteBuffer.wrap(ended), 1 << 20));
    assertArrayEquals(message, inflater.inflate(ByteBuffer.wrap(ended), 1 << 20));
  }

  @Test
  void aClosedDeflaterRefusesWork() {
    MessageDeflater deflater = new MessageDeflater(pool, false, 15);
    deflater.compress(ByteBuffer.wrap(text(10)));
    deflater.close();
    assertThrows(IllegalStateException.class, () -> deflater.compress(ByteBuffer.wrap(text(10))));
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}
