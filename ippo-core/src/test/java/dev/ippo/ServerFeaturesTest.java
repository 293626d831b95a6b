package dev.ippo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ippo.http.Headers;
import dev.ippo.http.HttpRequest;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The ws options of {@link WebSocketServer}, each seen from a client. */
class ServerFeaturesTest {
  private WebSocketServer server;

  @AfterEach
  void stop() {
    if (server != null) {
      server.close();
    }
  }

  private WebSocketServer start(WebSocketServer.Builder builder) throws Exception {
    server = builder.host("127.0.0.1").port(0).build();
    server.start();
    return server;
  }

  private static CloseEvent connectAndAwaitOpen(URI uri, WebSocketOptions options,
      CompletableFuture<WebSocket> opened) throws Exception {
    CompletableFuture<CloseEvent> closed = new CompletableFuture<>();
    WebSocket ws = new WebSocket(uri, options);
    ws.onOpen(e -> opened.complete(ws)).onClose(closed::complete);
    try {
      opened.get(5, TimeUnit.SECONDS);
      return null;
    } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
      return closed.getNow(null);
    }
  }

  /** Sends a raw request and returns the whole answer the server sends before closing. */
  private String rawRequest(String request) throws Exception {
    return RawPeer.exchange(server.port(), request);
  }

  @Test
  void connectionHandlerSeesTheRequest() throws Exception {
    CompletableFuture<HttpRequest> seen = new CompletableFuture<>();
    start(WebSocketServer.builder()).onConnection((ws, request) -> seen.complete(request));
    WebSocketOptions options = WebSocketOptions.builder()
        .header("Cookie", "session=abc; theme=dark")
        .header("Origin", "http://example.test")
        .build();
    CompletableFuture<WebSocket> opened = new CompletableFuture<>();
    connectAndAwaitOpen(URI.create("ws://127.0.0.1:" + server.port() + "/room?name=a%20b"),
        options, opened);
    HttpRequest request = seen.get(5, TimeUnit.SECONDS);
    assertEquals("GET", request.method());
    assertEquals("/room", request.path());
    assertEquals("name=a%20b", request.query());
    assertEquals("a b", request.queryParameter("name"));
    assertEquals("abc", request.cookies().get("session"));
    assertEquals("dark", request.cookies().get("theme"));
    assertEquals("http://example.test", request.header("origin"));
    assertEquals("127.0.0.1", request.remoteAddress().getAddress().getHostAddress());
    opened.get().close();
  }

  @Test
  void asyncVerifyClientRefusesWithItsStatusAndHeaders() throws Exception {
    start(WebSocketServer.builder().verifyClient((request, verdict) ->
        new Thread(() -> verdict.reject(403, "no entry", new Headers().add("X-Why", "test")))
            .start()));
    String answer = rawRequest(RawPeer.upgradeRequest("/"));
    assertTrue(answer.startsWith("HTTP/1.1 403 "), answer);
    assertTrue(answer.contains("X-Why: test"), answer);
    assertTrue(answer.endsWith("no entry"), answer);
  }

  @Test
  void asyncVerifyClientAccepts() throws Exception {
    start(WebSocketServer.builder().verifyClient((request, verdict) ->
        new Thread(verdict::accept).start()));
    CompletableFuture<WebSocket> opened = new CompletableFuture<>();
    assertNull(connectAndAwaitOpen(URI.create("ws://127.0.0.1:" + server.port() + "/"),
        WebSocketOptions.DEFAULTS, opened));
    opened.get().close();
  }

  @Test
  void pathNotServedIs400AndPlainHttpIs426() throws Exception {
    start(WebSocketServer.builder().path("/ws"));
    assertTrue(rawRequest(RawPeer.upgradeRequest("/other")).startsWith("HTTP/1.1 400 "));
    String plain = rawRequest("GET / HTTP/1.1\r\nHost: x\r\n\r\n");
    assertTrue(plain.startsWith("HTTP/1.1 426 "), plain);
    assertTrue(plain.contains("Sec-WebSocket-Version: 13"), plain);
  }

  @Test
  void httpHandlerSharesThePort() throws Exception {
    start(WebSocketServer.builder().path("/ws").httpHandler((request, response) -> {
      if (request.path().equals("/healthz")) {
        response.send(200, "text/plain", "ok");
      } else {
        response.send(404, "text/plain", "not found");
      }
    }));
    String health = rawRequest("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n");
    assertTrue(health.startsWith("HTTP/1.1 200 OK\r\n"), health);
    assertTrue(health.endsWith("\r\n\r\nok"), health);
    assertTrue(rawRequest("GET /nope HTTP/1.1\r\nHost: x\r\n\r\n").startsWith("HTTP/1.1 404 "));
    CompletableFuture<WebSocket> opened = new CompletableFuture<>();
    assertNull(connectAndAwaitOpen(URI.create("ws://127.0.0.1:" + server.port() + "/ws"),
        WebSocketOptions.DEFAULTS, opened));
    opened.get().close();
  }

  @Test
  void handleProtocolsChoosesTheSubprotocol() throws Exception {
    start(WebSocketServer.builder().handleProtocols((offered, request) ->
        offered.contains("superchat") ? "superchat" : null));
    CompletableFuture<WebSocket> opened = new CompletableFuture<>();
    connectAndAwaitOpen(URI.create("ws://127.0.0.1:" + server.port() + "/"),
        WebSocketOptions.builder().protocols("chat", "superchat").build(), opened);
    assertEquals("superchat", opened.get().protocol());
    opened.get().close();
  }

  @Test
  void defaultProtocolIsTheFirstOffered() throws Exception {
    start(WebSocketServer.builder());
    CompletableFuture<WebSocket> opened = new CompletableFuture<>();
    connectAndAwaitOpen(URI.create("ws://127.0.0.1:" + server.port() + "/"),
        WebSocketOptions.builder().protocols("chat", "superchat").build(), opened);
    assertEquals("chat", opened.get().protocol());
    opened.get().close();
  }

  @Test
  void clientTrackingOffHasNoClients() throws Exception {
    start(WebSocketServer.builder().clientTracking(false));
    assertThrows(IllegalStateException.class, server::clients);
  }

  @Test
  void noServerTakesConnectionsThroughHandleUpgrade() throws Exception {
    server = WebSocketServer.builder().noServer(true).build();
    server.start();
    CompletableFuture<String> got = new CompletableFuture<>();
    server.onConnection((ws, request) -> ws.onMessage(e -> got.complete(e.text())));
    try (ServerSocketChannel listener = ServerSocketChannel.open()) {
      listener.bind(new InetSocketAddress("127.0.0.1", 0));
      int port = ((InetSocketAddress) listener.getLocalAddress()).getPort();
      WebSocket client = new WebSocket("ws://127.0.0.1:" + port + "/up");
      client.onOpen(e -> client.send("through handleUpgrade"));
      SocketChannel accepted = listener.accept();
      // Other code reads the head itself, as an HTTP server would, then hands over.
      ByteBuffer head = ByteBuffer.allocate(4096);
      while (!new String(head.array(), 0, head.position(), StandardCharsets.ISO_8859_1)
          .contains("\r\n\r\n")) {
        accepted.read(head);
      }
      server.handleUpgrade(accepted, head.flip());
      assertEquals("through handleUpgrade", got.get(5, TimeUnit.SECONDS));
      client.close();
    }
  }

  @Test
  void handshakeThatNeverCompletesIsDropped() throws Exception {
    start(WebSocketServer.builder().handshakeTimeout(Duration.ofMillis(300)));
    try (Socket s = new Socket("127.0.0.1", server.port())) {
      s.setSoTimeout(5000);
      s.getOutputStream().write("GET / HTTP/1.1\r\nHost: x\r\n".getBytes(StandardCharsets.US_ASCII));
      long start = System.nanoTime();
      assertEquals(-1, s.getInputStream().read());
      assertTrue(System.nanoTime() - start < 4_000_000_000L);
    }
  }

  @Test
  void oversizedHeadIs431() throws Exception {
    start(WebSocketServer.builder().maxHeaderSize(1024));
    String big = "GET / HTTP/1.1\r\nHost: x\r\nX-Big: " + "a".repeat(2000) + "\r\n\r\n";
    assertTrue(rawRequest(big).startsWith("HTTP/1.1 431 "));
  }

  @Test
  void closeSendsGoingAwayToClients() throws Exception {
    start(WebSocketServer.builder());
    CompletableFuture<WebSocket> opened = new CompletableFuture<>();
    CompletableFuture<CloseEvent> closed = new CompletableFuture<>();
    WebSocket ws = new WebSocket("ws://127.0.0.1:" + server.port() + "/");
    ws.onOpen(e -> opened.complete(ws)).onClose(closed::complete);
    opened.get(5, TimeUnit.SECONDS);
    server.close();
    CloseEvent event = closed.get(5, TimeUnit.SECONDS);
    assertEquals(CloseCode.GOING_AWAY, event.code());
    assertTrue(event.wasClean());
  }

  @Test
  void portInUseFailsAtStart() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 50, java.net.InetAddress.getByName("127.0.0.1"))) {
      WebSocketServer second = WebSocketServer.builder().host("127.0.0.1")
          .port(taken.getLocalPort()).build();
      assertThrows(java.net.BindException.class, second::start);
    }
  }
}
