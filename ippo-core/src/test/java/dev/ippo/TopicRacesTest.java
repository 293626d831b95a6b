package dev.ippo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Subscribe, unsubscribe, publish and close from many threads at once: the server's
 * subscriber counts, each connection's topics and what the broker was told must agree
 * afterwards (a closed connection subscribes to nothing and is no topic's subscriber), and
 * the broker must hear of each topic's first and last subscriber in turn.
 */
@Timeout(120)
class TopicRacesTest {
  private static final int CONNECTIONS = 24;
  private static final int THREADS = 6;
  private static final int OPERATIONS = 3000;
  private static final List<String> TOPICS = List.of("a", "b", "c", "d", "e");

  /** A broker that checks it hears subscribe and unsubscribe alternately for each topic. */
  private static final class CheckingBroker implements Broker {
    final Map<String, Boolean> subscribed = new ConcurrentHashMap<>();
    final List<String> violations = java.util.Collections.synchronizedList(new ArrayList<>());

    @Override
    public Link connect(Receiver receiver) {
      return new Link() {
        @Override
        public void subscribe(String topic) {
          if (Boolean.TRUE.equals(subscribed.put(topic, true))) {
            violations.add("subscribe twice to " + topic);
          }
        }

        @Override
        public void unsubscribe(String topic) {
          if (!Boolean.TRUE.equals(subscribed.put(topic, false))) {
            violations.add("unsubscribe from " + topic + " without a subscribe");
          }
        }

        @Override
        public void publish(String topic, boolean text, byte[] payload) {}

        @Override
        public void close() {}
      };
    }
  }

  @Test
  void countsConnectionsAndBrokerAgreeAfterConcurrentChanges() throws Exception {
    CheckingBroker broker = new CheckingBroker();
    WebSocketServer server = WebSocketServer.builder().host("127.0.0.1").port(0)
        .broker(broker).eventLoops(2).build();
    BlockingQueue<WebSocket> accepted = new LinkedBlockingQueue<>();
    Set<WebSocket> serverSideClosed = ConcurrentHashMap.newKeySet();
    server.onConnection((ws, request) -> {
      accepted.add(ws);
      ws.onClose(e -> serverSideClosed.add(ws));
    });
    server.start();
    List<WebSocket> clients = new ArrayList<>();
    ExecutorService pool = Executors.newFixedThreadPool(THREADS + 2);
    try {
      for (int i = 0; i < CONNECTIONS; i++) {
        WebSocket c = new WebSocket(URI.create("ws://127.0.0.1:" + server.port() + "/"),
            WebSocketOptions.DEFAULTS);
        clients.add(c);
      }
      List<WebSocket> serverSide = new ArrayList<>();
      for (int i = 0; i < CONNECTIONS; i++) {
        WebSocket ws = accepted.poll(10, TimeUnit.SECONDS);
        assertTrue(ws != null, "connection " + i + " never opened");
        serverSide.add(ws);
      }

      CountDownLatch start = new CountDownLatch(1);
      List<Future<?>> work = new ArrayList<>();
      for (int t = 0; t < THREADS; t++) {
        work.add(pool.submit(() -> {
          start.await();
          ThreadLocalRandom r = ThreadLocalRandom.current();
          for (int i = 0; i < OPERATIONS; i++) {
            WebSocket ws = serverSide.get(r.nextInt(CONNECTIONS));
            String topic = TOPICS.get(r.nextInt(TOPICS.size()));
            if (r.nextBoolean()) {
              ws.subscribe(topic);
            } else {
              ws.unsubscribe(topic);
            }
          }
          return null;
        }));
      }
      work.add(pool.submit(() -> {
        start.await();
        for (int i = 0; i < OPERATIONS; i++) {
          server.publish(TOPICS.get(i % TOPICS.size()), "m" + i);
        }
        return null;
      }));
      // Half the connections close while the others go on changing.
      work.add(pool.submit(() -> {
        start.await();
        for (int i = 0; i < CONNECTIONS; i += 2) {
          serverSide.get(i).terminate();
          Thread.sleep(1);
        }
        return null;
      }));
      start.countDown();
      for (Future<?> f : work) {
        f.get(60, TimeUnit.SECONDS);
      }
      Await.until("half the connections closed",
          () -> serverSideClosed.size() == CONNECTIONS / 2);

      for (String topic : TOPICS) {
        long subscribed = serverSide.stream().filter(ws -> ws.topics().contains(topic)).count();
        assertEquals(subscribed, server.subscriberCount(topic), "subscribers of " + topic);
        assertEquals(subscribed > 0, broker.subscribed.getOrDefault(topic, false),
            "the broker's view of " + topic);
      }
      for (int i = 0; i < CONNECTIONS; i += 2) {
        assertEquals(Set.of(), serverSide.get(i).topics(), "a closed connection's topics");
      }
      assertEquals(List.of(), broker.violations);

      // Once every connection is gone, no topic is left here or at the broker.
      clients.forEach(WebSocket::terminate);
      Await.until("every connection closed", () -> serverSideClosed.size() == CONNECTIONS);
      for (String topic : TOPICS) {
        assertEquals(0, server.subscriberCount(topic), "subscribers of " + topic);
        assertEquals(false, broker.subscribed.getOrDefault(topic, false), topic);
      }
      assertEquals(List.of(), broker.violations);
    } finally {
      pool.shutdownNow();
      clients.forEach(WebSocket::terminate);
      server.close();
    }
  }
}
