package dev.ippo.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.DataInputStream;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * {@code ippo echo --ping-interval 1}: a peer that completes the handshake and then says
 * nothing, not even a pong, is ended within about two seconds; Node's {@code ws}, which
 * answers pings by itself, stays connected through ten seconds of silence.
 */
class HeartbeatInteropTest {
  @Test
  void aSilentPeerIsEndedInAboutTwoSecondsAndNodeWsStaysForTen() throws Exception {
    try (PeerProcess echo = PeerProcess.ippo("echo", "--host", "127.0.0.1", "--port", "0",
        "--ping-interval", "1")) {
      int port = echo.awaitListening();
      try (Socket deaf = new Socket(InetAddress.getLoopbackAddress(), port)) {
        deaf.setSoTimeout(10_000);
        upgrade(deaf);
        long start = System.nanoTime();
        DataInputStream in = new DataInputStream(deaf.getInputStream());
        assertEquals(0x89, in.readUnsignedByte(), "a ping first");
        in.skipNBytes(in.readUnsignedByte());
        assertEquals(-1, in.read(), "then the end, without a close frame");
        long took = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertTrue(took >= 1900 && took < 3000, "ended after " + took + " ms");
      }
      Map<String, JsonLine> r =
          WsClientScript.run(20, "ws://127.0.0.1:" + port + "/", "quiet", "10");
      assertEquals("still here", r.get("text").string("text"));
      assertTrue(r.get("quiet").number("pings") >= 8, r.get("quiet").toString());
      assertEquals(1000, r.get("close").number("code"));
    }
  }

  private static void upgrade(Socket s) throws Exception {
    s.getOutputStream().write(("GET / HTTP/1.1\r\nHost: localhost\r\nUpgrade: websocket\r\n"
        + "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
        + "Sec-WebSocket-Version: 13\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
    InputStream in = s.getInputStream();
    StringBuilder head = new StringBuilder();
    while (!head.toString().endsWith("\r\n\r\n")) {
      int b = in.read();
      assertTrue(b >= 0, "the server closed during the handshake: " + head);
      head.append((char) b);
    }
    assertTrue(head.toString().startsWith("HTTP/1.1 101 "), head.toString());
  }
}
