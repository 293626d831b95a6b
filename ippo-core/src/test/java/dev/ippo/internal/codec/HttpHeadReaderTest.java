package dev.ippo.internal.codec;

import static dev.ippo.internal.codec.HttpRequestTest.ascii;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

class HttpHeadReaderTest {
  static final String HEAD =
      "GET /chat HTTP/1.1\r\nHost: a\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\r\n";
  static final byte[] FRAMES = Bytes.hex("81 05 48 65 6c 6c 6f");

  /** Feeds head + frames cut at {@code cuts}; returns the head and checks what follows it. */
  private static void checkSplit(int... cuts) throws HandshakeException {
    byte[] all = Bytes.concat(HEAD.getBytes(StandardCharsets.ISO_8859_1), FRAMES);
    HttpHeadReader reader = new HttpHeadReader(1024);
    ByteBuffer head = null;
    int start = 0;
    byte[] rest = null;
    int[] ends = java.util.Arrays.copyOf(cuts, cuts.length + 1);
    ends[cuts.length] = all.length;
    for (int end : ends) {
      ByteBuffer piece = ByteBuffer.wrap(all, start, end - start);
      if (head == null) {
        head = reader.read(piece);
        if (head == null) {
          assertEquals(piece.limit(), piece.position(), "all consumed while incomplete");
        } else {
          rest = Bytes.remaining(piece);
        }
      } else {
        rest = Bytes.concat(rest, Bytes.remaining(piece));
      }
      start = end;
    }
    assertNotNull(head);
    assertEquals(HEAD, StandardCharsets.ISO_8859_1.decode(head).toString());
    assertArrayEquals(FRAMES, rest, "the bytes after the head stay in the buffer");
  }

  @Test
  void whole() throws HandshakeException {
    checkSplit();
  }

  @Test
  void everyTwoWaySplit() throws HandshakeException {
    int length = HEAD.length() + FRAMES.length;
    for (int cut = 0; cut <= length; cut++) {
      checkSplit(cut);
    }
  }

  @Test
  void oneByteAtATime() throws HandshakeException {
    int length = HEAD.length() + FRAMES.length;
    int[] cuts = new int[length - 1];
    for (int i = 0; i < cuts.length; i++) {
      cuts[i] = i + 1;
    }
    checkSplit(cuts);
  }

  @Test
  void seededRandomSplits() throws HandshakeException {
    Random random = new Random(431);
    int length = HEAD.length() + FRAMES.length;
    for (int round = 0; round < 200; round++) {
      checkSplit(Feeding.randomCuts(random, length).stream().mapToInt(i -> i).toArray());
    }
  }

  @Test
  void overTheLimitIs431() throws HandshakeException {
    int exact = HEAD.length();
    assertNotNull(new HttpHeadReader(exact).read(ascii(HEAD)));
    HandshakeException whole =
        assertThrows(
            HandshakeException.class, () -> new HttpHeadReader(exact - 1).read(ascii(HEAD)));
    assertEquals(431, whole.status());

    HttpHeadReader reader = new HttpHeadReader(exact - 1);
    byte[] bytes = HEAD.getBytes(StandardCharsets.ISO_8859_1);
    for (int i = 0; i < exact - 1; i++) {
      assertNull(reader.read(ByteBuffer.wrap(bytes, i, 1)));
    }
    HandshakeException last =
        assertThrows(
            HandshakeException.class, () -> reader.read(ByteBuffer.wrap(bytes, exact - 1, 1)));
    assertEquals(431, last.status());
  }

  @Test
  void endlessHeadFailsWithoutWaitingForItsEnd() {
    HttpHeadReader reader = new HttpHeadReader(100);
    ByteBuffer junk = ByteBuffer.wrap(new byte[1000]);
    assertThrows(HandshakeException.class, () -> reader.read(junk));
  }

  @Test
  void bareLineFeedsDoNotEndTheHead() throws HandshakeException {
    HttpHeadReader reader = new HttpHeadReader(100);
    assertNull(reader.read(ascii("GET / HTTP/1.1\n\n\r\n\n\r\r\n")));
    ByteBuffer head = reader.read(ascii("\r\nX"));
    assertEquals(
        "GET / HTTP/1.1\n\n\r\n\n\r\r\n\r\n", StandardCharsets.ISO_8859_1.decode(head).toString());
  }

  @Test
  void readsSeveralHeadsInARow() throws HandshakeException {
    HttpHeadReader reader = new HttpHeadReader(100);
    ByteBuffer both = ascii("A\r\n\r\nB\r\n\r\n");
    assertEquals("A\r\n\r\n", StandardCharsets.ISO_8859_1.decode(reader.read(both)).toString());
    assertEquals("B\r\n\r\n", StandardCharsets.ISO_8859_1.decode(reader.read(both)).toString());
    assertEquals(both.limit(), both.position());
  }
}
