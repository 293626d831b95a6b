package dev.ippo.bench.soak;

import dev.ippo.bench.soak.Wire.Frame;
import dev.ippo.bench.soak.Wire.Unexpected;
import java.io.IOException;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * The lives of the soak's peers of {@code ippo echo}: those that behave and churn, those
 * that vanish, those that read slowly, and those that break the protocol. Each checks what
 * a correct server must do and throws {@link Unexpected} when it does not.
 *
 * <p>Thread safe: no state; each call runs on its slot's thread.
 */
final class EchoPeers {
  private EchoPeers() {}

  /** Churn: open, a few echoes (some fragmented, now and then 64 KiB), a clean close. */
  static void churn(Slot slot) throws IOException {
    Random random = slot.random;
    Wire wire = slot.open("/", 0);
    int count = 1 + random.nextInt(5);
    for (int i = 0; i < count; i++) {
      slot.pause(100 + random.nextInt(700));
      boolean text = random.nextBoolean();
      int size = random.nextInt(20) == 0 ? 65536 : random.nextInt(2048);
      byte[] payload = text ? ascii(random, size) : bytes(random, size);
      int opcode = text ? Wire.TEXT : Wire.BINARY;
      if (random.nextInt(5) == 0) {
        wire.sendFragmented(opcode, payload, 2 + random.nextInt(3));
      } else {
        wire.send(opcode, payload);
      }
      expectEcho(wire, opcode, payload);
    }
    slot.tally.answered(count);
    closeNormally(wire);
    slot.tally.lived();
  }

  /** The ways an abrupt peer goes. */
  static final String[] ABRUPT_ENDS = {"reset", "reset mid-frame", "8 MiB announced, reset",
      "FIN without close"};

  /**
   * Vanishes: after up to two echoes, a TCP reset, a reset in the middle of a frame, a frame
   * announcing 8 MiB of which 10 bytes come before a reset a second or more later, or a
   * FIN with no close frame.
   */
  static void abrupt(Slot slot) throws IOException {
    Random random = slot.random;
    Wire wire = slot.open("/", 0);
    int count = random.nextInt(3);
    for (int i = 0; i < count; i++) {
      byte[] payload = ascii(random, random.nextInt(256));
      wire.send(Wire.TEXT, payload);
      expectEcho(wire, Wire.TEXT, payload);
    }
    slot.tally.answered(count);
    int end = random.nextInt(ABRUPT_ENDS.length);
    switch (end) {
      case 0 -> wire.reset();
      case 1 -> {
        byte[] frame = wire.frame(true, Wire.BINARY, 0, 1000, bytes(random, 1000), true);
        wire.sendRaw(Arrays.copyOf(frame, 1 + random.nextInt(frame.length - 1)));
        wire.reset();
      }
      case 2 -> {
        wire.sendRaw(wire.frame(true, Wire.BINARY, 0, 8L << 20, bytes(random, 10), true));
        slot.pause(1000 + random.nextInt(2000));
        wire.reset();
      }
      default -> wire.close();
    }
    slot.tally.lived(end);
  }

  /** The ways a slow reader's life ends well. */
  static final String[] SLOW_ENDS = {"within the mark, all read", "over the mark, dropped"};

  private static final int SLOW_MESSAGE = 64 * 1024;
  /**
   * A 64 KiB frame on the wire: 65 536 needs the 8-byte length (RFC 6455 5.2: 126 and its
   * 2 bytes go only to 65 535), so 10 bytes of header. With 4, as this was, a reader counted
   * itself done 48 bytes early and its close handshake parsed the echoes' tail as frames:
   * "a masked frame from the server", about once in 1200 lives.
   */
  private static final int SLOW_WIRE_SIZE = SLOW_MESSAGE + 10;

  /**
   * Reads slowly (at most 8 KiB every 20 ms, through a 4 KiB receive buffer) what it asked
   * to be echoed: half the time 8 messages of 64 KiB, which stay under the server's 1 MiB
   * high-water mark and must all arrive; otherwise 200 (12.5 MiB), more than the mark and
   * any kernel's socket buffers hold, so the server must drop it as too slow.
   */
  static void slowReader(Slot slot) throws IOException {
    Random random = slot.random;
    Wire wire = slot.open("/", 4096);
    boolean withinMark = random.nextBoolean();
    int count = withinMark ? 8 : 200;
    byte[] payload = bytes(random, SLOW_MESSAGE);
    long expected = (long) count * SLOW_WIRE_SIZE;
    long read = 0;
    try {
      for (int i = 0; i < count; i++) {
        wire.send(Wire.BINARY, payload);
      }
      while (read < expected) {
        int n = wire.drain(8192);
        if (n < 0) {
          break;
        }
        read += n;
        slot.pause(20);
      }
    } catch (Unexpected e) {
      throw e;
    } catch (SocketException dropped) {
      // reset by the server, or a write into a connection it closed
    }
    boolean allRead = read >= expected;
    if (allRead != withinMark) {
      throw new Unexpected(withinMark
          ? "a slow reader under the high-water mark was dropped after " + read + " of "
              + expected + " bytes"
          : "a reader 12.5 MiB behind was never dropped");
    }
    if (withinMark) {
      slot.tally.answered(count);
      closeNormally(wire);
    }
    slot.tally.lived(withinMark ? 0 : 1);
  }

