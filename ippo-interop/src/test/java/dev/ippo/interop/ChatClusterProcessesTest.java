package dev.ippo.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ippo.redis.RedisProcess;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three {@code ippo chat --redis} servers, each a process of its own, on one Redis of the
 * test's own: a room spans them, with a different kind of client on each (Node's ws, ippo
 * connect moving in with {@code /join}, Node again), and someone in the lobby on each who
 * must hear none of it.
 */
@Timeout(120)
class ChatClusterProcessesTest {
  private static final long WAIT_SECONDS = 20;
  private static final String ROOM = "games";

  @TempDir Path dir;
  private final List<AutoCloseable> opened = new ArrayList<>();

  @AfterEach
  void closeAll() throws Exception {
    for (int i = opened.size() - 1; i >= 0; i--) {
      opened.get(i).close();
    }
  }

  private <T extends AutoCloseable> T open(T resource) {
    opened.add(resource);
    return resource;
  }

  @Test
  void eachMessageToARoomReachesEveryMemberOnEveryServerOnceAndNobodyOutside()
      throws Exception {
    RedisProcess redis = open(RedisProcess.start(dir.resolve("redis.log")));
    List<PeerProcess> servers = new ArrayList<>();
    List<String> urls = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      PeerProcess server = open(PeerProcess.ippo("chat", "--host", "127.0.0.1", "--port", "0",
          "--redis", redis.uri()));
      servers.add(server);
      urls.add("ws://127.0.0.1:" + server.awaitListening() + "/chat");
    }

    ChatPeer ann = open(ChatPeer.node(urls.get(0), "ann", ROOM));
    ChatPeer ben = open(ChatPeer.console(urls.get(1), "ben"));
    ben.writeLine("{\"type\":\"join\",\"name\":\"ben\"}");
    ben.await(m -> ChatPeer.ofType("welcome").test(m) && m.get("room").asText().equals("lobby"),
        "the lobby's welcome", WAIT_SECONDS);
    ben.writeLine("/join " + ROOM);
    ChatPeer cat = open(ChatPeer.node(urls.get(2), "cat", ROOM));
    List<ChatPeer> outsiders = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      outsiders.add(open(ChatPeer.node(urls.get(i), "out" + i, "lobby")));
    }
    List<ChatPeer> members = List.of(ann, ben, cat);
    // The rosters have crossed: every member sees all three, and all servers see the room.
    for (ChatPeer member : members) {
      member.await(ChatPeer.users(List.of("ann", "ben", "cat")), "the three users",
          WAIT_SECONDS);
    }

    ann.writeLine("from ann");
    ben.writeLine("{\"type\":\"message\",\"text\":\"from ben\"}");
    cat.writeLine("from cat");

    for (ChatPeer member : members) {
      Map<String, Integer> heard = new TreeMap<>();
      for (JsonNode m : member.drain(1500)) {
        if (ChatPeer.ofType("message").test(m)) {
          heard.merge(m.get("name").asText() + ": " + m.get("text").asText(), 1, Integer::sum);
        }
      }
      assertEquals(Map.of("ann: from ann", 1, "ben: from ben", 1, "cat: from cat", 1), heard,
          member + " heard");
    }
    for (ChatPeer outsider : outsiders) {
      List<JsonNode> got = outsider.drain(200);
      assertTrue(got.stream().noneMatch(ChatPeer.ofType("message")),
          outsider + " heard the room: " + got);
    }
    for (PeerProcess server : servers) {
      assertTrue(server.isAlive(), server.stderr());
    }
  }
}
