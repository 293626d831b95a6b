package dev.ippo.internal.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Feeds bytes to a {@link FrameReader} in chosen pieces, as a socket would. */
final class Feeding {
  private Feeding() {}

  /** Feeds {@code data} cut at {@code cuts} (ascending offsets), each piece in a fresh buffer. */
  static void feed(FrameReader reader, byte[] data, List<Integer> cuts, boolean direct) {
    int start = 0;
    List<Integer> ends = new ArrayList<>(cuts);
    ends.add(data.length);
    for (int end : ends) {
      ByteBuffer piece =
          direct ? ByteBuffer.allocateDirect(end - start) : ByteBuffer.allocate(end - start);
      piece.put(data, start, end - start).flip();
      reader.read(piece);
      assertEquals(piece.limit(), piece.position(), "read() must consume every byte");
      start = end;
    }
  }

  static void feedWhole(FrameReader reader, byte[] data) {
    feed(reader, data, List.of(), false);
  }

  static void feedByteByByte(FrameReader reader, byte[] data) {
    List<Integer> cuts = new ArrayList<>();
    for (int i = 1; i < data.length; i++) {
      cuts.add(i);
    }
    feed(reader, data, cuts, false);
  }

  /** Random cut points, sorted; some pieces empty, some large. */
  static List<Integer> randomCuts(Random random, int length) {
    int count = random.nextInt(Math.min(length, 40) + 1);
    List<Integer> cuts = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      cuts.add(random.nextInt(length + 1));
    }
    cuts.sort(null);
    return cuts;
  }
}
