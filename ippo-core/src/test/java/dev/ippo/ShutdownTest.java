package dev.ippo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.DataInputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The drained shutdown: clients get 1001 and close cleanly, close() returns as soon as the
 * last has gone, requests that come meanwhile get 503 with Retry-After, and a client that
 * never answers is dropped when the grace period ends.
 */
class ShutdownTest {
  private final WebSocketServer server =
      WebSocketServer.builder().host("127.0.0.1").port(0).build();

  @AfterEach
  void stop() {
    server.close(Duration.ZERO);
  }

  @Test
  void everyClientGets1001AndCloseReturnsOnceTheyHaveAnswered() throws Exception {
    CountDownLatch opened = new CountDownLatch(5);
    server.onConnection((ws, request) -> opened.countDown());
    server.start();
    List<CompletableFuture<CloseEvent>> closes = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      CompletableFuture<CloseEvent> closed = new CompletableFuture<>();
      new WebSocket("ws://127.0.0.1:" + server.port() + "/").onClose(closed::complete);
      closes.add(closed);
    }
    assertTrue(opened.await(5, TimeUnit.SECONDS));
    long start = System.nanoTime();
    server.close(Duration.ofSeconds(20));
    long tookMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
    assertTrue(tookMillis < 5000, "returned once all had answered, not after the grace: "
        + tookMillis + " ms");
    for (CompletableFuture<CloseEvent> closed : closes) {
      CloseEvent e = closed.get(5, TimeUnit.SECONDS);
      assertEquals(CloseCode.GOING_AWAY, e.code());
      assertEquals("server shutting down", e.reason());
      assertTrue(e.wasClean());
    }
    assertEquals(List.of(), List.copyOf(server.clients()));
  }

  @Test
  void duringTheDrainRequestsGet503AndAClientThatNeverAnswersIsDroppedAtTheEnd()
      throws Exception {
    CompletableFuture<CloseEvent> deafClosed = new CompletableFuture<>();
    server.onConnection((ws, request) -> ws.onClose(deafClosed::complete));
    server.start();
    int port = server.port();
    try (Socket deaf = new Socket(InetAddress.getLoopbackAddress(), port)) {
      deaf.setSoTimeout(10_000);
      RawPeer.upgrade(deaf);
      long start = System.nanoTime();
      CompletableFuture<Void> closing =
          CompletableFuture.runAsync(() -> server.close(Duration.ofMillis(1500)));
      DataInputStream in = new DataInputStream(deaf.getInputStream());
      assertEquals(0x88, in.readUnsignedByte(), "a close frame");
      byte[] payload = in.readNBytes(in.readUnsignedByte());
      assertEquals(CloseCode.GOING_AWAY, ((payload[0] & 0xFF) << 8) | (payload[1] & 0xFF));

      // The drain has begun: the port answers, and says when to come back.
      String upgrade = RawPeer.exchange(port, RawPeer.upgradeRequest("/"));
      assertTrue(upgrade.startsWith("HTTP/1.1 503 "), upgrade);
      assertTrue(upgrade.contains("\r\nRetry-After: 2\r\n"), upgrade);
      String plain = RawPeer.exchange(port, "GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n");
      assertTrue(plain.startsWith("HTTP/1.1 503 "), plain);
      assertFalse(closing.isDone(), "waits for the client's close frame");

      assertEquals(-1, in.read(), "dropped when the grace period ends");
      closing.get(5, TimeUnit.SECONDS);
      long tookMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
      assertTrue(tookMillis >= 1400 && tookMillis < 3500, tookMillis + " ms");
    }
    CloseEvent e = deafClosed.get(5, TimeUnit.SECONDS);
    assertEquals(CloseCode.ABNORMAL, e.code());
    assertFalse(e.wasClean());
  }

  @Test
  void aServerClosedBeforeItStartedOrTwiceReturnsAtOnce() throws Exception {
    server.close();
    server.close(Duration.ofSeconds(30));
    assertEquals(-1, server.port());
  }
}
