package dev.ippo;

/**
 * Every way a peer can break RFC 6455, each with the close code sent back and a stable
 * name for logs and documentation (the names follow Node's {@code ws} where it has one).
 */
public enum ProtocolError {
  /** A reserved opcode (3-7, 11-15). */
  INVALID_OPCODE(1002),
  /** RSV1 set without a negotiated extension that gives it meaning. */
  UNEXPECTED_RSV_1(1002),
  /** RSV2 or RSV3 set. */
  UNEXPECTED_RSV_2_3(1002),
  /** A client frame without a mask (server side). */
  EXPECTED_MASK(1002),
  /** A server frame with a mask (client side). */
  UNEXPECTED_MASK(1002),
  /** A control frame with more than 125 bytes of payload. */
  INVALID_CONTROL_PAYLOAD_LENGTH(1002),
  /** A control frame without FIN. */
  EXPECTED_FIN(1002),
  /** A continuation frame with no message to continue. */
  UNEXPECTED_CONTINUATION(1002),
  /** A text or binary frame while a fragmented message is still open. */
  EXPECTED_CONTINUATION(1002),
  /** A 64-bit length with the most significant bit set. */
  INVALID_PAYLOAD_LENGTH(1002),
  /** A close frame with a one-byte payload. */
  INVALID_CLOSE_PAYLOAD(1002),
  /** A close code that may not be sent on the wire. */
  INVALID_CLOSE_CODE(1002),
  /** A text message or close reason that is not UTF-8. */
  INVALID_UTF8(1007),
  /** A message larger than the configured maximum. */
  MESSAGE_TOO_BIG(1009),
  /** A compressed message that does not inflate (permessage-deflate). */
  INVALID_COMPRESSED_DATA(1007);

  private final int closeCode;

  ProtocolError(int closeCode) {
    this.closeCode = closeCode;
  }

  /** The close code this error sends to the peer. */
  public int closeCode() {
    return closeCode;
  }
}
