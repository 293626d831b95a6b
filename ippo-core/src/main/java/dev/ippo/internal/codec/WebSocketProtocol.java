package dev.ippo.internal.codec;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/**
 * The constants of RFC 6455 and the few pure functions that go with them.
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-------+-+-------------+-------------------------------+
 * |F|R|R|R| opcode|M| Payload len |    Extended payload length    |
 * |I|S|S|S|  (4)  |A|     (7)     |             (16/64)           |
 * |N|V|V|V|       |S|             |   (if payload len==126/127)   |
 * | |1|2|3|       |K|             |                               |
 * +-+-+-+-+-------+-+-------------+ - - - - - - - - - - - - - - - +
 * |     Extended payload length continued, if payload len == 127  |
 * + - - - - - - - - - - - - - - - +-------------------------------+
 * |                               |Masking-key, if MASK set to 1  |
 * +-------------------------------+-------------------------------+
 * | Masking-key (continued)       |          Payload Data         |
 * +-------------------------------- - - - - - - - - - - - - - - - +
 * </pre>
 *
 * <p>Thread safe: only constants and pure functions.
 */
public final class WebSocketProtocol {
  private WebSocketProtocol() {}

  /** The GUID that RFC 6455 section 1.3 appends to the client's key. */
  public static final String ACCEPT_GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";
  /** The only protocol version this library speaks. */
  public static final int VERSION = 13;

  public static final int OPCODE_CONTINUATION = 0x0;
  public static final int OPCODE_TEXT = 0x1;
  public static final int OPCODE_BINARY = 0x2;
  public static final int OPCODE_CLOSE = 0x8;
  public static final int OPCODE_PING = 0x9;
  public static final int OPCODE_PONG = 0xA;
  /** Opcodes with this bit set are control frames. */
  public static final int OPCODE_FLAG_CONTROL = 0x8;

  /** Byte 0: final fragment. */
  public static final int B0_FLAG_FIN = 0x80;
  /** Byte 0: first reserved bit, "compressed" under permessage-deflate. */
  public static final int B0_FLAG_RSV1 = 0x40;
  public static final int B0_FLAG_RSV2 = 0x20;
  public static final int B0_FLAG_RSV3 = 0x10;
  public static final int B0_MASK_OPCODE = 0x0F;
  /** Byte 1: the payload is masked. */
  public static final int B1_FLAG_MASK = 0x80;
  public static final int B1_MASK_LENGTH = 0x7F;

  /** Largest length that fits in the 7-bit field. Also the largest control frame payload. */
  public static final int PAYLOAD_BYTE_MAX = 125;
  /** 7-bit marker: a 16-bit length follows. */
  public static final int PAYLOAD_SHORT = 126;
  public static final int PAYLOAD_SHORT_MAX = 0xFFFF;
  /** 7-bit marker: a 64-bit length follows. */
  public static final int PAYLOAD_LONG = 127;
  /** Longest possible frame header: 2 + 8 bytes of length + 4 bytes of mask. */
  public static final int MAX_HEADER_LENGTH = 14;

  /** Whether {@code opcode} names a control frame (close, ping, pong or a reserved one). */
  public static boolean isControl(int opcode) {
    return (opcode & OPCODE_FLAG_CONTROL) != 0;
  }

  /**
   * The {@code Sec-WebSocket-Accept} value for a client's {@code Sec-WebSocket-Key}:
   * base64(SHA-1(key + GUID)).
   */
  public static String acceptKey(String key) {
    MessageDigest sha1 = SHA1.get();
    sha1.update(key.getBytes(StandardCharsets.ISO_8859_1));
    sha1.update(ACCEPT_GUID_BYTES);
    return Base64.getEncoder().encodeToString(sha1.digest());
  }

  /** A digest per thread: getInstance looks up providers and allocates on every call. */
  private static final ThreadLocal<MessageDigest> SHA1 = ThreadLocal.withInitial(() -> {
    try {
      return MessageDigest.getInstance("SHA-1");
    } catch (NoSuchAlgorithmException e) {
      // Every Java platform must provide SHA-1 (java.security.MessageDigest Javadoc).
      throw new IllegalStateException(e);
    }
  });

  private static final byte[] ACCEPT_GUID_BYTES = ACCEPT_GUID.getBytes(StandardCharsets.ISO_8859_1);

  /**
   * Whether a close frame may carry {@code code}: 1000-1003, 1007-1014 (registered) and
   * 3000-4999 (libraries and applications). 1004-1006 and 1015 are never sent.
   */
  public static boolean isValidCloseCode(int code) {
    return (code >= 1000 && code <= 1003)
        || (code >= 1007 && code <= 1014)
        || (code >= 3000 && code <= 4999);
  }
}
