package dev.ippo.protocol;

import java.nio.ByteBuffer;
import java.util.List;

/** The server's half of the opening handshake (RFC 6455 section 4.2). Thread safe: no state. */
public final class ServerHandshake {
  private ServerHandshake() {}

  /**
   * Checks that a request is a valid WebSocket upgrade: GET, HTTP/1.1, {@code Host},
   * {@code Upgrade: websocket}, {@code Connection} with the {@code upgrade} token, a
   * {@code Sec-WebSocket-Key} that is base64 of 16 bytes (each 400 when wrong), and
   * {@code Sec-WebSocket-Version: 13} (426 with {@code Sec-WebSocket-Version: 13} when not).
   *
   * @return the client's key
   */
  public static String validate(HttpRequest request) throws HandshakeException {
    throw new UnsupportedOperationException("todo");
  }

  /** Whether the request asks for a WebSocket upgrade at all (Upgrade: websocket). */
  public static boolean isUpgrade(HttpRequest request) {
    throw new UnsupportedOperationException("todo");
  }

  /** The subprotocols the client offers in {@code Sec-WebSocket-Protocol}, in order. */
  public static List<String> offeredProtocols(HttpRequest request) {
    throw new UnsupportedOperationException("todo");
  }

  /**
   * The 101 response: {@code Upgrade}, {@code Connection}, {@code Sec-WebSocket-Accept},
   * then {@code Sec-WebSocket-Protocol} and {@code Sec-WebSocket-Extensions} when not null,
   * then {@code extra}.
   */
  public static ByteBuffer accept(String key, String protocol, String extensions, Headers extra) {
    throw new UnsupportedOperationException("todo");
  }

  /**
   * A refusal: status line with the standard reason phrase, {@code Connection: close},
   * {@code Content-Type: text/plain}, {@code Content-Length}, the {@code extra} fields and
   * {@code body} (may be empty).
   */
  public static ByteBuffer reject(int status, String body, Headers extra) {
    throw new UnsupportedOperationException("todo");
  }
}
