package dev.ippo.interop;

import static dev.ippo.interop.InteropData.pattern;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ippo.CloseEvent;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The JDK's {@code java.net.http.WebSocket} as the client, an Ippo server in this JVM. */
@Timeout(60)
class JdkClientInteropTest {
  private static final long WAIT = 30;

  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private IppoTestServer server;

  @BeforeEach
  void start() {
    server = IppoTestServer.start();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void textAndBinaryEcho() throws Exception {
    JdkRecorder r = new JdkRecorder(WAIT);
    WebSocket ws = connect("/echo", r);

    ws.sendText("hello from the JDK", true).get(WAIT, TimeUnit.SECONDS);
    assertEquals("text:hello from the JDK", r.next());
    ws.sendText(InteropData.UNICODE_TEXT, true).get(WAIT, TimeUnit.SECONDS);
    assertEquals("text:" + InteropData.UNICODE_TEXT, r.next());
    ws.sendText("", true).get(WAIT, TimeUnit.SECONDS);
    assertEquals("text:", r.next());

    byte[] bytes = pattern(65536 + 3);
    ws.sendBinary(ByteBuffer.wrap(bytes), true).get(WAIT, TimeUnit.SECONDS);
    assertEquals("binary:" + InteropData.sha256(bytes), r.next());
    ws.sendBinary(ByteBuffer.allocate(0), true).get(WAIT, TimeUnit.SECONDS);
    assertEquals("binary:" + InteropData.sha256(new byte[0]), r.next());

    closeFromClient(ws, r, 1000, "done");
  }

  @Test
  void partialMessagesArriveWhole() throws Exception {
    JdkRecorder r = new JdkRecorder(WAIT);
    WebSocket ws = connect("/echo", r);

    ws.sendText("part one, ", false).get(WAIT, TimeUnit.SECONDS);
    ws.sendText("part two, ", false).get(WAIT, TimeUnit.SECONDS);
    ws.sendText("last part", true).get(WAIT, TimeUnit.SECONDS);
    assertEquals("text:part one, part two, last part", r.next());

    byte[] bytes = pattern(5000);
    ws.sendBinary(ByteBuffer.wrap(bytes, 0, 10), false).get(WAIT, TimeUnit.SECONDS);
    ws.sendPing(ByteBuffer.wrap(utf8("amid"))).get(WAIT, TimeUnit.SECONDS);
    ws.sendBinary(ByteBuffer.wrap(bytes, 10, 4990), true).get(WAIT, TimeUnit.SECONDS);
    assertEquals("pong:amid", r.next(), "a ping between fragments is answered at once");
    assertEquals("binary:" + InteropData.sha256(bytes), r.next());

    closeFromClient(ws, r, 1000, "done");
  }

  @Test
  void pingsBothWays() throws Exception {
    JdkRecorder r = new JdkRecorder(WAIT);
    WebSocket ws = connect("/echo", r);

    ws.sendPing(ByteBuffer.wrap(utf8("jdk ping"))).get(WAIT, TimeUnit.SECONDS);
    assertEquals("pong:jdk ping", r.next());

    dev.ippo.WebSocket serverSide = server.nextConnection(WAIT);
    serverSide.ping(utf8("ippo ping"));
    assertEquals("ping:ippo ping", r.next());
    assertEquals("ippo ping", new String(server.nextPong(WAIT), StandardCharsets.UTF_8),
        "the JDK answers with the same payload");

    closeFromClient(ws, r, 1000, "done");
  }

  @Test
  void subprotocolIsTheFirstOffered() throws Exception {
    JdkRecorder r = new JdkRecorder(WAIT);
    WebSocket ws = HTTP.newWebSocketBuilder()
        .subprotocols("chat", "superchat")
        .buildAsync(URI.create(server.url("/")), r)
        .get(WAIT, TimeUnit.SECONDS);
    assertEquals("chat", ws.getSubprotocol());
    assertEquals("chat", server.nextConnection(WAIT).protocol());
    closeFromClient(ws, r, 1000, "");
  }

  @Test
  void clientCloseWithCodeAndReason() throws Exception {
    JdkRecorder r = new JdkRecorder(WAIT);
    WebSocket ws = connect("/", r);
    closeFromClient(ws, r, 4321, "jdk leaves");
  }

  @Test
  void serverCloseWithCodeAndReason() throws Exception {
    JdkRecorder r = new JdkRecorder(WAIT);
    connect("/close-4000", r);

    assertEquals("close:4000:" + IppoTestServer.SERVER_CLOSE_REASON, r.next());
    CloseEvent close = server.nextClose(WAIT);
    assertEquals(4000, close.code(), "the JDK answers with the code it received");
    assertTrue(close.wasClean());
  }

  private WebSocket connect(String path, JdkRecorder r) throws Exception {
    return HTTP.newWebSocketBuilder()
        .buildAsync(URI.create(server.url(path)), r)
        .get(WAIT, TimeUnit.SECONDS);
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  /** Closes from the JDK side; both ends must agree on the code, the server on the reason. */
  private void closeFromClient(WebSocket ws, JdkRecorder r, int code, String reason)
      throws Exception {
    ws.sendClose(code, reason).get(WAIT, TimeUnit.SECONDS);
    assertTrue(r.next().startsWith("close:" + code + ":"), "Ippo's answer echoes the code");
    CloseEvent close = server.nextClose(WAIT);
    assertEquals(code, close.code());
    assertEquals(reason, close.reason());
    assertTrue(close.wasClean());
  }
}
