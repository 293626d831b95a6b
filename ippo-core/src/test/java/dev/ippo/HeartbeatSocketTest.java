package dev.ippo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The heartbeat on real sockets: a peer that never answers is ended within pingInterval and
 * pongTimeout, and peers that answer pings (Ippo's client, both ends pinging) stay.
 */
class HeartbeatSocketTest {
  private WebSocketServer server;

  @AfterEach
  void stop() {
    if (server != null) {
      server.close();
    }
  }

  private void start(Duration interval, Duration timeout, ConnectionHandler handler)
      throws IOException {
    server = WebSocketServer.builder().host("127.0.0.1").port(0)
        .pingInterval(interval).pongTimeout(timeout).build();
    server.onConnection(handler);
    server.start();
  }

  @Test
  void aPeerThatNeverAnswersIsPingedThenEndedWithinIntervalAndTimeout() throws Exception {
    CompletableFuture<String> error = new CompletableFuture<>();
    CompletableFuture<CloseEvent> closed = new CompletableFuture<>();
    start(Duration.ofMillis(200), Duration.ofMillis(300), (ws, request) ->
        ws.onError(e -> error.complete(e.message())).onClose(closed::complete));
    try (Socket deaf = new Socket(InetAddress.getLoopbackAddress(), server.port())) {
      deaf.setSoTimeout(5000);
      RawPeer.upgrade(deaf);
      long tookMillis = RawPeer.pingedThenEnded(deaf);
      assertTrue(tookMillis >= 450 && tookMillis < 2000, tookMillis + " ms");
    }
    assertTrue(error.get(5, TimeUnit.SECONDS).startsWith("no pong within pongTimeout (300 ms)"));
    CloseEvent c = closed.get(5, TimeUnit.SECONDS);
    assertEquals(CloseCode.ABNORMAL, c.code());
    assertFalse(c.wasClean());
  }

  @Test
  void peersThatAnswerPingsStayThroughManyIntervalsAndTheirPongsMeasureTheRoundTrip() throws Exception {
    CompletableFuture<WebSocket> serverEnd = new CompletableFuture<>();
    start(Duration.ofMillis(100), Duration.ofMillis(100), (ws, request) -> {
      serverEnd.complete(ws);
      EchoFixture.ECHO.onConnection(ws, request);
    });
    CountDownLatch closed = new CountDownLatch(1);
    BlockingQueue<String> echoed = new ArrayBlockingQueue<>(1);
    WebSocket ws = new WebSocket(URI.create("ws://127.0.0.1:" + server.port() + "/"),
        WebSocketOptions.builder().pingInterval(Duration.ofMillis(100))
            .pongTimeout(Duration.ofMillis(100)).build());
    ws.onClose(e -> closed.countDown()).onMessage(e -> echoed.add(e.text()));
    // Ten intervals of silence on both sides: each end pings, the other answers.
    assertFalse(closed.await(1, TimeUnit.SECONDS), "a peer that answers pings stays");
    // The ends ping in turn: one that hears the other's pings is never silent long enough.
    Duration rtt = serverEnd.get().rtt().or(ws::rtt).orElseThrow();
    assertTrue(rtt.compareTo(Duration.ofMillis(100)) < 0, "over loopback: " + rtt);
    ws.send("still here");
    assertEquals("still here", echoed.poll(5, TimeUnit.SECONDS));
    ws.close();
  }
}
