package dev.ippo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ippo.internal.codec.FrameWriter;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * server.stats() after a scripted session equals what the session did: each connection
 * closed with a chosen code, messages of known sizes, a refused handshake.
 */
class ServerStatsTest {
  private final BlockingQueue<CloseEvent> serverCloses = new LinkedBlockingQueue<>();
  private final WebSocketServer server = WebSocketServer.builder().host("127.0.0.1").port(0)
      .maxPayload(1000).build();

  @AfterEach
  void stop() {
    server.close(Duration.ZERO);
  }

  private WebSocket open() throws Exception {
    CompletableFuture<Void> opened = new CompletableFuture<>();
    WebSocket ws = new WebSocket(URI.create("ws://127.0.0.1:" + server.port() + "/"),
        WebSocketOptions.DEFAULTS);
    ws.onOpen(e -> opened.complete(null));
    opened.get(5, TimeUnit.SECONDS);
    return ws;
  }

  /** Waits for the server's end of the connection to close. */
  private void serverClosed() throws InterruptedException {
    assertTrue(serverCloses.poll(5, TimeUnit.SECONDS) != null, "the server's close event");
  }

  @Test
  void theSnapshotCountsExactlyWhatTheSessionDid() throws Exception {
    server.onConnection((ws, request) -> {
      ws.onClose(serverCloses::add);
      ws.onMessage(e -> {
        if (e.isText() && e.text().equals("bad word")) {
          ws.close(CloseCode.POLICY_VIOLATION, "");
        } else {
          EchoFixture.reply(ws, e);
        }
      });
    });
    server.start();

    WebSocket echoed = open(); // two messages each way, then 1000
    BlockingQueue<MessageEvent> replies = new LinkedBlockingQueue<>();
    echoed.onMessage(replies::add);
    echoed.send("hello");
    echoed.send(new byte[] {1, 2, 3});
    replies.poll(5, TimeUnit.SECONDS);
    replies.poll(5, TimeUnit.SECONDS);
    echoed.close(CloseCode.NORMAL, "bye");
    serverClosed();

    open().close(CloseCode.GOING_AWAY, "tab closed");
    serverClosed();
    open().send("x".repeat(2000)); // over maxPayload: the server closes with 1009
    serverClosed();
    open().send("bad word"); // the server closes with 1008
    serverClosed();
    open().terminate(); // no closing handshake: 1006
    serverClosed();
    String refused = RawPeer.exchange(server.port(), "GET / HTTP/1.1\r\nHost: x\r\n\r\n");
    assertTrue(refused.startsWith("HTTP/1.1 426 "), refused);

    ServerStats s = server.stats();
    assertEquals(new ServerStats.Connections(0, 5, 1, 1, 0, 1, 1, 1, 0), s.connections());
    assertEquals(new ServerStats.Handshakes(5, Map.of(426, 1L), 0), s.handshakes());
    assertEquals(1, s.handshakes().refused());
    TrafficStats t = s.traffic();
    assertEquals(3, t.messagesIn(), "hello, the 3 bytes, bad word; 2000 x's were refused");
    assertEquals(5 + 3 + 8, t.payloadBytesIn());
    assertEquals(2, t.messagesOut());
    assertEquals(5 + 3, t.payloadBytesOut());
    assertEquals(new ServerStats.Queues(0, 0, 0, 0, 0), s.queues());
    assertEquals(new ServerStats.Tls(Map.of("TLSv1.2", 0L, "TLSv1.3", 0L), 0, 0, Duration.ZERO),
        s.tls());
  }

