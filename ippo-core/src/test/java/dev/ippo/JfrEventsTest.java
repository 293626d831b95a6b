package dev.ippo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.DataInputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingStream;
import org.junit.jupiter.api.Test;

/**
 * The JFR events, recorded while a peer breaks the protocol (an unmasked frame) and a plain
 * request is refused: each event with its fields.
 */
class JfrEventsTest {
  @Test
  void aProtocolErrorAndTheCloseAndARefusalAreRecorded() throws Exception {
    Map<String, CompletableFuture<RecordedEvent>> seen = new ConcurrentHashMap<>();
    for (String name : new String[] {"dev.ippo.ConnectionOpened", "dev.ippo.ProtocolError",
        "dev.ippo.ConnectionClosed", "dev.ippo.HandshakeRefused"}) {
      seen.put(name, new CompletableFuture<>());
    }
    WebSocketServer server = WebSocketServer.builder().host("127.0.0.1").port(0).build();
    try (RecordingStream recording = new RecordingStream()) {
      seen.forEach((name, event) -> {
        recording.enable(name);
        recording.onEvent(name, event::complete);
      });
      recording.startAsync();
      server.start();
      try (Socket peer = new Socket(InetAddress.getLoopbackAddress(), server.port())) {
        peer.setSoTimeout(5000);
        RawPeer.upgrade(peer);
        peer.getOutputStream().write(new byte[] {(byte) 0x81, 0x01, 'x'}); // not masked
        DataInputStream in = new DataInputStream(peer.getInputStream());
        assertEquals(0x88, in.readUnsignedByte(), "the server's close frame");
      }
      RawPeer.exchange(server.port(), "GET / HTTP/1.1\r\nHost: x\r\n\r\n");

      RecordedEvent opened = seen.get("dev.ippo.ConnectionOpened").get(20, TimeUnit.SECONDS);
      assertTrue(opened.getBoolean("server"));
      assertTrue(opened.getString("url").startsWith("ws://localhost/"), opened.toString());
      RecordedEvent error = seen.get("dev.ippo.ProtocolError").get(20, TimeUnit.SECONDS);
      assertEquals(1002, error.getInt("closeCode"));
      assertFalse(error.getString("error").isEmpty(), error.toString());
      RecordedEvent closed = seen.get("dev.ippo.ConnectionClosed").get(20, TimeUnit.SECONDS);
      assertEquals(CloseCode.ABNORMAL, closed.getInt("code"), "the close event's code");
      assertFalse(closed.getBoolean("clean"));
      RecordedEvent refused = seen.get("dev.ippo.HandshakeRefused").get(20, TimeUnit.SECONDS);
      assertEquals(426, refused.getInt("status"));
      assertTrue(refused.getString("remote").contains("127.0.0.1"), refused.toString());
    } finally {
      server.close(Duration.ZERO);
    }
  }
}
