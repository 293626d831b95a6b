package dev.ippo.conformance;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Builds frames bit by bit, including the ones RFC 6455 forbids, and parses frames out of a
 * byte buffer. Written for the tests, independent of Ippo's own protocol code, so that the
 * suite never agrees with Ippo by sharing its bugs.
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-------+-+-------------+-------------------------------+
 * |F|R|R|R| opcode|M| Payload len |    Extended payload length    |
 * |I|S|S|S|  (4)  |A|     (7)     |             (16/64)           |
 * |N|V|V|V|       |S|             |   (if payload len==126/127)   |
 * | |1|2|3|       |K|             |                               |
 * +-+-+-+-+-------+-+-------------+-------------------------------+
 * </pre>
 *
 * <p>Stateless; thread safe.
 */
final class FrameCodec {
  /** The largest frame this codec will parse, so a broken peer cannot exhaust the heap. */
  static final int MAX_PARSED_PAYLOAD = 64 * 1024 * 1024;

  private FrameCodec() {}

  /** A frame masked with a fresh random key, as a client sends it. */
  static byte[] masked(boolean fin, int rsv, int opcode, byte[] payload) {
    byte[] key = new byte[4];
    ThreadLocalRandom.current().nextBytes(key);
    return encode(fin, rsv, opcode, payload, key);
  }

  /** An unmasked frame, as a server sends it. */
  static byte[] unmasked(boolean fin, int rsv, int opcode, byte[] payload) {
    return encode(fin, rsv, opcode, payload, null);
  }

  /** A frame; {@code maskKey} null means unmasked. */
  static byte[] encode(boolean fin, int rsv, int opcode, byte[] payload, byte[] maskKey) {
    byte[] head = header(fin, rsv, opcode, maskKey, payload.length);
    byte[] out = new byte[head.length + payload.length];
    System.arraycopy(head, 0, out, 0, head.length);
    for (int i = 0; i < payload.length; i++) {
      out[head.length + i] = maskKey == null ? payload[i] : (byte) (payload[i] ^ maskKey[i & 3]);
    }
    return out;
  }

  /**
   * A frame header that declares {@code length} bytes, in the shortest encoding; a negative
   * length is written as a 64-bit length with its most significant bit set, which the RFC
   * forbids.
   */
  static byte[] header(boolean fin, int rsv, int opcode, byte[] maskKey, long length) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(14);
    out.write((fin ? 0x80 : 0) | (rsv & 7) << 4 | (opcode & 0xF));
    int maskBit = maskKey == null ? 0 : 0x80;
    if (length >= 0 && length <= 125) {
      out.write(maskBit | (int) length);
    } else if (length >= 0 && length <= 0xFFFF) {
      out.write(maskBit | 126);
      out.write((int) (length >>> 8));
      out.write((int) length);
    } else {
      out.write(maskBit | 127);
      for (int shift = 56; shift >= 0; shift -= 8) {
        out.write((int) (length >>> shift));
      }
    }
    if (maskKey != null) {
      out.write(maskKey, 0, 4);
    }
    return out.toByteArray();
  }

  /** A close payload: the code in two bytes, then the reason. */
  static byte[] closePayload(int code, byte[] reason) {
    byte[] out = new byte[2 + reason.length];
    out[0] = (byte) (code >>> 8);
    out[1] = (byte) code;
    System.arraycopy(reason, 0, out, 2, reason.length);
    return out;
  }

  static byte[] closePayload(int code, String reason) {
    return closePayload(code, reason.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * Parses one frame from {@code buf[0..length)}.
   *
   * @return the frame and how many bytes it took, or null when the bytes end before it does
   * @throws IllegalStateException when the frame declares a length this codec refuses
   */
  static Parsed parse(byte[] buf, int length) {
    if (length < 2) {
      return null;
    }
    int b0 = buf[0] & 0xFF;
    int b1 = buf[1] & 0xFF;
    boolean masked = (b1 & 0x80) != 0;
    long len = b1 & 0x7F;
    int pos = 2;
    if (len == 126) {
      if (length < 4) {
        return null;
      }
      len = ((buf[2] & 0xFF) << 8) | (buf[3] & 0xFF);
      pos = 4;
    } else if (len == 127) {
      if (length < 10) {
        return null;
      }
      len = 0;
      for (int i = 2; i < 10; i++) {
        len = (len << 8) | (buf[i] & 0xFF);
      }
      pos = 10;
    }
    if (len < 0 || len > MAX_PARSED_PAYLOAD) {
      throw new IllegalStateException("peer declared a frame of " + Long.toUnsignedString(len)
          + " bytes");
    }
    byte[] key = null;
    if (masked) {
      if (length < pos + 4) {
        return null;
      }
      key = new byte[] {buf[pos], buf[pos + 1], buf[pos + 2], buf[pos + 3]};
      pos += 4;
    }
    if (length < pos + len) {
      return null;
    }
    byte[] payload = new byte[(int) len];
    for (int i = 0; i < payload.length; i++) {
      payload[i] = key == null ? buf[pos + i] : (byte) (buf[pos + i] ^ key[i & 3]);
    }
    Frame frame = new Frame((b0 & 0x80) != 0, (b0 >>> 4) & 7, b0 & 0xF, masked, payload);
    return new Parsed(frame, pos + payload.length);
  }

  /** A parsed frame and the number of bytes it occupied. */
  record Parsed(Frame frame, int consumed) {}
}
