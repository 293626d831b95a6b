package dev.ippo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * A reconnecting client on real sockets, on 127.0.0.1: it comes back to a server that
 * restarts on the same port and its messages flow again, it stops after its close, and it
 * waits as long as a 503's Retry-After asks.
 */
class ReconnectSocketTest {
  /** Short waits, so the test does not wait on the defaults' seconds. */
  private static final ReconnectOptions FAST = ReconnectOptions.builder()
      .minDelay(Duration.ofMillis(50)).maxDelay(Duration.ofMillis(200)).build();

  private final BlockingQueue<String> events = new LinkedBlockingQueue<>();

  /** The next event, skipping the failed attempts' while the server is down. */
  private String next(boolean skipFailures) throws InterruptedException {
    while (true) {
      String e = events.poll(10, TimeUnit.SECONDS);
      if (e == null) {
        throw new AssertionError("no event within 10 s");
      }
      if (!skipFailures || !(e.equals("close:1006") || e.equals("reconnecting"))) {
        return e;
      }
    }
  }

  private void record(ReconnectingWebSocket ws) {
    ws.onOpen(e -> events.add("open"));
    ws.onMessage(e -> events.add("text:" + e.text()));
    ws.onClose(e -> events.add("close:" + e.code()));
    ws.onReconnecting(e -> events.add("reconnecting"));
  }

  private static WebSocketServer echoOn(int port, AtomicInteger connections,
      CountDownLatch more) throws Exception {
    WebSocketServer server = WebSocketServer.builder().host("127.0.0.1").port(port).build();
    server.onConnection((ws, request) -> {
      connections.incrementAndGet();
      more.countDown();
      EchoFixture.ECHO.onConnection(ws, request);
    });
    return server.start();
  }

  @Test
  void aClientComesBackWhenItsServerRestartsAndStopsAfterItsClose() {
    assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
      AtomicInteger connections = new AtomicInteger();
      WebSocketServer first = echoOn(0, connections, new CountDownLatch(0));
      int port = first.port();
      ReconnectingWebSocket ws = new ReconnectingWebSocket(
          URI.create("ws://127.0.0.1:" + port + "/"), WebSocketOptions.DEFAULTS, FAST);
      record(ws);
      assertEquals("open", next(false));
      assertEquals(SendResult.SENT, ws.send("one"));
      assertEquals("text:one", next(false));

      first.close(); // says 1001, going away
      assertEquals("close:1001", next(false));
      assertEquals("reconnecting", next(false));
      assertEquals(SendResult.NOT_OPEN, ws.send("while away"));

      CountDownLatch another = new CountDownLatch(2);
      WebSocketServer second = echoOn(port, connections, another);
      try {
        assertEquals("open", next(true));
        assertEquals(SendResult.SENT, ws.send("two"));
        assertEquals("text:two", next(false));
        ws.close(CloseCode.NORMAL, "done");
        assertEquals("close:1000", next(false));
        assertEquals(ReadyState.CLOSED, ws.readyState());
        // Nothing can signal an attempt that never comes: give it several maxDelays.
        assertFalse(another.await(1, TimeUnit.SECONDS), "no attempt after close()");
        assertEquals(2, connections.get());
        assertEquals(null, events.poll(), "no event after the last close");
        TrafficStats traffic = ws.traffic(); // summed over both connections
        assertEquals(2, traffic.messagesOut(), "one and two; not the one sent while away");
        assertEquals(3 + 3, traffic.payloadBytesOut());
        assertEquals(2, traffic.messagesIn());
        assertEquals(3 + 3, traffic.payloadBytesIn());
      } finally {
        second.close();
      }
    });
  }

  @Test
  void aServiceUnavailableIsRetriedNoSoonerThanItsRetryAfter() {
    assertTimeoutPreemptively(Duration.ofSeconds(30), () -> {
      try (ServerSocket raw = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"))) {
        raw.setSoTimeout(10_000);
        // Without Retry-After it would come back within 10 ms.
        ReconnectingWebSocket ws = new ReconnectingWebSocket(
            URI.create("ws://127.0.0.1:" + raw.getLocalPort() + "/"), WebSocketOptions.DEFAULTS,
            ReconnectOptions.builder().minDelay(Duration.ofMillis(10))
                .maxDelay(Duration.ofMillis(10)).build());
        BlockingQueue<Duration> delays = new LinkedBlockingQueue<>();
        ws.onReconnecting(e -> delays.add(e.delay()));
        long answered;
        try (Socket first = raw.accept()) {
          readHead(first.getInputStream());
          answered = System.nanoTime();
          OutputStream out = first.getOutputStream();
          out.write(("HTTP/1.1 503 Service Unavailable\r\nRetry-After: 1\r\n"
              + "Content-Length: 0\r\nConnection: close\r\n\r\n")
              .getBytes(StandardCharsets.ISO_8859_1));
          out.flush();
        }
        try (Socket second = raw.accept()) {
          long waited = System.nanoTime() - answered;
          assertTrue(waited >= TimeUnit.SECONDS.toNanos(1),
              "came back after " + waited / 1_000_000 + " ms");
          assertEquals(Duration.ofSeconds(1), delays.poll(10, TimeUnit.SECONDS));
          ws.close();
        }
      }
    });
  }

  /** Reads an HTTP head up to its blank line. */
  private static void readHead(InputStream in) throws Exception {
    int matched = 0;
    byte[] end = {'\r', '\n', '\r', '\n'};
    while (matched < end.length) {
      int b = in.read();
      if (b < 0) {
        throw new AssertionError("the client ended before its request's end");
      }
      matched = b == end[matched] ? matched + 1 : b == '\r' ? 1 : 0;
    }
  }
}
