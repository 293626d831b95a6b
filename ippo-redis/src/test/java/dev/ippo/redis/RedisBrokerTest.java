package dev.ippo.redis;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ippo.MessageEvent;
import dev.ippo.TopicFixture;
import dev.ippo.TopicFixture.Client;
import dev.ippo.WebSocket;
import dev.ippo.WebSocketServer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Servers sharing topics through a real Redis (a redis-server of the test's own): each
 * server on its own {@link RedisBroker}, as if in its own process; servers and clients are
 * {@link TopicFixture}'s.
 */
@Timeout(120)
class RedisBrokerTest {
  private static final long WAIT = TopicFixture.WAIT_SECONDS;

  @TempDir
  Path tmp;

  private RedisProcess redis;
  private final List<RedisBroker> brokers = new ArrayList<>();
  private final List<WebSocketServer> servers = new ArrayList<>();
  private final List<WebSocket> clients = new ArrayList<>();

  @BeforeEach
  void startRedis() throws Exception {
    redis = RedisProcess.start(tmp.resolve("redis.log"));
  }

  @AfterEach
  void stopAll() throws Exception {
    clients.forEach(WebSocket::terminate);
    servers.forEach(WebSocketServer::close);
    brokers.forEach(RedisBroker::close);
    redis.close();
  }

  private WebSocketServer server(RedisBroker broker) throws Exception {
    WebSocketServer server = TopicFixture.startServer(broker);
    servers.add(server);
    return server;
  }

  private RedisBroker broker() {
    RedisBroker broker = RedisBroker.create(redis.uri());
    brokers.add(broker);
    return broker;
  }

  private Client client(WebSocketServer server, String topics) throws Exception {
    Client c = Client.open(server, topics);
    clients.add(c.ws());
    return c;
  }

  private static void await(String what, BooleanSupplier condition) throws InterruptedException {
    TopicFixture.await(what, WAIT, condition);
  }

  /**
   * Redis confirms a SUBSCRIBE asynchronously: publishes from {@code from} until one reaches
   * {@code probe}, then drains what the probe and {@code others} (the topic's other
   * subscribers) got, so a test starts with every server subscribed and every queue empty.
   * The drain ends at a last marker: Redis delivers one publisher's messages in order, so
   * every probe still on its way arrives before it.
   */
  private static void awaitRoute(WebSocketServer from, String topic, Client probe,
      Client... others) throws InterruptedException {
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT);
    while (probe.received().poll(50, TimeUnit.MILLISECONDS) == null) {
      assertTrue(System.nanoTime() < end, "no route to " + topic + " through Redis");
      from.publish(topic, "probe");
    }
    String marker = "route-end " + UUID.randomUUID(); // unlike any earlier call's
    from.publish(topic, marker);
    drainThrough(probe, marker);
    for (Client c : others) {
      drainThrough(c, marker);
    }
  }

  private static void drainThrough(Client c, String marker) throws InterruptedException {
    while (true) {
      MessageEvent e = c.received().poll(WAIT, TimeUnit.SECONDS);
      assertNotNull(e, "the marker " + marker + " never came");
      if (e.isText() && e.text().equals(marker)) {
        return;
      }
    }
  }

  @Test
  void aPublishReachesEachOtherServersSubscribersOnceAndNobodyElse() throws Exception {
    WebSocketServer one = server(broker());
    WebSocketServer two = server(broker());
    WebSocketServer three = server(broker());
    Client a = client(one, "room");
    Client b = client(two, "room");
    Client c = client(three, "room");
    Client outsider = client(three, "other");
    awaitRoute(one, "room", b, a);
    awaitRoute(one, "room", c, a, b);

    a.ws().send("room:hello from a");
    assertEquals("room:hello from a", b.nextText());
    assertEquals("room:hello from a", c.nextText());
    two.publish("room", new byte[] {7, 8, 9});
    for (Client x : List.of(a, b, c)) {
      MessageEvent e = x.received().poll(WAIT, TimeUnit.SECONDS);
      assertNotNull(e);
      assertFalse(e.isText());
      assertArrayEquals(new byte[] {7, 8, 9}, e.bytes());
    }
    a.assertNothing(300); // its own message did not come back through Redis
    b.assertNothing(0);
    c.assertNothing(0);
    outsider.assertNothing(0);
  }

  @Test
  void messagesFromOnePublisherArriveInOrder() throws Exception {
    WebSocketServer one = server(broker());
    WebSocketServer two = server(broker());
    Client far = client(two, "feed");
    awaitRoute(one, "feed", far);
    for (int i = 0; i < 500; i++) {
      one.publish("feed", "m" + i);
    }
    for (int i = 0; i < 500; i++) {
      assertEquals("m" + i, far.nextText());
    }
  }

  @Test
  void anOutageStopsOnlyCrossServerTrafficAndEndsByItself() throws Exception {
    try (WarningRecorder warnings = new WarningRecorder()) {
      RedisBroker brokerOne = broker();
      WebSocketServer one = server(brokerOne);
      WebSocketServer two = server(broker());
      Client near1 = client(one, "room");
      Client near2 = client(one, "room");
      Client far = client(two, "room");
      awaitRoute(one, "room", far, near1, near2);
      assertTrue(brokerOne.connected());

      redis.stop();
      await("the broker to see Redis gone", () -> !brokerOne.connected());
      near1.ws().send("room:during the outage");
      assertEquals("room:during the outage", near2.nextText());
      far.assertNothing(300);
      await("the publish to count as lost", () -> brokerOne.lostMessages() >= 1);
      // One line per broker, that is per server, however many connections dropped.
      await("each broker's warning", () -> warnings.warnings().size() >= 2);
      assertEquals(2, warnings.warnings().size());

      redis.restart();
      await("the broker to reconnect", brokerOne::connected);
      awaitRoute(one, "room", far, near1, near2);
      near1.ws().send("room:after the outage");
      assertEquals("room:after the outage", near2.nextText());
      assertEquals("room:after the outage", far.nextText());
      assertEquals(2, warnings.warnings().size(), "one warning per broker and outage");
    }
  }

  @Test
  void aServerDoesNotStartWhileRedisIsOutOfReach() throws Exception {
    redis.stop();
    RedisBroker broker = broker();
    WebSocketServer server = WebSocketServer.builder().host("127.0.0.1").port(0)
        .broker(broker).build();
    servers.add(server);
    RuntimeException e = assertThrows(RuntimeException.class, server::start);
    assertTrue(e.getMessage().contains(String.valueOf(redis.port())), e.getMessage());
    assertEquals(-1, server.port(), "the server listens though it did not start");
    assertTrue(Thread.getAllStackTraces().keySet().stream()
        .noneMatch(t -> t.isAlive() && t.getName().startsWith("ippo-server")),
        "event loops left running");
    assertFalse(broker.connected());
  }

  @Test
  void closingTheBrokersLeavesNoLettuceThread() throws Exception {
    WebSocketServer one = server(broker());
    Client a = client(one, "t");
    a.ws().close();
    clients.forEach(WebSocket::terminate);
    servers.forEach(WebSocketServer::close);
    brokers.forEach(RedisBroker::close);
    await("Lettuce's threads to end", () -> Thread.getAllStackTraces().keySet().stream()
        .noneMatch(t -> t.isAlive() && t.getName().startsWith("lettuce-")));
  }
}
