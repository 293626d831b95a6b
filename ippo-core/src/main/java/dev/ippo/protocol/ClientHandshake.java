package dev.ippo.protocol;

import java.net.URI;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Random;

/** The client's half of the opening handshake (RFC 6455 section 4.1). Thread safe: no state. */
public final class ClientHandshake {
  private ClientHandshake() {}

  /** What the server agreed to. {@code protocol} and {@code extensions} are "" when none. */
  public record Result(String protocol, String extensions, HttpResponse response) {}

  /** A fresh {@code Sec-WebSocket-Key}: base64 of 16 random bytes. */
  public static String newKey(Random random) {
    throw new UnsupportedOperationException("todo");
  }

  /**
   * The GET request for {@code uri} ({@code ws} or {@code wss}): request target from path
   * and query ("/" when empty), {@code Host} (with the port unless it is the scheme's
   * default), {@code Upgrade}, {@code Connection}, {@code Sec-WebSocket-Key},
   * {@code Sec-WebSocket-Version: 13}, {@code Sec-WebSocket-Protocol} when {@code protocols}
   * is not empty, then {@code extra} (which may add Origin, Authorization, Cookie...).
   */
  public static ByteBuffer request(URI uri, String key, List<String> protocols, Headers extra) {
    throw new UnsupportedOperationException("todo");
  }

  /**
   * Checks the server's answer: status 101, {@code Upgrade: websocket}, {@code Connection}
   * with the {@code upgrade} token, the right {@code Sec-WebSocket-Accept}, a subprotocol
   * only if it is one of {@code protocols} (the server may choose none), and no extension
   * (none was offered). A HandshakeException carries the status the server sent (101 when
   * the status was right but a field was not).
   */
  public static Result validate(HttpResponse response, String key, List<String> protocols)
      throws HandshakeException {
    throw new UnsupportedOperationException("todo");
  }
}
