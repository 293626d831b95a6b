package dev.ippo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.DataInputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The JFR events, recorded while a peer breaks the protocol (an unmasked frame) and a plain
 * request is refused, and while TLS handshakes succeed and fail: each event with its fields.
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
      assertEquals(3, closed.getLong("bytesIn"), "the one unmasked frame");
      assertTrue(closed.getLong("bytesOut") >= 4, "the close frame, code 1002: " + closed);
      assertTrue(closed.getDuration("lifetime").compareTo(Duration.ZERO) > 0, closed.toString());
      assertTrue(closed.getDuration("lifetime").compareTo(Duration.ofSeconds(20)) < 0,
          closed.toString());
      RecordedEvent refused = seen.get("dev.ippo.HandshakeRefused").get(20, TimeUnit.SECONDS);
      assertEquals(426, refused.getInt("status"));
      assertTrue(refused.getString("remote").contains("127.0.0.1"), refused.toString());
    } finally {
      server.close(Duration.ZERO);
    }
  }

  /**
   * TLS handshakes: an Ippo client's and its server's, both ok, and bytes that are not TLS
   * on the TLS port, failed; the server counts them in its stats as well.
   */
  @Test
  void tlsHandshakesAreRecordedAtBothEndsAndFailuresWithTheirReason(@TempDir Path folder)
      throws Exception {
    TestCertificates.Pair pair = TestCertificates.make(folder, "ec", true, "localhost");
    WebSocketServer server = EchoFixture.start(WebSocketServer.builder().host("127.0.0.1")
        .port(0).tls(ServerTls.fromPem(pair.certificate(), pair.key())));
    BlockingQueue<RecordedEvent> handshakes = new LinkedBlockingQueue<>();
    try (RecordingStream recording = new RecordingStream()) {
      recording.enable("dev.ippo.TlsHandshake");
      recording.onEvent("dev.ippo.TlsHandshake", handshakes::add);
      recording.startAsync();
      EchoAttempt ok = EchoAttempt.of("wss://localhost:" + server.port() + "/",
          WebSocketOptions.builder().sslContext(TestCertificates.trusting(pair.certificate()))
              .build(), "over TLS");
      assertEquals("over TLS", ok.echo(), ok.toString());
      RawPeer.exchange(server.port(), "GET / HTTP/1.1\r\nHost: x\r\n\r\n");

      List<RecordedEvent> seen = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        RecordedEvent e = handshakes.poll(20, TimeUnit.SECONDS);
        assertTrue(e != null, "3 handshake events, got " + seen);
        seen.add(e);
      }
      List<RecordedEvent> done = seen.stream()
          .filter(e -> e.getString("result").equals("ok")).toList();
      assertEquals(2, done.size(), "the client's and the server's: " + seen);
      for (RecordedEvent e : done) {
        assertEquals("TLSv1.3", e.getString("protocol"));
        assertTrue(e.getString("cipherSuite").startsWith("TLS_"), e.toString());
        assertTrue(e.getDuration("handshakeTime").compareTo(Duration.ZERO) > 0, e.toString());
      }
      RecordedEvent failed = seen.stream()
          .filter(e -> e.getString("result").equals("failed")).findFirst().orElseThrow();
      assertFalse(failed.getString("reason").isEmpty(), failed.toString());
      assertTrue(failed.getString("remote").contains("127.0.0.1"), failed.toString());

      ServerStats.Tls tls = server.stats().tls();
      assertEquals(Map.of("TLSv1.2", 0L, "TLSv1.3", 1L), tls.finishedByProtocol());
      assertEquals(1, tls.failed());
      assertEquals(0, tls.abandoned());
      assertTrue(tls.finishedTime().compareTo(Duration.ZERO) > 0, tls.toString());
    } finally {
      server.close(Duration.ZERO);
    }
  }
}
