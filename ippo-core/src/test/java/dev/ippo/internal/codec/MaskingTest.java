package dev.ippo.internal.codec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Random;
import org.junit.jupiter.api.Test;

class MaskingTest {

  /** The RFC's definition, one byte at a time: octet i XOR key octet (offset + i) mod 4. */
  static byte[] reference(byte[] data, int from, int to, int key, long offset) {
    byte[] out = data.clone();
    for (int i = from; i < to; i++) {
      int keyByte = (int) ((offset + i - from) % 4);
      out[i] = (byte) (data[i] ^ (key >>> (24 - 8 * keyByte)));
    }
    return out;
  }

  @Test
  void rfcExample() {
    ByteBuffer buf = ByteBuffer.wrap("Hello".getBytes());
    Masking.mask(buf, 0x37fa213d, 0);
    assertArrayEquals(Bytes.hex("7f 9f 4d 51 58"), buf.array());
  }

  @Test
  void matchesReferenceAtRandomOffsetsLengthsAndPhases() {
    Random random = new Random(5);
    for (int round = 0; round < 3000; round++) {
      int size = random.nextInt(80);
      byte[] data = new byte[size];
      random.nextBytes(data);
      int from = size == 0 ? 0 : random.nextInt(size + 1);
      int to = from + random.nextInt(size - from + 1);
      int key = random.nextInt();
      long offset = random.nextInt(1 << 20) + (round % 7 == 0 ? (1L << 40) : 0);
      byte[] expected = reference(data, from, to, key, offset);

      int kind = round % 3;
      ByteBuffer buf = kind == 0 ? ByteBuffer.allocate(size) : ByteBuffer.allocateDirect(size);
      if (kind == 2) {
        buf.order(ByteOrder.LITTLE_ENDIAN);
      }
      buf.put(data).clear();
      buf.position(from).limit(to);
      Masking.mask(buf, key, offset);
      assertEquals(from, buf.position(), "position must not move");
      assertEquals(to, buf.limit());
      byte[] actual = new byte[size];
      buf.clear().get(actual);
      assertArrayEquals(expected, actual, () -> "from " + from + " to " + to + " off " + offset);
    }
  }

  @Test
  void maskingInPiecesEqualsMaskingAtOnce() {
    Random random = new Random(9);
    byte[] data = new byte[1000];
    random.nextBytes(data);
    int key = random.nextInt();
    byte[] whole = reference(data, 0, data.length, key, 0);
    ByteBuffer buf = ByteBuffer.wrap(data.clone());
    int at = 0;
    while (at < data.length) {
      int n = Math.min(data.length - at, random.nextInt(30));
      buf.limit(at + n).position(at);
      Masking.mask(buf, key, at);
      at += n;
    }
    assertArrayEquals(whole, buf.array());
  }

  @Test
  void maskTwiceRestores() {
    byte[] data = Bytes.counting(333);
    ByteBuffer buf = ByteBuffer.wrap(data.clone());
    Masking.mask(buf, 0xDEADBEEF, 3);
    Masking.mask(buf, 0xDEADBEEF, 3);
    assertArrayEquals(data, buf.array());
  }
}
