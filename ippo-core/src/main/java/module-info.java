/**
 * Ippo: a WebSocket server and client (RFC 6455) with no dependency.
 *
 * <p>{@code dev.ippo} is the API: {@link dev.ippo.WebSocket}, {@link dev.ippo.WebSocketServer},
 * their options and events; {@code dev.ippo.http} holds what a server sees of an HTTP request.
 * Everything under {@code dev.ippo.internal} (the connection engine, the I/O-free codec and
 * the NIO transport) is not exported and may change in any release.
 */
module dev.ippo {
  requires jdk.jfr; // the JDK's own: Flight Recorder events, off unless recorded
  exports dev.ippo;
  exports dev.ippo.http;
}
