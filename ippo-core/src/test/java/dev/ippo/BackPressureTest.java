package dev.ippo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.net.Socket;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Slow peers: the high-water mark, the drain signal, pause and resume. */
class BackPressureTest {
  private WebSocketServer server;

  @AfterEach
  void stop() {
    server.close();
  }

  /** A client that completes the handshake by hand and then reads only when told. */
  private Socket rawClient() throws Exception {
    Socket s = new Socket("127.0.0.1", server.port());
    s.setReceiveBufferSize(16 * 1024);
    s.setSoTimeout(5000);
    RawPeer.upgrade(s);
    return s;
  }

  @Test
  void aPeerThatNeverReadsIsDroppedAndOthersCarryOn() throws Exception {
    CompletableFuture<ErrorEvent> error = new CompletableFuture<>();
    CompletableFuture<CloseEvent> closed = new CompletableFuture<>();
    server = WebSocketServer.builder().host("127.0.0.1").port(0)
        .highWaterMark(1024 * 1024).build();
    server.onConnection((ws, request) -> {
      if (request.path().equals("/echo")) {
        ws.onMessage(e -> ws.send(e.text()));
        return;
      }
      ws.onError(error::complete).onClose(closed::complete);
      Thread flood = new Thread(() -> {
        byte[] chunk = new byte[64 * 1024];
        for (int i = 0; i < 10_000 && ws.readyState() == ReadyState.OPEN; i++) {
          ws.send(chunk);
        }
      });
      flood.start();
    });
    server.start();
    try (Socket stuck = rawClient()) {
      ErrorEvent e = error.get(10, TimeUnit.SECONDS);
      assertTrue(e.message().contains("highWaterMark"), e.message());
      CloseEvent c = closed.get(5, TimeUnit.SECONDS);
      assertEquals(CloseCode.ABNORMAL, c.code());
      assertFalse(c.wasClean());
    }
    BlockingQueue<String> echoed = new ArrayBlockingQueue<>(1);
    WebSocket ws = new WebSocket("ws://127.0.0.1:" + server.port() + "/echo");
    ws.onOpen(e -> ws.send("still here")).onMessage(e -> echoed.add(e.text()));
    assertEquals("still here", echoed.poll(5, TimeUnit.SECONDS));
    ws.close();
  }

  @Test
  void drainFiresOnceTheQueueEmpties() throws Exception {
    CompletableFuture<Long> drained = new CompletableFuture<>();
    CompletableFuture<Long> queuedAfterSend = new CompletableFuture<>();
    // 16 MiB queued on purpose: above the default highWaterMark of 1 MiB.
    server = WebSocketServer.builder().host("127.0.0.1").port(0)
        .highWaterMark(32L << 20).build();
    server.onConnection((ws, request) -> {
      ws.onDrain(() -> drained.complete(ws.bufferedAmount()));
      for (int i = 0; i < 256; i++) {
        ws.send(new byte[64 * 1024]);
      }
      queuedAfterSend.complete(ws.bufferedAmount());
    });
    server.start();
    try (Socket slow = rawClient()) {
      assertTrue(queuedAfterSend.get(5, TimeUnit.SECONDS) > 0, "the socket took 16 MiB at once");
      assertFalse(drained.isDone());
      InputStream in = slow.getInputStream();
      long expected = 256L * (64 * 1024 + 10); // 64-bit length form: 10-byte headers
      byte[] buf = new byte[65536];
      long total = 0;
      while (total < expected) {
        int n = in.read(buf);
        assertTrue(n > 0);
        total += n;
      }
      assertEquals(0L, drained.get(5, TimeUnit.SECONDS));
    }
  }

  @Test
  void pauseStopsMessagesUntilResume() throws Exception {
    CompletableFuture<WebSocket> serverSide = new CompletableFuture<>();
    BlockingQueue<String> received = new ArrayBlockingQueue<>(10);
    server = WebSocketServer.builder().host("127.0.0.1").port(0).build();
    server.onConnection((ws, request) -> {
      ws.pause();
      ws.onMessage(e -> received.add(e.text()));
      serverSide.complete(ws);
    });
    server.start();
    CompletableFuture<OpenEvent> open = new CompletableFuture<>();
    WebSocket client = new WebSocket("ws://127.0.0.1:" + server.port() + "/");
    client.onOpen(open::complete);
    open.get(5, TimeUnit.SECONDS);
    WebSocket ws = serverSide.get(5, TimeUnit.SECONDS);
    client.send("held back");
    assertNull(received.poll(300, TimeUnit.MILLISECONDS));
    ws.resume();
    assertEquals("held back", received.poll(5, TimeUnit.SECONDS));
    client.close();
  }
}
