package dev.ippo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ippo.internal.codec.WebSocketProtocol;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;

/** Close paths that depend on timers, peers that stop answering, and handler failures. */
class ClosingTest {

  @Test
  void clientGivesUpOnASilentServerAfterCloseTimeout() throws Exception {
    try (ServerSocket listener = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      WebSocketOptions options = WebSocketOptions.builder()
          .closeTimeout(Duration.ofMillis(300)).build();
      WebSocket ws = new WebSocket(URI.create("ws://127.0.0.1:" + listener.getLocalPort()),
          options);
      CompletableFuture<OpenEvent> opened = new CompletableFuture<>();
      CompletableFuture<CloseEvent> closed = new CompletableFuture<>();
      ws.onOpen(opened::complete).onClose(closed::complete);
      try (Socket peer = listener.accept()) {
        acceptHandshake(peer);
        opened.get(5, TimeUnit.SECONDS);
        long start = System.nanoTime();
        ws.close(CloseCode.NORMAL, "");
        assertEquals(ReadyState.CLOSING, waitFor(ws, ReadyState.CLOSING));
        CloseEvent event = closed.get(5, TimeUnit.SECONDS);
        long tookMillis = (System.nanoTime() - start) / 1_000_000;
        assertEquals(CloseCode.ABNORMAL, event.code());
        assertFalse(event.wasClean());
        assertTrue(tookMillis >= 250, "closed after " + tookMillis + " ms");
      }
    }
  }

  @Test
  void closeWhileConnectingFailsTheAttempt() throws Exception {
    try (ServerSocket listener = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      WebSocket ws = new WebSocket("ws://127.0.0.1:" + listener.getLocalPort() + "/");
      CompletableFuture<ErrorEvent> error = new CompletableFuture<>();
      CompletableFuture<CloseEvent> closed = new CompletableFuture<>();
      ws.onError(error::complete).onClose(closed::complete);
      ws.close();
      assertTrue(error.get(5, TimeUnit.SECONDS).message().contains("before it opened"));
      assertEquals(CloseCode.ABNORMAL, closed.get(5, TimeUnit.SECONDS).code());
      assertEquals(ReadyState.CLOSED, ws.readyState());
    }
  }

  /**
   * close() or terminate() while CONNECTING can race with the server's 101 being read on
   * the loop; whichever wins, the connection must end (it once stayed open, the close lost).
   */
  @Test
  void closeOrTerminateRacingTheHandshakeAlwaysEndsTheConnection() throws Exception {
    WebSocketServer server = WebSocketServer.builder().host("127.0.0.1").port(0).build();
    server.start();
    try {
      URI url = URI.create("ws://127.0.0.1:" + server.port() + "/");
      for (int i = 0; i < 200; i++) {
        WebSocket ws = new WebSocket(url, WebSocketOptions.DEFAULTS);
        CompletableFuture<CloseEvent> closed = new CompletableFuture<>();
        ws.onClose(closed::complete);
        // Spread the call over the handshake's window: some before the 101, some after.
        LockSupport.parkNanos((i % 20) * 50_000L);
        if (i % 2 == 0) {
          ws.close();
        } else {
          ws.terminate();
        }
        closed.get(5, TimeUnit.SECONDS);
        assertEquals(ReadyState.CLOSED, ws.readyState());
      }
      Await.until("no server connection left open", () -> server.clients().isEmpty());
    } finally {
      server.close();
    }
  }

  @Test
  void sendWhileConnectingIsAnError() throws Exception {
    try (ServerSocket listener = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      WebSocket ws = new WebSocket("ws://127.0.0.1:" + listener.getLocalPort() + "/");
      assertThrows(IllegalStateException.class, () -> ws.send("too early"));
      ws.terminate();
    }
  }

  @Test
  void invalidCloseArgumentsAreRefused() throws Exception {
    try (ServerSocket listener = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      WebSocket ws = new WebSocket("ws://127.0.0.1:" + listener.getLocalPort() + "/");
      assertThrows(IllegalArgumentException.class, () -> ws.close(1005, "x"));
      assertThrows(IllegalArgumentException.class, () -> ws.close(1006, ""));
      assertThrows(IllegalArgumentException.class, () -> ws.close(2000, ""));
      assertThrows(IllegalArgumentException.class, () -> ws.close(1000, "é".repeat(62)));
      ws.terminate();
    }
  }

