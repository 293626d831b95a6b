package dev.ippo.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.ippo.redis.RedisProcess;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two {@code ippo chat --redis} servers on different ports, a Chromium page on each: both
 * pages join the same room and hear each other, and a click on the lobby moves one out
 * (chat-cluster-browser.js drives them).
 */
@Timeout(120)
class ChatClusterBrowserTest {
  private static final long WAIT_SECONDS = 60;

  @TempDir Path dir;

  @Test
  void pagesOnTwoServersShareARoom() throws Exception {
    try (RedisProcess redis = RedisProcess.start(dir.resolve("redis.log"));
        PeerProcess one = PeerProcess.ippo("chat", "--host", "127.0.0.1", "--port", "0",
            "--redis", redis.uri());
        PeerProcess two = PeerProcess.ippo("chat", "--host", "127.0.0.1", "--port", "0",
            "--redis", redis.uri())) {
      String first = "http://127.0.0.1:" + one.awaitListening() + "/";
      String second = "http://127.0.0.1:" + two.awaitListening() + "/";
      Map<String, JsonLine> r = WsClientScript.runScript("chat-cluster-browser.js",
          WAIT_SECONDS, List.of(first, second));

      assertEquals("alice,bob", r.get("users").string("alice"));
      assertEquals("alice,bob", r.get("users").string("bob"));
      assertEquals("games,lobby", r.get("rooms").string("alice"));
      assertEquals("hello from server one", r.get("heard").string("bob"));
      assertEquals("hello back from server two", r.get("heard").string("alice"));
      assertEquals("lobby", r.get("moved").string("bob"), "bob's room after his click");
      assertEquals("alice", r.get("moved").string("alice"), "who is left in games");
      one.awaitLineContaining("chat: join alice in games from 127.0.0.1:", WAIT_SECONDS);
      two.awaitLineContaining("chat: join bob in games from 127.0.0.1:", WAIT_SECONDS);
    }
  }
}
