package dev.ippo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * What the topic tests share, here and in ippo-redis (through ippo-core's test jar): a
 * server whose connections subscribe to the topics of their URL ({@code ?topics=a,b}) and
 * publish each text message they get to the topic before its first colon
 * ({@code "a:hello"}), and a client that keeps what it receives.
 */
public final class TopicFixture {
  /** How long a test waits for one thing to happen. */
  public static final long WAIT_SECONDS = 10;

  private TopicFixture() {}

  /** Such a server, started on 127.0.0.1 and a free port, with {@code broker} (or none). */
  public static WebSocketServer startServer(Broker broker) throws IOException {
    WebSocketServer server = WebSocketServer.builder().host("127.0.0.1").port(0)
        .broker(broker).build();
    server.onConnection((ws, request) -> {
      for (String topic : request.queryParameter("topics").split(",")) {
        ws.subscribe(topic);
      }
      ws.onMessage(e -> ws.publish(e.text().substring(0, e.text().indexOf(':')), e.text()));
    });
    return server.start();
  }

  /** A client of such a server, and what it received. */
  public record Client(WebSocket ws, BlockingQueue<MessageEvent> received) {
    /** Connects, subscribed to {@code topics} (comma-separated), and waits until open. */
    public static Client open(WebSocketServer server, String topics) throws InterruptedException {
      BlockingQueue<MessageEvent> received = new LinkedBlockingQueue<>();
      BlockingQueue<Boolean> open = new LinkedBlockingQueue<>();
      WebSocket ws = new WebSocket(URI.create("ws://127.0.0.1:" + server.port()
          + "/?topics=" + topics), WebSocketOptions.DEFAULTS);
      ws.onOpen(e -> open.add(true)).onMessage(received::add);
      Client client = new Client(ws, received);
      if (open.poll(WAIT_SECONDS, TimeUnit.SECONDS) == null) {
        ws.terminate();
        throw new AssertionError("the client did not open");
      }
      return client;
    }

    public String nextText() throws InterruptedException {
      MessageEvent e = received.poll(WAIT_SECONDS, TimeUnit.SECONDS);
      assertTrue(e != null && e.isText(), () -> "expected a text message, got " + e);
      return e.text();
    }

    /** Fails if a message arrives within {@code millis}. */
    public void assertNothing(long millis) throws InterruptedException {
      MessageEvent e = received.poll(millis, TimeUnit.MILLISECONDS);
      assertNull(e, () -> "unexpected message " + (e.isText() ? e.text() : "(binary)"));
    }
  }

  /** Waits until {@code server} has {@code count} subscribers to {@code topic}. */
  public static void awaitSubscribers(WebSocketServer server, String topic, int count)
      throws InterruptedException {
    Await.until(count + " subscribers of " + topic, Duration.ofSeconds(WAIT_SECONDS),
        () -> server.subscriberCount(topic) == count);
  }

  /** Waits up to {@code seconds} until {@code condition} holds; fails naming {@code what}. */
  public static void await(String what, long seconds, BooleanSupplier condition)
      throws InterruptedException {
    Await.until(what, Duration.ofSeconds(seconds), condition);
  }
}
