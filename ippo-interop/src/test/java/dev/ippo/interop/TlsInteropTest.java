package dev.ippo.interop;

import static dev.ippo.interop.InteropData.SIXTEEN_MIB;
import static dev.ippo.interop.InteropData.pattern;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ippo.CloseCode;
import dev.ippo.CloseEvent;
import dev.ippo.ServerTls;
import dev.ippo.TestCertificates;
import dev.ippo.WebSocket;
import dev.ippo.WebSocketOptions;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code wss://} with real peers: Node's {@code ws} client (trusting the test certificate
 * through {@code NODE_EXTRA_CA_CERTS}) and the JDK's client against an Ippo server, and Ippo's
 * client against a Node {@code https} + {@code ws} server.
 */
@Timeout(120)
class TlsInteropTest {
  private static final long WAIT = 30;
  @TempDir
  static Path folder;
  private static TestCertificates.Pair pair;

  @BeforeAll
  static void certificate() throws Exception {
    pair = TestCertificates.make(folder, "localhost", true, "localhost");
  }

  private static IppoTestServer tlsServer() {
    return IppoTestServer.start(o -> {
      try {
        o.tls(ServerTls.fromPem(pair.certificate(), pair.key()));
      } catch (Exception e) {
        throw new AssertionError(e);
      }
    });
  }

  private static String wss(IppoTestServer server, String path) {
    return server.url(path).replace("ws://", "wss://");
  }

  @Test
  void nodeClientEchoesEveryMessageKindThroughIpposTls() throws Exception {
    try (IppoTestServer server = tlsServer()) {
      Map<String, JsonLine> r =
          WsClientScript.runTrusting(pair.certificate(), WAIT, wss(server, "/echo"), "echo");
      assertEquals(List.of("text", "text-unicode", "binary", "empty-text", "empty-binary",
          "binary-125", "binary-126", "binary-65535", "binary-65536", "binary-16777216",
          "text-65536", "fragmented-text", "pong-between", "fragmented-binary", "pong",
          "pong-empty", "close"), List.copyOf(r.keySet()));
      assertEquals(InteropData.sha256(pattern(SIXTEEN_MIB)),
          r.get("binary-" + SIXTEEN_MIB).string("sha256"));
      assertEquals(1000, r.get("close").number("code"));
      CloseEvent close = server.nextClose(WAIT);
      assertEquals(1000, close.code());
      assertTrue(close.wasClean());
    }
  }

  @Test
  void jdkClientEchoesThroughIpposTls() throws Exception {
    try (IppoTestServer server = tlsServer()) {
      HttpClient http = HttpClient.newBuilder()
          .sslContext(TestCertificates.trusting(pair.certificate())).build();
      JdkRecorder received = new JdkRecorder(WAIT);
      java.net.http.WebSocket ws = http.newWebSocketBuilder()
          .buildAsync(URI.create(wss(server, "/echo")), received)
          .get(WAIT, TimeUnit.SECONDS);
      ws.sendText("over TLS from the JDK", true).get(WAIT, TimeUnit.SECONDS);
      assertEquals("text:over TLS from the JDK", received.next());
      byte[] big = pattern(1 << 20);
      ws.sendBinary(ByteBuffer.wrap(big), true).get(WAIT, TimeUnit.SECONDS);
      assertEquals("binary:" + InteropData.sha256(big), received.next());
      ws.sendClose(1000, "bye").get(WAIT, TimeUnit.SECONDS);
      assertEquals(1000, server.nextClose(WAIT).code());
    }
  }

  @Test
  void ippoClientEchoesThroughNodeHttps() throws Exception {
    try (PeerProcess node = PeerProcess.node("tls-echo-server.js",
        pair.certificate().toString(), pair.key().toString())) {
      String url = "wss://localhost:" + node.awaitListening() + "/";
      WebSocket ws = new WebSocket(URI.create(url), WebSocketOptions.builder()
          .sslContext(TestCertificates.trusting(pair.certificate())).build());
      EventRecorder events = EventRecorder.attach(ws);
      events.awaitOpen(WAIT);
      ws.send("over TLS to Node");
      assertEquals("over TLS to Node", events.nextMessage(WAIT).text());
      byte[] big = pattern(1 << 20);
      ws.send(big);
      assertArrayEquals(big, events.nextMessage(WAIT).bytes());
      ws.close(CloseCode.NORMAL, "done");
      CloseEvent close = events.awaitClose(WAIT);
      assertEquals(1000, close.code());
      assertTrue(close.wasClean());
    }
  }
}
