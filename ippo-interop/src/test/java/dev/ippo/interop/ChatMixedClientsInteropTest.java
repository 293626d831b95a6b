package dev.ippo.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ippo.WebSocketServer;
import dev.ippo.cli.chat.ChatService;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The chat with two kinds of client at once: Node's {@code ws} and {@code ippo connect} run
 * as a process and driven through its pipes, as a user would type into it. Each sees the
 * other's message.
 */
@Timeout(90)
class ChatMixedClientsInteropTest {
  private static final long WAIT_SECONDS = 20;

  @Test
  void nodeWsAndTheConsoleClientChatTogether() throws Exception {
    ByteArrayOutputStream log = new ByteArrayOutputStream();
    WebSocketServer server = ChatService.configure(
        WebSocketServer.builder().host("127.0.0.1").port(0)).build();
    AutoCloseable chat =
        ChatService.serve(server, new PrintStream(log, true, StandardCharsets.UTF_8));
    server.start();
    String url = "ws://127.0.0.1:" + server.port() + ChatService.ENDPOINT;
    try (PeerProcess node = PeerProcess.node("chat-client.js", url, "node");
        PeerProcess console = PeerProcess.ippo("connect", url)) {
      node.awaitLineContaining("\"type\":\"welcome\"", WAIT_SECONDS);

      console.writeLine("{\"type\":\"join\",\"name\":\"term\"}");
      console.awaitLineContaining("\"type\":\"welcome\"", WAIT_SECONDS);

      console.writeLine("{\"type\":\"message\",\"text\":\"hello from term\"}");
      node.awaitLineContaining("\"name\":\"term\",\"text\":\"hello from term\"", WAIT_SECONDS);

      node.writeLine("hello from node");
      console.awaitLineContaining("\"name\":\"node\",\"text\":\"hello from node\"",
          WAIT_SECONDS);

      console.endInput();
      assertEquals(0, console.awaitExit(WAIT_SECONDS), () -> "stderr: " + console.stderr());
      String joins = log.toString(StandardCharsets.UTF_8);
      assertTrue(joins.contains("chat: join node in lobby")
          && joins.contains("chat: join term in lobby"), joins);
    } finally {
      server.close();
      chat.close();
    }
  }
}
