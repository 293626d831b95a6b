package dev.ippo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/**
 * A peer written by hand on a plain socket, for tests that need what no client library
 * sends or leaves out: the upgrade request and its 101 read byte by byte, and a peer that
 * never answers. Shared with the other modules' tests through ippo-core's test jar.
 *
 * <p>Stateless; thread safe.
 */
public final class RawPeer {
  private RawPeer() {}

  /** The upgrade request for {@code path}, with the fixed key of RFC 6455's example. */
  public static String upgradeRequest(String path) {
    return "GET " + path + " HTTP/1.1\r\nHost: localhost\r\nUpgrade: websocket\r\n"
        + "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
        + "Sec-WebSocket-Version: 13\r\n\r\n";
  }

  /** Sends {@code request} to 127.0.0.1:{@code port} and returns all it gets back. */
  public static String exchange(int port, String request) throws IOException {
    try (Socket s = new Socket("127.0.0.1", port)) {
      s.setSoTimeout(5000);
      s.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
      return new String(s.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
    }
  }

  /** Sends an upgrade request for / on {@code s} and reads the 101 by hand; frames follow. */
  public static void upgrade(Socket s) throws IOException {
    upgrade(s, "/");
  }

  /** The same for {@code path}. */
  public static void upgrade(Socket s, String path) throws IOException {
    s.getOutputStream().write(upgradeRequest(path).getBytes(StandardCharsets.ISO_8859_1));
    InputStream in = s.getInputStream();
    StringBuilder head = new StringBuilder();
    while (!head.toString().endsWith("\r\n\r\n")) {
      int b = in.read();
      assertTrue(b >= 0, () -> "the server closed during the handshake: " + head);
      head.append((char) b);
    }
    assertTrue(head.toString().startsWith("HTTP/1.1 101 "), head.toString());
  }

  /**
   * Says nothing after the upgrade, not even a pong: asserts that a ping comes, then the end
   * of the stream without a close frame (the heartbeat's end); returns the milliseconds
   * from the call to that end.
   */
  public static long pingedThenEnded(Socket s) throws IOException {
    long start = System.nanoTime();
    DataInputStream in = new DataInputStream(s.getInputStream());
    assertEquals(0x89, in.readUnsignedByte(), "a ping first");
    in.skipNBytes(in.readUnsignedByte());
    assertEquals(-1, in.read(), "then the end, without a close frame");
    return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
  }
}
