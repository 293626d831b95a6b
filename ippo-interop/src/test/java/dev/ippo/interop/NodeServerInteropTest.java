package dev.ippo.interop;

import static dev.ippo.interop.InteropData.FRAGMENTED_TEXT;
import static dev.ippo.interop.InteropData.SIXTEEN_MIB;
import static dev.ippo.interop.InteropData.UNICODE_TEXT;
import static dev.ippo.interop.InteropData.pattern;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ippo.CloseEvent;
import dev.ippo.MessageEvent;
import dev.ippo.ReadyState;
import dev.ippo.WebSocket;
import dev.ippo.WebSocketOptions;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.time.Duration;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Ippo's client against Node's {@code ws} servers: {@code echo-server.js}, shared by the
 * class, and a {@code scenario-server.js} per test where the server's behaviour or what it
 * saw matters.
 */
@Timeout(60)
class NodeServerInteropTest {
  private static final long WAIT = 30;
  private static PeerProcess echoServer;
  private static String echoUrl;

  @BeforeAll
  static void startEchoServer() throws Exception {
    echoServer = PeerProcess.node("echo-server.js");
    echoUrl = "ws://127.0.0.1:" + echoServer.awaitListening() + "/";
  }

  @AfterAll
  static void stopEchoServer() {
    if (echoServer != null) {
      echoServer.close();
    }
  }

  @Test
  void everyMessageKindEchoesIntact() throws Exception {
    WebSocket ws = new WebSocket(echoUrl);
    EventRecorder events = EventRecorder.attach(ws);
    try {
      events.awaitOpen(WAIT);

      assertTextEcho(ws, events, "hello ippo");
      assertTextEcho(ws, events, UNICODE_TEXT);
      assertTextEcho(ws, events, "");
      assertTextEcho(ws, events, "x".repeat(65536));
      assertBinaryEcho(ws, events, new byte[] {0, 1, 2, (byte) 0xfe, (byte) 0xff});
      assertBinaryEcho(ws, events, new byte[0]);
      for (int size : InteropData.BOUNDARY_SIZES) {
        assertBinaryEcho(ws, events, pattern(size));
      }
      ws.send(java.nio.ByteBuffer.wrap(new byte[] {9, 8, 7, 6}).position(1));
      assertArrayEquals(new byte[] {8, 7, 6}, events.nextMessage(WAIT).bytes(),
          "send(ByteBuffer) sends from the position to the limit");

      byte[] big = pattern(SIXTEEN_MIB);
      ws.send(big);
      assertTrue(ws.bufferedAmount() > 0,
          "16 MiB cannot all reach the socket before send returns; bufferedAmount says "
              + ws.bufferedAmount());
      MessageEvent echo = events.nextMessage(WAIT);
      assertFalse(echo.isText());
      assertArrayEquals(big, echo.bytes());
      assertEquals(0, ws.bufferedAmount(), "everything was written once the echo is back");
      assertEquals(0, events.errorCount());
    } finally {
      ws.terminate();
    }
  }

  @Test
  void readyStateUrlAndCleanClose() throws Exception {
    try (PeerProcess node = PeerProcess.node("scenario-server.js")) {
      String url = "ws://127.0.0.1:" + node.awaitListening() + "/echo";
      WebSocket ws = new WebSocket(url);
      EventRecorder events = EventRecorder.attach(ws);

      assertEquals(url, ws.url());
      assertEquals(ReadyState.OPEN, events.awaitOpen(WAIT), "readyState inside onOpen");
      assertEquals(ReadyState.OPEN, ws.readyState());
      assertEquals("", ws.protocol());
      assertEquals("", ws.extensions());
      assertEquals(0, ws.bufferedAmount());

      ws.close(1000, "bye");
      CloseEvent close = events.awaitClose(WAIT);
      assertEquals(1000, close.code());
      assertTrue(close.wasClean());
      assertEquals(ReadyState.CLOSED, events.stateInClose(), "readyState inside onClose");
      assertEquals(ReadyState.CLOSED, ws.readyState());
      assertEquals(url, ws.url());
      assertEquals(1, events.closeEvents());
      assertEquals(0, events.errorCount());
      ws.send("after the close");  // dropped, as the browser does, without an exception

      JsonLine seen = JsonLine.parse(node.nextLine(WAIT));
      assertEquals("close", seen.string("event"));
      assertEquals(1000, seen.number("code"));
      assertEquals("bye", seen.string("reason"));
    }
  }

