package dev.ippo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.DataInputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A broadcast to 1000 clients of which 10 never read. With DROP the other 990 get every
 * message while the 10 are skipped, counted to the message, and still get their pongs; with
 * CLOSE the 10 are ended and the 990 get every message too.
 */
class SlowConsumerSocketTest {
  private static final int READERS = 990;
  private static final int NON_READERS = 10;
  private static final int ROUNDS = 40;
  private static final int PER_ROUND = 10;
  private static final int MESSAGES = ROUNDS * PER_ROUND;
  private static final String MESSAGE = "m".repeat(1024);

  private WebSocketServer server;
  private final List<WebSocket> readers = new ArrayList<>();
  private final List<Socket> nonReaders = new ArrayList<>();
  /** The server's end of each non-reader: what onDropped counted, and how it ended. */
  private final Map<WebSocket, AtomicLong> dropped = new ConcurrentHashMap<>();
  private final Map<WebSocket, String> errors = new ConcurrentHashMap<>();
  private final CountDownLatch nonReadersEnded = new CountDownLatch(NON_READERS);

  @AfterEach
  void stop() throws IOException {
    readers.forEach(WebSocket::terminate);
    for (Socket s : nonReaders) {
      s.close();
    }
    if (server != null) {
      server.close(java.time.Duration.ZERO);
    }
  }

  private void start(SlowConsumerPolicy policy) throws Exception {
    CountDownLatch opened = new CountDownLatch(READERS + NON_READERS);
    // A fixed kernel buffer: Linux's own grows to hold megabytes for a peer that reads nothing.
    server = WebSocketServer.builder().host("127.0.0.1").port(0).highWaterMark(16 * 1024)
        .socketSendBuffer(8 * 1024).slowConsumerPolicy(policy).build();
    server.onConnection((ws, request) -> {
      if (request.path().equals("/deaf")) {
        AtomicLong count = new AtomicLong();
        dropped.put(ws, count);
        ws.onDropped(count::addAndGet)
            .onError(e -> errors.put(ws, e.message()))
            .onClose(e -> nonReadersEnded.countDown());
      }
      opened.countDown();
    });
    server.start();
    for (int i = 0; i < NON_READERS; i++) {
      Socket deaf = new Socket();
      deaf.setReceiveBufferSize(4096); // before connecting: the window it offers stays small
      deaf.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), server.port()));
      deaf.setSoTimeout(10_000);
      deaf.getOutputStream().write(RawPeer.upgradeRequest("/deaf")
          .replace("GET / ", "GET /deaf ").getBytes(StandardCharsets.ISO_8859_1));
      nonReaders.add(deaf);
    }
  }

  /** Opens the readers; each releases a permit per message, and checks they come in order. */
  private Semaphore openReaders(List<String> disorder) {
    Semaphore received = new Semaphore(0);
    URI uri = URI.create("ws://127.0.0.1:" + server.port() + "/");
    for (int i = 0; i < READERS; i++) {
      int[] next = {0};
      WebSocket ws = new WebSocket(uri, WebSocketOptions.DEFAULTS);
      ws.onMessage(e -> {
        if (!e.text().equals(next[0]++ % 10 + MESSAGE.substring(1))) {
          disorder.add("message " + (next[0] - 1) + " differs");
        }
        received.release();
      });
      readers.add(ws);
    }
    return received;
  }

  /** Broadcasts in rounds, each once every reader has the round before: their full rate. */
  private void broadcastInRounds(Semaphore received) throws InterruptedException {
    for (int r = 0; r < ROUNDS; r++) {
      for (int m = 0; m < PER_ROUND; m++) {
        server.broadcast(m + MESSAGE.substring(1));
      }
      assertTrue(received.tryAcquire(READERS * PER_ROUND, 20, TimeUnit.SECONDS),
          "round " + r + " reached every reader");
    }
  }

  private void awaitAllOpen() {
    Await.until("1000 connections open", () -> server.clients().size() == READERS + NON_READERS);
  }

  @Test
  void withDropTheReadersGetEverythingAndTheNonReadersAreSkippedCountedAndStillPonged()
      throws Exception {
    start(SlowConsumerPolicy.DROP);
    List<String> disorder = new java.util.concurrent.CopyOnWriteArrayList<>();
    Semaphore received = openReaders(disorder);
    awaitAllOpen();
    broadcastInRounds(received);
    assertEquals(List.of(), disorder);
    assertEquals(READERS + NON_READERS, server.clients().size(), "nobody was ended");

    for (Socket deaf : nonReaders) {
      deaf.getOutputStream().write(new byte[] {(byte) 0x89, (byte) 0x80, 0, 0, 0, 0}); // ping
    }
    List<Long> counts = new ArrayList<>();
    for (Socket deaf : nonReaders) {
      counts.add(readUntilPong(deaf)); // its pong follows the messages queued before it
    }
    long[] told = dropped.values().stream().mapToLong(AtomicLong::get).sorted().toArray();
    long[] got = counts.stream().mapToLong(n -> MESSAGES - n).sorted().toArray();
    assertTrue(told[0] > 0, "each non-reader was skipped");
    assertEquals(java.util.Arrays.toString(got), java.util.Arrays.toString(told),
        "what each got and what was told skipped add up to every message");
  }

  @Test
  void withCloseTheNonReadersAreEndedAndTheReadersGetEverything() throws Exception {
    start(SlowConsumerPolicy.CLOSE);
    List<String> disorder = new java.util.concurrent.CopyOnWriteArrayList<>();
    Semaphore received = openReaders(disorder);
    awaitAllOpen();
    broadcastInRounds(received);
    assertEquals(List.of(), disorder);
    assertTrue(nonReadersEnded.await(10, TimeUnit.SECONDS), "the 10 were ended");
    assertEquals(NON_READERS, errors.size());
    errors.values().forEach(message ->
        assertTrue(message.startsWith("the peer is too slow"), message));
    assertEquals(READERS, server.clients().size(), "and only they");
  }

  /**
   * Reads what the server queued for a non-reader, past its 101, until the pong of the ping
   * it sent; returns how many text messages came before.
   */
  private static long readUntilPong(Socket deaf) throws IOException {
    DataInputStream in = new DataInputStream(deaf.getInputStream());
    StringBuilder head = new StringBuilder();
    while (!head.toString().endsWith("\r\n\r\n")) {
      head.append((char) in.readUnsignedByte());
    }
    assertTrue(head.toString().startsWith("HTTP/1.1 101 "), head.toString());
    long texts = 0;
    while (true) {
      int opcode = in.readUnsignedByte() & 0x0F;
      int length = in.readUnsignedByte() & 0x7F;
      if (length == 126) {
        length = in.readUnsignedShort();
      }
      in.skipNBytes(length);
      if (opcode == 0xA) {
        return texts;
      }
      assertEquals(0x1, opcode, "only messages before the pong");
      texts++;
    }
  }
}