  @Test
  void badUrlsAreRefusedAtOnce() {
    assertThrows(IllegalArgumentException.class, () -> new WebSocket("ftp://localhost/"));
    assertThrows(IllegalArgumentException.class, () -> new WebSocket("ws://localhost/#frag"));
  }

  @Test
  void serverDropsAClientThatIgnoresItsClose() throws Exception {
    CompletableFuture<CloseEvent> closed = new CompletableFuture<>();
    WebSocketServer server = WebSocketServer.builder().host("127.0.0.1").port(0)
        .closeTimeout(Duration.ofMillis(300)).build();
    server.onConnection((ws, request) -> {
      ws.onClose(closed::complete);
      ws.close(CloseCode.NORMAL, "go");
    });
    server.start();
    try (Socket raw = new Socket("127.0.0.1", server.port())) {
      raw.getOutputStream().write(RawPeer.upgradeRequest("/")
          .getBytes(StandardCharsets.ISO_8859_1));
      CloseEvent event = closed.get(5, TimeUnit.SECONDS);
      assertEquals(CloseCode.ABNORMAL, event.code());
      assertFalse(event.wasClean());
    } finally {
      server.close();
    }
  }

  @Test
  void aPeerThatVanishesMidFrameGivesErrorThenClose() throws Exception {
    CompletableFuture<ErrorEvent> error = new CompletableFuture<>();
    CompletableFuture<CloseEvent> closed = new CompletableFuture<>();
    WebSocketServer server = WebSocketServer.builder().host("127.0.0.1").port(0).build();
    server.onConnection((ws, request) -> ws.onError(error::complete).onClose(closed::complete));
    server.start();
    try {
      try (Socket raw = new Socket("127.0.0.1", server.port())) {
        OutputStream out = raw.getOutputStream();
        out.write(RawPeer.upgradeRequest("/").getBytes(StandardCharsets.ISO_8859_1));
        // A masked text frame announcing 100 bytes, of which only 3 ever come.
        out.write(new byte[] {(byte) 0x81, (byte) 0xE4, 1, 2, 3, 4, 'a', 'b', 'c'});
        out.flush();
      }
      assertTrue(error.get(5, TimeUnit.SECONDS).message().contains("without a close frame"));
      CloseEvent event = closed.get(5, TimeUnit.SECONDS);
      assertEquals(CloseCode.ABNORMAL, event.code());
      assertFalse(event.wasClean());
    } finally {
      server.close();
    }
  }

  @Test
  void aHandlerThatThrowsHarmsNothingElse() throws Exception {
    WebSocketServer server = WebSocketServer.builder().host("127.0.0.1").port(0).eventLoops(1)
        .build();
    server.onConnection((ws, request) -> ws.onMessage(e -> {
      if (e.text().equals("boom")) {
        throw new AssertionError("the application's bug");
      }
      ws.send(e.text());
    }));
    server.start();
    try {
      BlockingQueue<String> echoed = new ArrayBlockingQueue<>(4);
      CompletableFuture<OpenEvent> opened = new CompletableFuture<>();
      WebSocket ws = new WebSocket("ws://127.0.0.1:" + server.port() + "/");
      ws.onOpen(opened::complete).onMessage(e -> echoed.add(e.text()));
      opened.get(5, TimeUnit.SECONDS);
      ws.send("boom");
      ws.send("after");
      assertEquals("after", echoed.poll(5, TimeUnit.SECONDS));
      ws.close();
    } finally {
      server.close();
    }
  }

  private static ReadyState waitFor(WebSocket ws, ReadyState state) {
    Await.until("the connection to be " + state, () -> ws.readyState() == state);
    return ws.readyState();
  }

  /** Reads the client's request and answers 101, then ignores the connection. */
  static void acceptHandshake(Socket peer) throws Exception {
    InputStream in = peer.getInputStream();
    StringBuilder head = new StringBuilder();
    while (!head.toString().endsWith("\r\n\r\n")) {
      head.append((char) in.read());
    }
    String key = head.toString().lines()
        .filter(l -> l.toLowerCase().startsWith("sec-websocket-key:"))
        .findFirst().orElseThrow().substring("sec-websocket-key:".length()).trim();
    OutputStream out = peer.getOutputStream();
    out.write(("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
        + "Sec-WebSocket-Accept: " + WebSocketProtocol.acceptKey(key) + "\r\n\r\n")
        .getBytes(StandardCharsets.ISO_8859_1));
    out.flush();
  }

}