  @Test
  void connectingUntilTheServerAnswers() throws Exception {
    // A peer that accepts the TCP connection and never answers the handshake keeps the
    // client in CONNECTING for as long as the test needs, where a real server could race it.
    try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      String url = "ws://127.0.0.1:" + silent.getLocalPort() + "/";
      WebSocket ws = new WebSocket(URI.create(url),
          WebSocketOptions.builder().handshakeTimeout(Duration.ofSeconds(1)).build());
      EventRecorder events = EventRecorder.attach(ws);
      try (Socket accepted = silent.accept()) {
        assertEquals(ReadyState.CONNECTING, ws.readyState());
        assertEquals(WebSocket.CONNECTING, ws.readyState().value());
        assertEquals(url, ws.url());
        assertThrows(IllegalStateException.class, () -> ws.send("too early"));

        CloseEvent close = events.awaitClose(WAIT);
        assertEquals(1006, close.code(), "the handshake timed out");
        assertFalse(close.wasClean());
        assertEquals(1, events.errorCount(), "one error event before the close event");
        assertEquals(ReadyState.CLOSED, ws.readyState());
      }
    }
  }

  @Test
  void readyStateIsClosingOnceCloseReturns() throws Exception {
    WebSocket ws = new WebSocket(echoUrl);
    EventRecorder events = EventRecorder.attach(ws);
    events.awaitOpen(WAIT);
    // Holds the loop thread in a handler, so that nothing the loop does in the meantime can
    // make the answer right by luck: the browser's close() sets CLOSING before it returns.
    CountDownLatch inHandler = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    ws.onMessage(e -> {
      inHandler.countDown();
      awaitQuietly(release);
    });
    ws.send("hold the loop");
    assertTrue(inHandler.await(WAIT, TimeUnit.SECONDS), "the echo never came");
    ReadyState afterClose;
    try {
      ws.close(1000, "bye");
      afterClose = ws.readyState();
    } finally {
      release.countDown();
    }
    assertEquals(ReadyState.CLOSING, afterClose);
    assertEquals(1000, events.awaitClose(WAIT).code());
  }

  @Test
  void defaultServerChoosesTheFirstOfferedProtocol() throws Exception {
    WebSocket ws = new WebSocket(echoUrl, "chat", "superchat");
    EventRecorder events = EventRecorder.attach(ws);
    try {
      events.awaitOpen(WAIT);
      assertEquals("chat", ws.protocol());
    } finally {
      ws.close(1000, "");
      events.awaitClose(WAIT);
    }
  }

  @Test
  void handleProtocolsOfTheServerChoosesAnother() throws Exception {
    try (PeerProcess node = PeerProcess.node("scenario-server.js")) {
      URI url = URI.create("ws://127.0.0.1:" + node.awaitListening() + "/");
      WebSocket ws =
          new WebSocket(url, WebSocketOptions.builder().protocols("chat", "superchat").build());
      EventRecorder events = EventRecorder.attach(ws);
      events.awaitOpen(WAIT);
      assertEquals("superchat", ws.protocol());
      ws.close(1000, "");
      assertEquals(1000, events.awaitClose(WAIT).code());
    }
  }

  @ParameterizedTest
  @CsvSource({
    "1000, normal",
    "1001, going away",
    "1011, r\u00e9sum\u00e9 \u2713",
    "4000, app-defined",
  })
  void serverCloseCodeAndReasonArrive(int code, String reason) throws Exception {
    try (PeerProcess node = PeerProcess.node("scenario-server.js")) {
      String url = "ws://127.0.0.1:" + node.awaitListening() + "/close/" + code + "/"
          + InteropData.percentEncode(reason);
      WebSocket ws = new WebSocket(url);
      EventRecorder events = EventRecorder.attach(ws);

      CloseEvent close = events.awaitClose(WAIT);
      assertEquals(code, close.code());
      assertEquals(reason, close.reason());
      assertTrue(close.wasClean());
      assertEquals(ReadyState.CLOSED, ws.readyState());

      JsonLine seen = JsonLine.parse(node.nextLine(WAIT));
      assertEquals(code, seen.number("code"), "Ippo's answering close echoes the code");
    }
  }

  @Test
  void serverTerminateIsAbnormal() throws Exception {
    try (PeerProcess node = PeerProcess.node("scenario-server.js")) {
      WebSocket ws = new WebSocket("ws://127.0.0.1:" + node.awaitListening() + "/terminate");
      EventRecorder events = EventRecorder.attach(ws);
      events.awaitOpen(WAIT);
      ws.send("drop me");

      CloseEvent close = events.awaitClose(WAIT);
      assertEquals(1006, close.code());
      assertEquals("", close.reason());
      assertFalse(close.wasClean());
      assertEquals(1, events.closeEvents());
    }
  }

  @Test
  void clientTerminateIsAbnormalForBoth() throws Exception {
    try (PeerProcess node = PeerProcess.node("scenario-server.js")) {
      WebSocket ws = new WebSocket("ws://127.0.0.1:" + node.awaitListening() + "/echo");
      EventRecorder events = EventRecorder.attach(ws);
      events.awaitOpen(WAIT);
      ws.terminate();

      CloseEvent close = events.awaitClose(WAIT);
      assertEquals(1006, close.code());
      assertFalse(close.wasClean());
      JsonLine seen = JsonLine.parse(node.nextLine(WAIT));
      assertEquals(1006, seen.number("code"));
    }
  }

  @Test
  void serverPingIsAnsweredWithTheSamePayload() throws Exception {
    try (PeerProcess node = PeerProcess.node("scenario-server.js")) {
      WebSocket ws = new WebSocket("ws://127.0.0.1:" + node.awaitListening() + "/ping/"
          + InteropData.percentEncode("are you there?"));
      EventRecorder events = EventRecorder.attach(ws);

      assertEquals("are you there?", utf8(events.nextPing(WAIT)));
      assertEquals("pong:are you there?", events.nextMessage(WAIT).text(),
          "ws got a pong with the ping's payload");
      ws.close(1000, "");
      events.awaitClose(WAIT);
    }
  }

  @Test
  void clientPingGetsThePongOfWs() throws Exception {
    WebSocket ws = new WebSocket(echoUrl);
    EventRecorder events = EventRecorder.attach(ws);
    try {
      events.awaitOpen(WAIT);
      ws.ping("ping from ippo".getBytes(StandardCharsets.UTF_8));
      assertEquals("ping from ippo", utf8(events.nextPong(WAIT)));
      ws.ping(new byte[0]);
      assertEquals(0, events.nextPong(WAIT).length);
    } finally {
      ws.close(1000, "");
      events.awaitClose(WAIT);
    }
  }

  @Test
  void fragmentedMessagesFromWsArriveWhole() throws Exception {
    try (PeerProcess node = PeerProcess.node("scenario-server.js")) {
      WebSocket ws = new WebSocket("ws://127.0.0.1:" + node.awaitListening() + "/fragments");
      EventRecorder events = EventRecorder.attach(ws);

      MessageEvent text = events.nextMessage(WAIT);
      assertTrue(text.isText());
      assertEquals(FRAGMENTED_TEXT, text.text());
      assertEquals("between", utf8(events.nextPing(WAIT)));
      MessageEvent binary = events.nextMessage(WAIT);
      assertFalse(binary.isText());
      assertArrayEquals(pattern(3000), binary.bytes());
      ws.close(1000, "");
      events.awaitClose(WAIT);
    }
  }

  private static void assertTextEcho(WebSocket ws, EventRecorder events, String text)
      throws InterruptedException {
    ws.send(text);
    MessageEvent echo = events.nextMessage(WAIT);
    assertTrue(echo.isText(), "a text message comes back as text");
    assertEquals(text, echo.text());
    assertEquals(text, echo.data());
  }

  private static void assertBinaryEcho(WebSocket ws, EventRecorder events, byte[] bytes)
      throws InterruptedException {
    ws.send(bytes);
    MessageEvent echo = events.nextMessage(WAIT);
    assertFalse(echo.isText(), "a binary message comes back as binary");
    assertArrayEquals(bytes, echo.bytes());
  }

  private static void awaitQuietly(CountDownLatch latch) {
    try {
      latch.await(WAIT, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static String utf8(byte[] bytes) {
    return new String(bytes, StandardCharsets.UTF_8);
  }
}
