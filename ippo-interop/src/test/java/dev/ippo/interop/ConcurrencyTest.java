package dev.ippo.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ippo.CloseEvent;
import dev.ippo.ReadyState;
import dev.ippo.WebSocket;
import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Many threads on one connection, and many connections at once, against an Ippo server. */
@Timeout(90)
class ConcurrencyTest {
  private static final int THREADS = 8;
  private static final int MESSAGES_PER_THREAD = 2_000;
  private static final int CONNECTIONS = 1_000;
  private static final int MESSAGES_PER_CONNECTION = 10;
  private static final int NODE_CLIENTS = 200;
  private static final long BOUND_SECONDS = 60;

  @Test
  void threadsSharingOneConnectionKeepTheirOrder() throws Exception {
    try (IppoTestServer server = IppoTestServer.start()) {
      WebSocket ws = new WebSocket(server.url("/echo"));
      EventRecorder events = EventRecorder.attach(ws);
      int total = THREADS * MESSAGES_PER_THREAD;
      int[] nextSeq = new int[THREADS];
      Queue<String> problems = new ConcurrentLinkedQueue<>();
      CountDownLatch all = new CountDownLatch(total);
      // Replaces the recorder's message handler: checks each echo on the loop thread.
      ws.onMessage(e -> {
        String problem = checkTagged(e.text(), nextSeq);
        if (problem != null) {
          problems.add(problem);
        }
        all.countDown();
      });
      events.awaitOpen(30);

      ExecutorService pool = Executors.newFixedThreadPool(THREADS);
      try {
        CountDownLatch go = new CountDownLatch(1);
        List<Future<?>> senders = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
          int thread = t;
          senders.add(pool.submit(() -> {
            go.await();
            for (int seq = 0; seq < MESSAGES_PER_THREAD; seq++) {
              ws.send(tagged(thread, seq));
            }
            return null;
          }));
        }
        go.countDown();
        for (Future<?> f : senders) {
          f.get(BOUND_SECONDS, TimeUnit.SECONDS);
        }
      } finally {
        pool.shutdownNow();
      }

      assertTrue(all.await(BOUND_SECONDS, TimeUnit.SECONDS),
          "only " + (total - all.getCount()) + " of " + total + " echoes arrived");
      assertEquals(List.of(), firstFew(problems));
      for (int t = 0; t < THREADS; t++) {
        assertEquals(MESSAGES_PER_THREAD, nextSeq[t], "echoes of thread " + t);
      }
      ws.close(1000, "done");
      assertEquals(1000, events.awaitClose(30).code());
      CloseEvent serverSide = server.nextClose(30);
      assertEquals(1000, serverSide.code());
      assertEquals("done", serverSide.reason());
    }
  }

  @Test
  void aThousandConnectionsEchoAtOnce() throws Exception {
    requireFileDescriptors(2 * CONNECTIONS + 200);
    try (IppoTestServer server = IppoTestServer.start()) {
      CountDownLatch closed = new CountDownLatch(CONNECTIONS);
      AtomicInteger cleanCloses = new AtomicInteger();
      AtomicInteger messagesOk = new AtomicInteger();
      Queue<String> problems = new ConcurrentLinkedQueue<>();
      List<WebSocket> clients = new ArrayList<>();
      long start = System.nanoTime();
      try {
        for (int c = 0; c < CONNECTIONS; c++) {
          clients.add(echoingClient(server.url("/echo"), c, messagesOk, cleanCloses, problems,
              closed));
        }
        boolean done = closed.await(BOUND_SECONDS, TimeUnit.SECONDS);
        assertTrue(done, (CONNECTIONS - closed.getCount()) + " of " + CONNECTIONS
            + " connections finished within " + BOUND_SECONDS + " s; " + messagesOk.get()
            + " messages echoed; client states " + statesOf(clients) + "; bytes queued by open"
            + " clients " + queuedByOpen(clients) + "; server side: "
            + server.server().clients().size() + " open, " + server.messagesReceived()
            + " messages received; problems: " + firstFew(problems));
      } finally {
        clients.forEach(WebSocket::terminate);
      }
      long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
      assertEquals(List.of(), firstFew(problems));
      assertEquals(CONNECTIONS * MESSAGES_PER_CONNECTION, messagesOk.get());
      assertEquals(CONNECTIONS, cleanCloses.get(), "connections that closed cleanly with 1000");
      for (int c = 0; c < CONNECTIONS; c++) {
        assertEquals(1000, server.nextClose(30).code());
      }
      assertEquals(Set.of(), server.server().clients(), "the server forgot them all");
      System.out.println(CONNECTIONS + " connections x " + MESSAGES_PER_CONNECTION
          + " echoes in " + millis + " ms");
    }
  }

  @Test
  void twoHundredWsClientsAtOnce() throws Exception {
    try (IppoTestServer server = IppoTestServer.start()) {
      Map<String, JsonLine> r = WsClientScript.run(BOUND_SECONDS, server.url("/echo"), "many",
          String.valueOf(NODE_CLIENTS), String.valueOf(MESSAGES_PER_CONNECTION));

      JsonLine many = r.get("many");
      assertEquals("", many.string("failures"));
      assertEquals(NODE_CLIENTS, many.number("completed"));
      assertEquals((long) NODE_CLIENTS * MESSAGES_PER_CONNECTION, many.number("messagesOk"));
      for (int c = 0; c < NODE_CLIENTS; c++) {
        CloseEvent close = server.nextClose(30);
        assertEquals(1000, close.code());
        assertEquals("done", close.reason());
        assertTrue(close.wasClean());
      }
    }
  }

  /** A client that sends its messages at once on open, checks their echoes, then closes. */
  private static WebSocket echoingClient(String url, int id, AtomicInteger messagesOk,
      AtomicInteger cleanCloses, Queue<String> problems, CountDownLatch closed) {
    WebSocket ws = new WebSocket(url);
    int[] received = {0};
    ws.onOpen(e -> {
      for (int m = 0; m < MESSAGES_PER_CONNECTION; m++) {
        ws.send("connection " + id + " message " + m);
      }
    });
    ws.onMessage(e -> {
      String expected = "connection " + id + " message " + received[0];
      if (!expected.equals(e.text())) {
        problems.add("expected '" + expected + "', got '" + e.text() + "'");
      }
      messagesOk.incrementAndGet();
      if (++received[0] == MESSAGES_PER_CONNECTION) {
        ws.close(1000, "done");
      }
    });
    ws.onError(e -> problems.add("connection " + id + ": " + e.message()));
    ws.onClose(e -> {
      if (e.code() == 1000 && e.wasClean()) {
        cleanCloses.incrementAndGet();
      } else {
        problems.add("connection " + id + " closed with " + e.code() + " clean=" + e.wasClean());
      }
      closed.countDown();
    });
    return ws;
  }

  /** Message {@code seq} of {@code thread}; its length varies so frames split unevenly. */
  private static String tagged(int thread, int seq) {
    return thread + ":" + seq + ":" + "p".repeat((thread * 7 + seq) % 300);
  }

  /** Null when {@code text} is the next message of its thread, whole; else what is wrong. */
  private static String checkTagged(String text, int[] nextSeq) {
    String[] parts = text.split(":", 3);
    if (parts.length != 3) {
      return "not a tagged message: " + text;
    }
    int thread = Integer.parseInt(parts[0]);
    int seq = Integer.parseInt(parts[1]);
    if (seq != nextSeq[thread]) {
      return "thread " + thread + ": expected message " + nextSeq[thread] + ", got " + seq;
    }
    nextSeq[thread]++;
    return tagged(thread, seq).equals(text) ? null : "message " + thread + ":" + seq + " damaged";
  }

  private static Map<ReadyState, Long> statesOf(List<WebSocket> clients) {
    return clients.stream().collect(Collectors.groupingBy(
        WebSocket::readyState, () -> new EnumMap<>(ReadyState.class), Collectors.counting()));
  }

  private static List<Long> queuedByOpen(List<WebSocket> clients) {
    return clients.stream().filter(ws -> ws.readyState() == ReadyState.OPEN)
        .map(WebSocket::bufferedAmount).limit(5).collect(Collectors.toList());
  }

  private static List<String> firstFew(Queue<String> problems) {
    List<String> all = List.copyOf(problems);
    return all.subList(0, Math.min(5, all.size()));
  }

  /**
   * Fails at once, saying so, when the process may not open {@code needed} more files: a
   * thousand connections would otherwise fail one by one, or hang, deep inside the test.
   */
  private static void requireFileDescriptors(long needed) {
    OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
    if (os instanceof com.sun.management.UnixOperatingSystemMXBean unix) {
      long free = unix.getMaxFileDescriptorCount() - unix.getOpenFileDescriptorCount();
      assertTrue(free >= needed, "this test needs " + needed + " free file descriptors but the"
          + " limit (ulimit -n) is " + unix.getMaxFileDescriptorCount() + " with "
          + unix.getOpenFileDescriptorCount() + " open; raise it with ulimit -n");
    }
  }
}
