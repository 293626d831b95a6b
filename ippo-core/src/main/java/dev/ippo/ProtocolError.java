package dev.ippo;

/**
 * Every way a peer can break RFC 6455 (and RFC 7692), each with the close code sent back and
 * a stable name for logs and documentation (the names follow Node's {@code ws} where it has
 * one). {@link ErrorEvent#protocolError()} says which one it was.
 *
 * <pre>{@code
 * ws.onError(e -> {
 *   if (e.protocolError() == ProtocolError.MESSAGE_TOO_BIG) log.warn("peer sent too much");
 * });
 * }</pre>
 */
public enum ProtocolError {
  /** A reserved opcode (3-7, 11-15). */
  INVALID_OPCODE(CloseCode.PROTOCOL_ERROR),
  /** RSV1 set without a negotiated extension that gives it meaning. */
  UNEXPECTED_RSV_1(CloseCode.PROTOCOL_ERROR),
  /** RSV2 or RSV3 set. */
  UNEXPECTED_RSV_2_3(CloseCode.PROTOCOL_ERROR),
  /** A client frame without a mask (server side). */
  EXPECTED_MASK(CloseCode.PROTOCOL_ERROR),
  /** A server frame with a mask (client side). */
  UNEXPECTED_MASK(CloseCode.PROTOCOL_ERROR),
  /** A control frame with more than 125 bytes of payload. */
  INVALID_CONTROL_PAYLOAD_LENGTH(CloseCode.PROTOCOL_ERROR),
  /** A control frame without FIN. */
  EXPECTED_FIN(CloseCode.PROTOCOL_ERROR),
  /** A continuation frame with no message to continue. */
  UNEXPECTED_CONTINUATION(CloseCode.PROTOCOL_ERROR),
  /** A text or binary frame while a fragmented message is still open. */
  EXPECTED_CONTINUATION(CloseCode.PROTOCOL_ERROR),
  /** A 64-bit length with the most significant bit set. */
  INVALID_PAYLOAD_LENGTH(CloseCode.PROTOCOL_ERROR),
  /** A close frame with a one-byte payload. */
  INVALID_CLOSE_PAYLOAD(CloseCode.PROTOCOL_ERROR),
  /** A close code that may not be sent on the wire. */
  INVALID_CLOSE_CODE(CloseCode.PROTOCOL_ERROR),
  /** A text message or close reason that is not UTF-8. */
  INVALID_UTF8(CloseCode.INVALID_PAYLOAD),
  /** A message larger than the configured maximum. */
  MESSAGE_TOO_BIG(CloseCode.MESSAGE_TOO_BIG),
  /** A compressed message that does not inflate (permessage-deflate). */
  INVALID_COMPRESSED_DATA(CloseCode.INVALID_PAYLOAD);

  private final int closeCode;

  ProtocolError(int closeCode) {
    this.closeCode = closeCode;
  }

  /**
   * The close code this error sends to the peer.
   *
   * @return {@link CloseCode#PROTOCOL_ERROR}, {@link CloseCode#INVALID_PAYLOAD} or
   *     {@link CloseCode#MESSAGE_TOO_BIG}
   */
  public int closeCode() {
    return closeCode;
  }
}
