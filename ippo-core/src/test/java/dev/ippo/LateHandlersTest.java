package dev.ippo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Handlers set after the events they are for: a browser cannot see this, Java can (the
 * handshake may finish before the line after the constructor runs). Nothing is lost.
 */
class LateHandlersTest {

  @Test
  void openAndEarlyMessagesReachHandlersSetLate() throws Exception {
    try (WebSocketServer server = WebSocketServer.builder().host("127.0.0.1").port(0).build()) {
      server.onConnection((ws, request) -> {
        ws.send("one");
        ws.send("two");
        ws.close(); // read by the client after both messages, on the same loop
      });
      server.start();
      WebSocket ws = new WebSocket("ws://127.0.0.1:" + server.port() + "/");
      // Once CLOSED, both messages have arrived, while no handler existed.
      awaitState(ws, ReadyState.CLOSED);
      CompletableFuture<OpenEvent> opened = new CompletableFuture<>();
      BlockingQueue<String> got = new ArrayBlockingQueue<>(4);
      ws.onOpen(opened::complete);
      ws.onMessage(e -> got.add(e.text()));
      assertNotNull(opened.get(5, TimeUnit.SECONDS));
      assertEquals("one", got.poll(5, TimeUnit.SECONDS));
      assertEquals("two", got.poll(5, TimeUnit.SECONDS));
      ws.close();
    }
  }

  @Test
  void aFailedConnectionStillTellsALateCloseHandler() throws Exception {
    int closedPort;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      closedPort = s.getLocalPort();
    }
    WebSocket ws = new WebSocket("ws://127.0.0.1:" + closedPort + "/");
    awaitState(ws, ReadyState.CLOSED);
    CompletableFuture<ErrorEvent> error = new CompletableFuture<>();
    CompletableFuture<CloseEvent> closed = new CompletableFuture<>();
    ws.onError(error::complete);
    ws.addEventListener(EventType.CLOSE, closed::complete);
    assertNotNull(error.get(5, TimeUnit.SECONDS).message());
    assertEquals(CloseCode.ABNORMAL, closed.get(5, TimeUnit.SECONDS).code());
  }

  private static void awaitState(WebSocket ws, ReadyState state) {
    Await.until("the connection to be " + state, () -> ws.readyState() == state);
  }
}