  /**
   * Wire bytes and deflate's figures, exactly: a client's and its server's agree frame for
   * frame, and the client's frames out are what it sent, header by header.
   */
  @Test
  void bothEndsCountTheSameFramesAndWhatDeflateMadeOfThem() throws Exception {
    WebSocketServer deflating = EchoFixture.start(WebSocketServer.builder().host("127.0.0.1")
        .port(0).perMessageDeflate(PerMessageDeflate.DEFAULTS));
    try {
      WebSocket ws = new WebSocket(URI.create("ws://127.0.0.1:" + deflating.port() + "/"),
          WebSocketOptions.DEFAULTS);
      BlockingQueue<MessageEvent> replies = new LinkedBlockingQueue<>();
      CompletableFuture<CloseEvent> closed = new CompletableFuture<>();
      CompletableFuture<Void> opened = new CompletableFuture<>();
      ws.onOpen(e -> opened.complete(null)).onMessage(replies::add).onClose(closed::complete);
      opened.get(5, TimeUnit.SECONDS);
      String big = "{\"price\":101.25,\"symbol\":\"IPPO\"} ".repeat(100); // compressed
      ws.send("hello"); // under the threshold: plain
      ws.send(big);
      assertEquals("hello", replies.poll(5, TimeUnit.SECONDS).text());
      assertEquals(big, replies.poll(5, TimeUnit.SECONDS).text());
      ws.close(CloseCode.NORMAL, "bye");
      assertEquals(CloseCode.NORMAL, closed.get(5, TimeUnit.SECONDS).code());

      TrafficStats client = ws.traffic();
      TrafficStats server = deflating.stats().traffic();
      int n = big.length();
      assertEquals(2, client.messagesOut());
      assertEquals(5 + n, client.payloadBytesOut());
      assertEquals(2, client.messagesIn());
      assertEquals(5 + n, client.payloadBytesIn());
      long compressed = client.deflate().compressedOut();
      assertEquals(n, client.deflate().uncompressedOut());
      assertTrue(client.deflate().ratioOut() > 5, "repeated JSON compresses: " + client);
      // Masked frames: "hello", the compressed message, and the close frame (code + "bye").
      assertEquals((2 + 4 + 5) + (FrameWriter.headerLength(compressed, true) + compressed)
          + (2 + 4 + 2 + 3), client.wireBytesOut());
      assertEquals(new TrafficStats(2, 5 + n, client.wireBytesOut(), 2, 5 + n,
          client.wireBytesIn(), new TrafficStats.Deflate(compressed, n,
              n, client.deflate().compressedIn())), server);
      assertEquals(n, client.deflate().inflatedIn());
    } finally {
      deflating.close(Duration.ZERO);
    }
  }

  @Test
  void eachLoopCountsTheConnectionsItServes() throws Exception {
    WebSocketServer twoLoops = EchoFixture.start(WebSocketServer.builder().host("127.0.0.1")
        .port(0).eventLoops(2));
    try {
      java.util.List<WebSocket> clients = new java.util.ArrayList<>();
      for (int i = 0; i < 3; i++) {
        CompletableFuture<Void> opened = new CompletableFuture<>();
        WebSocket ws = new WebSocket("ws://127.0.0.1:" + twoLoops.port() + "/");
        ws.onOpen(e -> opened.complete(null));
        opened.get(5, TimeUnit.SECONDS);
        clients.add(ws);
      }
      Await.until("3 open", () -> twoLoops.stats().connections().open() == 3);
      java.util.List<ServerStats.LoopStats> loops = twoLoops.stats().loops();
      assertEquals(2, loops.size());
      // Handed out in turn: one loop has two, the other one.
      assertEquals(java.util.Set.of(1, 2), java.util.Set.of(loops.get(0).connections(),
          loops.get(1).connections()), loops.toString());
      clients.forEach(WebSocket::terminate);
      Await.until("every loop empty", () -> twoLoops.stats().loops().stream()
          .allMatch(l -> l.connections() == 0));
    } finally {
      twoLoops.close(Duration.ZERO);
    }
  }

  @Test
  void aHandlerThatBlocksItsLoopShowsAsLoopLag() throws Exception {
    WebSocketServer oneLoop = WebSocketServer.builder().host("127.0.0.1").port(0)
        .eventLoops(1).build();
    oneLoop.onConnection((ws, request) -> ws.onMessage(e -> {
      try {
        Thread.sleep(300); // the mistake the figure is there to show: blocking the loop
      } catch (InterruptedException interrupted) {
        Thread.currentThread().interrupt();
      }
    }));
    oneLoop.start();
    try {
      assertEquals(1, oneLoop.stats().loops().size());
      WebSocket ws = new WebSocket("ws://127.0.0.1:" + oneLoop.port() + "/");
      ws.onOpen(e -> ws.send("block"));
      Await.until("a lag of the blocked 300 ms", () ->
          oneLoop.stats().loops().get(0).lagMax().compareTo(Duration.ofMillis(150)) >= 0);
      // The probes after it run on time: the median drops, the max keeps the blocked one.
      Await.until("the median back under 50 ms", () ->
          oneLoop.stats().loops().get(0).lagP50().compareTo(Duration.ofMillis(50)) < 0);
      ServerStats.LoopStats lag = oneLoop.stats().loops().get(0);
      assertTrue(lag.lagMax().compareTo(Duration.ofMillis(150)) >= 0, lag.toString());
      ws.terminate();
    } finally {
      oneLoop.close(Duration.ZERO);
    }
  }
}
