package dev.ippo;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** permessage-deflate end to end, Ippo's client against Ippo's server. */
class DeflateTest {
  private WebSocketServer server;
  private final List<WebSocket> clients = new ArrayList<>();

  private void start(PerMessageDeflate deflate, long maxPayload) throws Exception {
    server = EchoFixture.start(WebSocketServer.builder().host("127.0.0.1").port(0)
        .perMessageDeflate(deflate).maxPayload(maxPayload));
  }

  @AfterEach
  void stop() {
    clients.forEach(WebSocket::terminate);
    if (server != null) {
      server.close();
    }
  }

  /** An open client, its messages and its close event. */
  private record Client(WebSocket ws, BlockingQueue<MessageEvent> messages,
      CompletableFuture<CloseEvent> closed) {}

  private Client connect(WebSocketOptions options) throws Exception {
    BlockingQueue<MessageEvent> messages = new ArrayBlockingQueue<>(100);
    CompletableFuture<OpenEvent> opened = new CompletableFuture<>();
    CompletableFuture<CloseEvent> closed = new CompletableFuture<>();
    WebSocket ws = new WebSocket(URI.create("ws://127.0.0.1:" + server.port() + "/"), options);
    clients.add(ws);
    ws.onOpen(opened::complete).onMessage(messages::add).onClose(closed::complete);
    opened.get(5, TimeUnit.SECONDS);
    return new Client(ws, messages, closed);
  }

  private static String text(int length) {
    StringBuilder s = new StringBuilder(length);
    while (s.length() < length) {
      s.append("{\"type\":\"message\",\"text\":\"ぽ").append(s.length()).append("\"} ");
    }
    return s.substring(0, length);
  }

  @Test
  void negotiatedByDefaultWhenTheServerTurnsItOnAndEchoesEverySize() throws Exception {
    start(PerMessageDeflate.DEFAULTS, 64L << 20);
    Client c = connect(WebSocketOptions.DEFAULTS);
    assertEquals("permessage-deflate", c.ws().extensions());
    byte[] random = new byte[300_000];
    new Random(1).nextBytes(random);
    for (int size : new int[] {0, 10, 1023, 1024, 5000, 70_000, 1_000_000}) {
      String message = text(size);
      c.ws().send(message);
      c.ws().send(message); // the second leans on the first's window, both ways
      assertEquals(message, c.messages().poll(5, TimeUnit.SECONDS).text());
      assertEquals(message, c.messages().poll(5, TimeUnit.SECONDS).text());
    }
    c.ws().send(random);
    assertArrayEquals(random, c.messages().poll(5, TimeUnit.SECONDS).bytes());
  }

  @Test
  void offNeitherOfferedNorAnswered() throws Exception {
    start(null, 64L << 20);
    Client offered = connect(WebSocketOptions.DEFAULTS);
    assertEquals("", offered.ws().extensions());
    offered.ws().send(text(5000));
    assertEquals(text(5000), offered.messages().poll(5, TimeUnit.SECONDS).text());
    server.close();
    start(PerMessageDeflate.DEFAULTS, 64L << 20);
    Client plain = connect(WebSocketOptions.builder().perMessageDeflate(false).build());
    assertEquals("", plain.ws().extensions());
  }

  @Test
  void theOffersParametersAreAgreed() throws Exception {
    start(PerMessageDeflate.DEFAULTS, 64L << 20);
    Client c = connect(WebSocketOptions.builder().perMessageDeflate(PerMessageDeflate.builder()
        .serverNoContextTakeover(true).clientNoContextTakeover(true)
        .serverMaxWindowBits(9).build()).build());
    assertEquals("permessage-deflate; server_no_context_takeover; client_no_context_takeover;"
        + " server_max_window_bits=9", c.ws().extensions());
    for (int size : new int[] {2000, 512, 100_000}) {
      c.ws().send(text(size));
      assertEquals(text(size), c.messages().poll(5, TimeUnit.SECONDS).text());
    }
  }

  @Test
  void aMessageThatInflatesPastMaxPayloadIs1009AndOthersCarryOn() throws Exception {
    start(PerMessageDeflate.DEFAULTS, 64 * 1024);
    Client bystander = connect(WebSocketOptions.DEFAULTS);
    Client bomber = connect(WebSocketOptions.DEFAULTS);
    bomber.ws().send(new byte[4 << 20]); // 4 MiB of zeros: about 4 KiB on the wire
    CloseEvent closed = bomber.closed().get(5, TimeUnit.SECONDS);
    assertEquals(1009, closed.code());
    bystander.ws().send(text(3000));
    assertEquals(text(3000), bystander.messages().poll(5, TimeUnit.SECONDS).text());
    Client later = connect(WebSocketOptions.DEFAULTS);
    later.ws().send("still here");
    assertEquals("still here", later.messages().poll(5, TimeUnit.SECONDS).text());
  }

  @Test
  void broadcastReachesClientsWithAndWithoutContextAndWithoutDeflate() throws Exception {
    start(PerMessageDeflate.DEFAULTS, 64L << 20);
    Client keeps = connect(WebSocketOptions.DEFAULTS);
    Client fresh = connect(WebSocketOptions.builder().perMessageDeflate(
        PerMessageDeflate.builder().serverNoContextTakeover(true).build()).build());
    Client plain = connect(WebSocketOptions.builder().perMessageDeflate(false).build());
    Client small = connect(WebSocketOptions.builder().perMessageDeflate(
        PerMessageDeflate.builder().serverMaxWindowBits(10).build()).build());
    assertTrue(fresh.ws().extensions().contains("server_no_context_takeover"));
    Await.until("four clients on the server", () -> server.clients().size() == 4);
    for (String message : new String[] {text(5000), text(900), text(5000), text(1000)}) {
      server.broadcast(message);
      for (Client c : List.of(keeps, fresh, plain, small)) {
        assertEquals(message, c.messages().poll(5, TimeUnit.SECONDS).text(), c.ws().extensions());
      }
    }
    byte[] binary = new byte[20_000];
    server.broadcast(binary);
    for (Client c : List.of(keeps, fresh, plain, small)) {
      assertArrayEquals(binary, c.messages().poll(5, TimeUnit.SECONDS).bytes());
    }
    assertFalse(keeps.closed().isDone());
  }
}
