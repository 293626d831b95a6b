package dev.ippo.internal.codec;

import dev.ippo.CloseCode;
import dev.ippo.ProtocolError;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * What a close frame's payload says (RFC 6455 section 5.5.1): a code, 1005 when it is empty,
 * and a UTF-8 reason.
 *
 * @param code the close code
 * @param reason the reason, "" when none
 */
public record ClosePayload(int code, String reason) {
  /**
   * Reads {@code payload} (position to limit; the reader checked it is not 1 byte long).
   *
   * @throws ProtocolException for a code no peer may send, or a reason that is not UTF-8
   */
  public static ClosePayload parse(ByteBuffer payload) throws ProtocolException {
    if (!payload.hasRemaining()) {
      return new ClosePayload(CloseCode.NO_STATUS, "");
    }
    int p = payload.position();
    int code = ((payload.get(p) & 0xFF) << 8) | (payload.get(p + 1) & 0xFF);
    if (!WebSocketProtocol.isValidCloseCode(code)) {
      throw new ProtocolException(ProtocolError.INVALID_CLOSE_CODE, "Invalid close code " + code);
    }
    ByteBuffer reason = payload.slice(p + 2, payload.remaining() - 2);
    if (!Utf8Validator.isValid(reason)) {
      throw new ProtocolException(ProtocolError.INVALID_UTF8, "Invalid UTF-8 in close reason");
    }
    return new ClosePayload(code, StandardCharsets.UTF_8.decode(reason).toString());
  }
}
