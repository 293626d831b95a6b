package dev.ippo;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Ippo client against Ippo server: the basic paths, end to end over loopback. */
class EchoTest {
  private WebSocketServer server;
  private final BlockingQueue<CloseEvent> serverCloses = new ArrayBlockingQueue<>(10);

  @BeforeEach
  void startServer() throws Exception {
    server = WebSocketServer.builder().host("127.0.0.1").port(0).build();
    server.onConnection((ws, request) -> {
      ws.onMessage(e -> EchoFixture.reply(ws, e));
      ws.onClose(serverCloses::add);
    });
    server.start();
  }

  @AfterEach
  void stopServer() {
    server.close();
  }

  private URI url() {
    return URI.create("ws://127.0.0.1:" + server.port() + "/echo?x=1");
  }

  @Test
  void echoesTextAndBinaryThenClosesCleanly() throws Exception {
    BlockingQueue<MessageEvent> messages = new ArrayBlockingQueue<>(10);
    CompletableFuture<OpenEvent> opened = new CompletableFuture<>();
    CompletableFuture<CloseEvent> closed = new CompletableFuture<>();
    WebSocket ws = new WebSocket(url(), WebSocketOptions.DEFAULTS);
    assertEquals(ReadyState.CONNECTING, ws.readyState());
    ws.onOpen(opened::complete).onMessage(messages::add).onClose(closed::complete);

    opened.get(5, TimeUnit.SECONDS);
    assertEquals(ReadyState.OPEN, ws.readyState());
    ws.send("héllo");
    ws.send(new byte[] {1, 2, 3});
    MessageEvent text = messages.poll(5, TimeUnit.SECONDS);
    MessageEvent binary = messages.poll(5, TimeUnit.SECONDS);
    assertEquals("héllo", text.data());
    assertArrayEquals(new byte[] {1, 2, 3}, (byte[]) binary.data());

    ws.close(CloseCode.NORMAL, "bye");
    CloseEvent event = closed.get(5, TimeUnit.SECONDS);
    assertEquals(1000, event.code());
    assertTrue(event.wasClean());
    assertEquals(ReadyState.CLOSED, ws.readyState());
    CloseEvent atServer = serverCloses.poll(5, TimeUnit.SECONDS);
    assertEquals(1000, atServer.code());
    assertEquals("bye", atServer.reason());
    assertTrue(atServer.wasClean());
  }

  @Test
  void refusedHandshakeGivesErrorThenClose1006() throws Exception {
    server.close();
    server = WebSocketServer.builder().host("127.0.0.1").port(0).verifyClient(r -> false).build();
    server.start();
    CompletableFuture<ErrorEvent> error = new CompletableFuture<>();
    CompletableFuture<CloseEvent> closed = new CompletableFuture<>();
    WebSocket ws = new WebSocket(url(), WebSocketOptions.DEFAULTS);
    ws.onError(error::complete).onClose(closed::complete);
    assertTrue(error.get(5, TimeUnit.SECONDS).message().contains("401"));
    CloseEvent event = closed.get(5, TimeUnit.SECONDS);
    assertEquals(1006, event.code());
    assertFalse(event.wasClean());
  }

  @Test
  void serverCloseReachesClient() throws Exception {
    server.onConnection((ws, request) -> ws.close(4000, "done"));
    CompletableFuture<CloseEvent> closed = new CompletableFuture<>();
    WebSocket ws = new WebSocket(url(), WebSocketOptions.DEFAULTS);
    ws.onClose(closed::complete);
    CloseEvent event = closed.get(5, TimeUnit.SECONDS);
    assertEquals(4000, event.code());
    assertEquals("done", event.reason());
    assertTrue(event.wasClean());
  }

  @Test
  void broadcastReachesEveryClient() throws Exception {
    server.onConnection((ws, request) -> ws.onMessage(e -> server.broadcast(e.text())));
    BlockingQueue<String> a = new ArrayBlockingQueue<>(10);
    BlockingQueue<String> b = new ArrayBlockingQueue<>(10);
    CompletableFuture<OpenEvent> openA = new CompletableFuture<>();
    CompletableFuture<OpenEvent> openB = new CompletableFuture<>();
    WebSocket wa = new WebSocket(url(), WebSocketOptions.DEFAULTS);
    wa.onOpen(openA::complete).onMessage(e -> a.add(e.text()));
    WebSocket wb = new WebSocket(url(), WebSocketOptions.DEFAULTS);
    wb.onOpen(openB::complete).onMessage(e -> b.add(e.text()));
    openA.get(5, TimeUnit.SECONDS);
    openB.get(5, TimeUnit.SECONDS);
    Await.until("both clients on the server", () -> server.clients().size() == 2);
    wa.send("to all");
    assertEquals("to all", a.poll(5, TimeUnit.SECONDS));
    assertEquals("to all", b.poll(5, TimeUnit.SECONDS));
    wa.close();
    wb.close();
  }
}
