package dev.ippo;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ippo.TopicFixture.Client;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Topics on one server and across servers sharing an {@link InProcessBroker}. */
@Timeout(60)
class TopicsTest {
  private static final long WAIT = TopicFixture.WAIT_SECONDS;
  private final List<WebSocketServer> servers = new ArrayList<>();
  private final List<WebSocket> clients = new ArrayList<>();

  @AfterEach
  void closeAll() {
    clients.forEach(WebSocket::terminate);
    servers.forEach(WebSocketServer::close);
  }

  private WebSocketServer server(Broker broker) throws Exception {
    WebSocketServer server = TopicFixture.startServer(broker);
    servers.add(server);
    return server;
  }

  private Client client(WebSocketServer server, String topics) throws Exception {
    Client c = Client.open(server, topics);
    clients.add(c.ws());
    return c;
  }

  @Test
  void aPublishReachesTheTopicsSubscribersOnlyWithTextAndBinaryKeptApart() throws Exception {
    WebSocketServer server = server(null);
    Client a = client(server, "room1");
    Client b = client(server, "room1,room2");
    Client c = client(server, "room2");
    TopicFixture.awaitSubscribers(server, "room1", 2);

    server.publish("room1", "hello room1");
    server.publish("room1", new byte[] {1, 2, 3});
    server.publish("room2", "hello room2");
    for (Client x : List.of(a, b)) {
      assertEquals("hello room1", x.nextText());
      MessageEvent binary = x.received().poll(WAIT, TimeUnit.SECONDS);
      assertFalse(binary.isText());
      assertArrayEquals(new byte[] {1, 2, 3}, binary.bytes());
    }
    assertEquals("hello room2", b.nextText());
    // c hears room2 only: its first message is room2's.
    assertEquals("hello room2", c.nextText());
    assertNull(a.received().poll(100, TimeUnit.MILLISECONDS));
  }

  @Test
  void aConnectionsPublishSkipsItself() throws Exception {
    WebSocketServer server = server(null);
    Client a = client(server, "t");
    Client b = client(server, "t");
    TopicFixture.awaitSubscribers(server, "t", 2);
    a.ws().send("t:from a");
    assertEquals("t:from a", b.nextText());
    b.ws().send("t:from b");
    assertEquals("t:from b", a.nextText());
    assertNull(a.received().poll(100, TimeUnit.MILLISECONDS), "a got its own message");
    assertNull(b.received().poll(0, TimeUnit.MILLISECONDS), "b got its own message");
  }

  @Test
  void serversSharingABrokerDeliverEachPublishOnceEverywhere() throws Exception {
    InProcessBroker broker = new InProcessBroker();
    WebSocketServer one = server(broker);
    WebSocketServer two = server(broker);
    WebSocketServer alone = server(null);
    Client a = client(one, "news");
    Client b = client(two, "news");
    Client c = client(two, "other");
    Client d = client(alone, "news");
    TopicFixture.awaitSubscribers(two, "news", 1);

    one.publish("news", "from one");
    assertEquals("from one", a.nextText());
    assertEquals("from one", b.nextText());
    a.ws().send("news:from a");
    assertEquals("news:from a", b.nextText());
    two.publish("other", "to c");
    assertEquals("to c", c.nextText());
    assertNull(a.received().poll(200, TimeUnit.MILLISECONDS), "a got a message twice");
    assertNull(b.received().poll(0, TimeUnit.MILLISECONDS), "b got a message twice");
    assertNull(d.received().poll(0, TimeUnit.MILLISECONDS), "another broker's server heard");

    // one: its own publish and a's (which skips a); nothing of two's topics reaches it.
    assertEquals(new ServerStats.Topics(1, 1, 2, 1, 0, true, 0), one.stats().topics());
    // two: "to c" here, and both of one's relayed to b.
    assertEquals(new ServerStats.Topics(2, 2, 1, 3, 2, true, 0), two.stats().topics());
    assertEquals(new ServerStats.Topics(1, 1, 0, 0, 0, true, 0), alone.stats().topics());
  }

  @Test
  void aClosedConnectionLeavesItsTopicsAndCannotSubscribeAgain() throws Exception {
    WebSocketServer server = WebSocketServer.builder().host("127.0.0.1").port(0).build();
    BlockingQueue<WebSocket> closed = new LinkedBlockingQueue<>();
    server.onConnection((ws, request) -> {
      ws.subscribe("a");
      ws.subscribe("b");
      ws.onClose(e -> closed.add(ws));
    });
    servers.add(server.start());
    WebSocket client = new WebSocket(URI.create("ws://127.0.0.1:" + server.port() + "/"),
        WebSocketOptions.DEFAULTS);
    clients.add(client);
    TopicFixture.awaitSubscribers(server, "a", 1);
    client.close();
    WebSocket gone = closed.poll(WAIT, TimeUnit.SECONDS);
    assertEquals(0, server.subscriberCount("a"));
    assertEquals(0, server.subscriberCount("b"));
    assertEquals(Set.of(), gone.topics());
    assertFalse(gone.subscribe("a"));
    assertEquals(0, server.subscriberCount("a"));
    server.publish("a", "nobody hears this"); // no subscriber, no error
  }

