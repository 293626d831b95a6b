package dev.ippo.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ippo.Await;
import dev.ippo.TopicFixture;
import dev.ippo.WebSocketServer;
import dev.ippo.cli.chat.ChatService;
import dev.ippo.redis.RedisBroker;
import dev.ippo.redis.RedisProcess;
import dev.ippo.redis.WarningRecorder;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two chat servers (in this JVM, to watch their threads) on a Redis of the test's own,
 * which is stopped and started again while their clients (Node's ws) chat.
 */
@Timeout(120)
class ChatRedisOutageTest {
  private static final long WAIT_SECONDS = 20;

  @TempDir Path dir;

  private record ChatServer(WebSocketServer server, AutoCloseable chat, RedisBroker broker)
      implements AutoCloseable {
    static ChatServer start(String redis) throws Exception {
      RedisBroker broker = RedisBroker.create(redis);
      WebSocketServer server = ChatService.configure(
          WebSocketServer.builder().host("127.0.0.1").port(0).broker(broker)).build();
      AutoCloseable chat = ChatService.serve(server,
          new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
      server.start();
      return new ChatServer(server, chat, broker);
    }

    String url() {
      return "ws://127.0.0.1:" + server.port() + ChatService.ENDPOINT;
    }

    @Override
    public void close() throws Exception {
      server.close();
      chat.close();
      broker.close();
    }
  }

  @Test
  void localChatGoesOnThroughAnOutageAndCrossServerChatComesBack() throws Exception {
    Set<Thread> before = Thread.getAllStackTraces().keySet();
    List<AutoCloseable> opened = new ArrayList<>();
    try (RedisProcess redis = RedisProcess.start(dir.resolve("redis.log"));
        WarningRecorder warnings = new WarningRecorder()) {
      ChatServer one = ChatServer.start(redis.uri());
      opened.add(one);
      ChatServer two = ChatServer.start(redis.uri());
      opened.add(two);
      ChatPeer ann = ChatPeer.node(one.url(), "ann", "lobby");
      ChatPeer abe = ChatPeer.node(one.url(), "abe", "lobby");
      ChatPeer bea = ChatPeer.node(two.url(), "bea", "lobby");
      opened.addAll(List.of(ann, abe, bea));
      for (ChatPeer peer : List.of(ann, abe, bea)) {
        peer.await(ChatPeer.users(List.of("abe", "ann", "bea")), "the three users",
            WAIT_SECONDS);
      }

      redis.stop();
      await("both servers to see Redis gone",
          () -> !one.broker().connected() && !two.broker().connected());
      ann.writeLine("during the outage");
      abe.await(said("ann", "during the outage"), "ann's message on the same server",
          WAIT_SECONDS);
      List<JsonNode> far = bea.drain(1000);
      assertTrue(far.stream().noneMatch(said("ann", "during the outage")),
          "a message crossed a Redis that was down: " + far);
      await("the lost publish to be counted", () -> one.broker().lostMessages() >= 1);
      await("each server's warning", () -> warnings.warnings().size() >= 2);
      assertTrue(warnings.warnings().get(0).getMessage().contains("is unreachable"),
          warnings.warnings().get(0).getMessage());

      redis.restart();
      await("both servers to reconnect",
          () -> one.broker().connected() && two.broker().connected());
      // Redis confirms the resubscription on its own time: ann says it again until it crosses.
      JsonNode crossed = null;
      for (int i = 0; crossed == null && i < WAIT_SECONDS * 2; i++) {
        ann.writeLine("after the outage " + i);
        crossed = bea.drain(500).stream()
            .filter(m -> ChatPeer.ofType("message").test(m)
                && m.get("text").asText().startsWith("after the outage"))
            .findFirst().orElse(null);
      }
      assertTrue(crossed != null, "nothing crossed after Redis came back");
      assertEquals(2, warnings.warnings().size(), "one warning per server and outage");

      ChatPeer newcomer = ChatPeer.node(two.url(), "cy", "lobby");
      opened.add(newcomer);
      newcomer.await(ChatPeer.ofType("welcome"), "a welcome after the outage", WAIT_SECONDS);
    } finally {
      for (int i = opened.size() - 1; i >= 0; i--) {
        opened.get(i).close();
      }
    }
    // Everything the servers, their chats and their brokers started has ended.
    Await.until("the threads the test started to end", Duration.ofSeconds(WAIT_SECONDS),
        () -> newThreads(before).isEmpty());
  }

  private static Predicate<JsonNode> said(String name, String text) {
    return m -> ChatPeer.ofType("message").test(m) && m.get("name").asText().equals(name)
        && m.get("text").asText().equals(text);
  }

  private static Set<String> newThreads(Set<Thread> before) {
    Set<Thread> now = new HashSet<>(Thread.getAllStackTraces().keySet());
    now.removeAll(before);
    return now.stream().filter(Thread::isAlive)
        // The peers' processes: PeerProcess's pumps end with them, and the JDK keeps its
        // process reaper for a while in case another process starts.
        .filter(t -> !t.getName().endsWith("-stdout") && !t.getName().endsWith("-stderr")
            && !t.getName().equals("process reaper"))
        .map(Thread::getName).collect(Collectors.toSet());
  }

  private static void await(String what, BooleanSupplier condition) throws InterruptedException {
    TopicFixture.await(what, WAIT_SECONDS, condition);
  }
}
