package dev.ippo.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ippo.RawPeer;
import java.net.InetAddress;
import java.net.Socket;
import java.util.Map;
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
        RawPeer.upgrade(deaf);
        long took = RawPeer.pingedThenEnded(deaf);
        assertTrue(took >= 1900 && took < 3000, "ended after " + took + " ms");
      }
      Map<String, JsonLine> r =
          WsClientScript.run(20, "ws://127.0.0.1:" + port + "/", "quiet", "10");
      assertEquals("still here", r.get("text").string("text"));
      assertTrue(r.get("quiet").number("pings") >= 8, r.get("quiet").toString());
      assertEquals(1000, r.get("close").number("code"));
    }
  }
}