  @Test
  void subscribeAnswersWhetherAnythingChanged() throws Exception {
    WebSocketServer server = WebSocketServer.builder().host("127.0.0.1").port(0).build();
    BlockingQueue<List<Object>> answers = new LinkedBlockingQueue<>();
    server.onConnection((ws, request) -> answers.add(List.of(ws.subscribe("x"),
        ws.subscribe("x"), ws.subscribe("y"), ws.topics(), ws.unsubscribe("x"),
        ws.unsubscribe("x"), ws.topics())));
    servers.add(server.start());
    clients.add(new WebSocket(URI.create("ws://127.0.0.1:" + server.port() + "/"),
        WebSocketOptions.DEFAULTS));
    assertEquals(List.of(true, false, true, Set.of("x", "y"), true, false, Set.of("y")),
        answers.poll(WAIT, TimeUnit.SECONDS));
    assertEquals(0, server.subscriberCount("x"));
    assertEquals(1, server.subscriberCount("y"));
  }

  @Test
  void aClientConnectionHasNoTopics() {
    WebSocket client = new WebSocket("ws://127.0.0.1:9/");
    clients.add(client);
    assertThrows(IllegalStateException.class, () -> client.subscribe("t"));
    assertThrows(IllegalStateException.class, () -> client.publish("t", "x"));
  }

  @Test
  void aServersListenerHearsTheOtherServersPublishesNotItsOwn() throws Exception {
    InProcessBroker broker = new InProcessBroker();
    WebSocketServer one = server(broker);
    WebSocketServer two = WebSocketServer.builder().host("127.0.0.1").port(0)
        .broker(broker).build();
    BlockingQueue<String> heard = new LinkedBlockingQueue<>();
    // Before start: the broker is told of the topic when the server starts.
    two.subscribe("room", (topic, m) -> heard.add(topic + " " + (m.isText()
        ? "text " + m.text() : "binary " + m.bytes().length) + " " + m.target()));
    servers.add(two.start());

    one.publish("room", "from one");
    one.publish("room", new byte[] {1, 2, 3});
    two.publish("room", "from two");
    one.publish("elsewhere", "not this topic");
    assertEquals("room text from one null", heard.poll(WAIT, TimeUnit.SECONDS));
    assertEquals("room binary 3 null", heard.poll(WAIT, TimeUnit.SECONDS));
    assertNull(heard.poll(100, TimeUnit.MILLISECONDS), "heard its own server or another topic");
    assertEquals(0, two.subscriberCount("room"), "a listener is not a connection");
  }

  @Test
  void aListenerKeepsTheTopicSubscribedUntilItsLastSubscriberOfAnyKindLeaves() throws Exception {
    InProcessBroker broker = new InProcessBroker();
    WebSocketServer one = server(broker);
    WebSocketServer two = server(broker);
    BlockingQueue<String> heard = new LinkedBlockingQueue<>();
    TopicListener listener = (topic, m) -> heard.add(m.text());
    two.subscribe("t", listener);
    Client c = client(two, "t");
    TopicFixture.awaitSubscribers(two, "t", 1);
    c.ws().close();
    TopicFixture.awaitSubscribers(two, "t", 0);
    one.publish("t", "still heard");
    assertEquals("still heard", heard.poll(WAIT, TimeUnit.SECONDS));

    two.unsubscribe("t", listener);
    one.publish("t", "not heard");
    assertNull(heard.poll(100, TimeUnit.MILLISECONDS));
  }

  @Test
  void aListenerThatThrowsDoesNotStopTheOthers() throws Exception {
    InProcessBroker broker = new InProcessBroker();
    WebSocketServer one = server(broker);
    WebSocketServer two = server(broker);
    BlockingQueue<String> heard = new LinkedBlockingQueue<>();
    two.subscribe("t", (topic, m) -> {
      throw new IllegalStateException("a listener's bug");
    });
    two.subscribe("t", (topic, m) -> heard.add(m.text()));
    Client c = client(two, "t");
    TopicFixture.awaitSubscribers(two, "t", 1);
    one.publish("t", "one");
    one.publish("t", "two");
    assertEquals("one", heard.poll(WAIT, TimeUnit.SECONDS));
    assertEquals("two", heard.poll(WAIT, TimeUnit.SECONDS));
    assertEquals("one", c.nextText());
  }
}