  /**
   * Floods pings (125 bytes each, 64 at a time every 10 ms) for 5 to 10 s through a 4 KiB
   * receive buffer and never reads the pongs, then resets: the server must answer only what
   * it can (RFC 6455 5.5.3 lets it answer the latest) and stay within its budgets.
   */
  static void pingFlood(Slot slot) throws IOException {
    Random random = slot.random;
    Wire wire = slot.open("/", 4096);
    byte[] ping = wire.frame(true, Wire.PING, 0, 125, bytes(random, 125), true);
    byte[] burst = new byte[ping.length * 64];
    for (int i = 0; i < 64; i++) {
      System.arraycopy(ping, 0, burst, i * ping.length, ping.length);
    }
    long until = System.nanoTime() + (5_000 + random.nextInt(5_000)) * 1_000_000L;
    try {
      while (System.nanoTime() < until) {
        wire.sendRaw(burst);
        slot.pause(10); // about 6400 pings a second from each
      }
    } catch (SocketException dropped) {
      slot.tally.lived(1); // dropped as too slow: its pongs were more than it read
      return;
    }
    wire.reset();
    slot.tally.lived(0);
  }

  /** The ways a ping flood ends well. */
  static final String[] FLOOD_ENDS = {"flooded, then reset", "dropped as too slow"};

  /** A violation of RFC 6455 and the close code it must get. */
  private record Violation(String name, int code, byte[] bytes) {}

  private static List<Violation> violations(Wire w, Random random) {
    byte[] hello = ascii(random, 5);
    return List.of(
        new Violation("unmasked", 1002, w.frame(true, Wire.TEXT, 0, 5, hello, false)),
        new Violation("reserved opcode", 1002, w.frame(true, 3, 0, 5, hello, true)),
        new Violation("RSV1 unagreed", 1002, w.frame(true, Wire.TEXT, 4, 5, hello, true)),
        new Violation("ping over 125 B", 1002,
            w.frame(true, Wire.PING, 0, 126, new byte[126], true)),
        new Violation("fragmented ping", 1002, w.frame(false, Wire.PING, 0, 5, hello, true)),
        new Violation("continuation first", 1002,
            w.frame(true, Wire.CONTINUATION, 0, 5, hello, true)),
        new Violation("text not UTF-8", 1007,
            w.frame(true, Wire.TEXT, 0, 2, new byte[] {(byte) 0xC0, (byte) 0xAF}, true)),
        new Violation("close code 1005", 1002,
            w.frame(true, Wire.CLOSE, 0, 2, new byte[] {0x03, (byte) 0xED}, true)),
        new Violation("17 MiB announced", 1009,
            w.frame(true, Wire.BINARY, 0, 17L << 20, new byte[0], true)),
        new Violation("message inside a message", 1002, concat(
            w.frame(false, Wire.TEXT, 0, 5, hello, true),
            w.frame(true, Wire.TEXT, 0, 5, hello, true))));
  }

  /**
   * Breaks the protocol once, after an echo or not, and must get the RFC's close code and
   * then the end of the connection; or sends 200 to 2000 random bytes instead of a handshake
   * and must get a 4xx answer.
   */
  static void invalid(Slot slot) throws IOException {
    Random random = slot.random;
    if (random.nextInt(10) == 0) {
      Wire wire = slot.connect();
      wire.sendRaw(concat(bytes(random, 200 + random.nextInt(1800)),
          "\r\n\r\n".getBytes(StandardCharsets.US_ASCII)));
      String head = wire.readHead();
      if (!head.startsWith("HTTP/1.1 4")) {
        throw new Unexpected("garbage instead of a handshake got "
            + head.lines().findFirst().orElse(""));
      }
      wire.expectEnd();
      slot.tally.lived();
      return;
    }
    Wire wire = slot.open("/", 0);
    if (random.nextBoolean()) {
      byte[] payload = ascii(random, 100);
      wire.send(Wire.TEXT, payload);
      expectEcho(wire, Wire.TEXT, payload);
      slot.tally.answered(1);
    }
    List<Violation> all = violations(wire, random);
    Violation v = all.get(random.nextInt(all.size()));
    wire.sendRaw(v.bytes);
    int code = wire.readCloseAndEnd();
    if (code != v.code) {
      throw new Unexpected(v.name + " got close code " + code + ", not " + v.code);
    }
    slot.tally.lived();
  }

  private static void expectEcho(Wire wire, int opcode, byte[] payload) throws IOException {
    Frame first = wire.readData();
    byte[] got = first.payload();
    Frame frame = first;
    while (!frame.fin()) {
      frame = wire.readData();
      got = concat(got, frame.payload());
    }
    if (first.opcode() != opcode || !Arrays.equals(got, payload)) {
      throw new Unexpected("an echo of opcode " + first.opcode() + " and " + got.length
          + " bytes, for opcode " + opcode + " and " + payload.length + " bytes");
    }
  }

  /** Sends close 1000 and expects the server's 1000 and then its end of the stream. */
  static void closeNormally(Wire wire) throws IOException {
    wire.sendClose(1000);
    int code = wire.readCloseAndEnd();
    if (code != 1000) {
      throw new Unexpected("close 1000 was answered with " + code);
    }
  }

  static byte[] ascii(Random random, int size) {
    byte[] text = new byte[size];
    for (int i = 0; i < size; i++) {
      text[i] = (byte) ('a' + random.nextInt(26));
    }
    return text;
  }

  private static byte[] bytes(Random random, int size) {
    byte[] bytes = new byte[size];
    random.nextBytes(bytes);
    return bytes;
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] both = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, both, a.length, b.length);
    return both;
  }
}
