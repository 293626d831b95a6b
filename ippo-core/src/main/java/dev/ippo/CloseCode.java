package dev.ippo;

/**
 * Close codes of RFC 6455 section 7.4 and the IANA registry.
 *
 * <pre>{@code
 * ws.close(CloseCode.NORMAL, "bye");
 * }</pre>
 */
public final class CloseCode {
  private CloseCode() {}

  /** The purpose of the connection is fulfilled. */
  public static final int NORMAL = 1000;
  /** A server going down or a browser leaving the page. */
  public static final int GOING_AWAY = 1001;
  /** The peer broke the protocol. */
  public static final int PROTOCOL_ERROR = 1002;
  /** A data type the endpoint cannot accept. */
  public static final int UNSUPPORTED_DATA = 1003;
  /** Never on the wire: the close frame had no code. */
  public static final int NO_STATUS = 1005;
  /** Never on the wire: the connection dropped without a close frame. */
  public static final int ABNORMAL = 1006;
  /** Data inconsistent with the message type, such as text that is not UTF-8. */
  public static final int INVALID_PAYLOAD = 1007;
  /** A message that violates the endpoint's policy. */
  public static final int POLICY_VIOLATION = 1008;
  /** A message too big to process. */
  public static final int MESSAGE_TOO_BIG = 1009;
  /** The client expected an extension the server did not agree to. */
  public static final int MANDATORY_EXTENSION = 1010;
  /** The server met an unexpected condition. */
  public static final int INTERNAL_ERROR = 1011;
  /** The service is restarting. */
  public static final int SERVICE_RESTART = 1012;
  /** Try again later. */
  public static final int TRY_AGAIN_LATER = 1013;
  /** A gateway got a bad response upstream. */
  public static final int BAD_GATEWAY = 1014;

  /**
   * Whether {@code code} may be sent in a close frame, so in {@link WebSocket#close(int,
   * String)}: 1000-1003, 1007-1014 and 3000-4999.
   *
   * @param code the status code to check
   * @return true when it is in one of those ranges
   */
  public static boolean isValid(int code) {
    return dev.ippo.internal.codec.WebSocketProtocol.isValidCloseCode(code);
  }
}
