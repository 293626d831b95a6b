/**
 * Ippo: a WebSocket server and client (RFC 6455) with no dependency.
 *
 * <p>{@code dev.ippo} is the API; {@code dev.ippo.protocol} is the I/O-free codec under it,
 * exported for those who drive their own I/O. The transport stays inside.
 */
module dev.ippo {
  exports dev.ippo;
  exports dev.ippo.protocol;
}
