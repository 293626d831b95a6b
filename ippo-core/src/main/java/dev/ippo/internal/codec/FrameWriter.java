package dev.ippo.internal.codec;

import static dev.ippo.internal.codec.WebSocketProtocol.B0_FLAG_FIN;
import static dev.ippo.internal.codec.WebSocketProtocol.B0_FLAG_RSV1;
import static dev.ippo.internal.codec.WebSocketProtocol.B1_FLAG_MASK;
import static dev.ippo.internal.codec.WebSocketProtocol.PAYLOAD_BYTE_MAX;
import static dev.ippo.internal.codec.WebSocketProtocol.PAYLOAD_LONG;
import static dev.ippo.internal.codec.WebSocketProtocol.PAYLOAD_SHORT;
import static dev.ippo.internal.codec.WebSocketProtocol.PAYLOAD_SHORT_MAX;

import dev.ippo.CloseCode;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * Frames messages: pure functions from payload to wire bytes, so that one encoded frame can
 * be shared by every receiver of a broadcast.
 *
 * <p>Thread safe: no state.
 */
public final class FrameWriter {
  private FrameWriter() {}

  /** Bytes of the header for this payload length, with or without a mask key. */
  public static int headerLength(long payloadLength, boolean masked) {
    if (payloadLength < 0) {
      throw new IllegalArgumentException("payloadLength < 0: " + payloadLength);
    }
    int length =
        payloadLength <= PAYLOAD_BYTE_MAX ? 2 : payloadLength <= PAYLOAD_SHORT_MAX ? 4 : 10;
    return masked ? length + 4 : length;
  }

  /** The payload bytes of {@code frame}, one whole frame from its position on. */
  public static int payloadLength(ByteBuffer frame) {
    int b1 = frame.get(frame.position() + 1);
    int extended = switch (b1 & 0x7F) {
      case 126 -> 2;
      case 127 -> 8;
      default -> 0;
    };
    int mask = (b1 & 0x80) != 0 ? 4 : 0;
    return frame.remaining() - 2 - extended - mask;
  }

  /**
   * A new buffer (position 0, limit at its end) holding one frame: header, then the
   * remaining bytes of {@code payload} (masked with {@code maskKey} when {@code masked}).
   * {@code payload}'s position does not move. The length takes the shortest form; the mask
   * key goes on the wire most significant byte first ({@code putInt(maskKey)}).
   *
   * @throws IllegalArgumentException for an opcode outside 0-15, or a control frame that is
   *     not final or has more than 125 bytes of payload
   */
  public static ByteBuffer frame(
      int opcode, boolean fin, boolean rsv1, ByteBuffer payload, boolean masked, int maskKey) {
    if (opcode < 0 || opcode > 0xF) {
      throw new IllegalArgumentException("opcode out of range: " + opcode);
    }
    int length = payload.remaining();
    if (WebSocketProtocol.isControl(opcode) && (!fin || length > PAYLOAD_BYTE_MAX)) {
      throw new IllegalArgumentException(
          "control frame must be final with at most 125 bytes, got " + length);
    }
    ByteBuffer frame = ByteBuffer.allocate(headerLength(length, masked) + length);
    frame.put((byte) ((fin ? B0_FLAG_FIN : 0) | (rsv1 ? B0_FLAG_RSV1 : 0) | opcode));
    int maskBit = masked ? B1_FLAG_MASK : 0;
    if (length <= PAYLOAD_BYTE_MAX) {
      frame.put((byte) (maskBit | length));
    } else if (length <= PAYLOAD_SHORT_MAX) {
      frame.put((byte) (maskBit | PAYLOAD_SHORT));
      frame.putShort((short) length);
    } else {
      frame.put((byte) (maskBit | PAYLOAD_LONG));
      frame.putLong(length);
    }
    if (masked) {
      frame.putInt(maskKey);
    }
    int payloadStart = frame.position();
    // Absolute: the caller's position stays, and no view of its buffer is made.
    frame.put(payloadStart, payload, payload.position(), payload.remaining());
    frame.position(payloadStart + payload.remaining());
    if (masked) {
      frame.position(payloadStart);
      Masking.mask(frame, maskKey, 0);
    }
    frame.position(0);
    return frame;
  }

  /**
   * The payload of a close frame: empty for 1005 (no status), else the code and the UTF-8
   * reason ({@code null} is taken as ""). The one check of what a close may carry.
   *
   * @throws IllegalArgumentException when the code may not be sent (see
   *     {@link WebSocketProtocol#isValidCloseCode}), the reason is over 123 bytes of UTF-8,
   *     or there is a reason without a code
   */
  public static ByteBuffer closePayload(int code, String reason) {
    String why = reason == null ? "" : reason;
    if (code == CloseCode.NO_STATUS) {
      if (!why.isEmpty()) {
        throw new IllegalArgumentException("a close reason needs a close code");
      }
      return ByteBuffer.allocate(0);
    }
    if (!WebSocketProtocol.isValidCloseCode(code)) {
      throw new IllegalArgumentException("close code not allowed: " + code);
    }
    byte[] utf8 = why.getBytes(StandardCharsets.UTF_8);
    if (2 + utf8.length > PAYLOAD_BYTE_MAX) {
      throw new IllegalArgumentException("close reason over 123 bytes of UTF-8: " + utf8.length);
    }
    ByteBuffer payload = ByteBuffer.allocate(2 + utf8.length);
    payload.putShort((short) code).put(utf8).flip();
    return payload;
  }
}
