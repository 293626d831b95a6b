package dev.ippo.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ippo.WebSocketServer;
import dev.ippo.cli.chat.ChatService;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
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
    ChatService.serve(server, new PrintStream(log, true, StandardCharsets.UTF_8));
    server.start();
    String url = "ws://127.0.0.1:" + server.port() + ChatService.ENDPOINT;
    Process console = null;
    try (NodeProcess node = NodeProcess.start("chat-client.js", url, "node")) {
      assertTrue(node.nextLine(WAIT_SECONDS).contains("\"type\":\"welcome\""));

      console = new ProcessBuilder(List.of(
          Path.of(System.getProperty("java.home"), "bin", "java").toString(),
          "-cp", System.getProperty("java.class.path"), "dev.ippo.cli.Main", "connect", url))
          .redirectErrorStream(true)
          .start();
      BlockingQueue<String> consoleLines = linesOf(console);
      OutputStream typing = console.getOutputStream();
      type(typing, "{\"type\":\"join\",\"name\":\"term\"}");
      awaitLine(consoleLines, "\"type\":\"welcome\"");

      type(typing, "{\"type\":\"message\",\"text\":\"hello from term\"}");
      awaitNodeLine(node, "\"name\":\"term\",\"text\":\"hello from term\"");

      node.writeLine("hello from node");
      awaitLine(consoleLines, "\"name\":\"node\",\"text\":\"hello from node\"");

      typing.close();
      assertTrue(console.waitFor(WAIT_SECONDS, TimeUnit.SECONDS), "ippo connect did not exit");
      assertEquals(0, console.exitValue());
      String joins = log.toString(StandardCharsets.UTF_8);
      assertTrue(joins.contains("chat: join node") && joins.contains("chat: join term"), joins);
    } finally {
      if (console != null) {
        console.destroyForcibly();
      }
      server.close();
    }
  }

  private static void type(OutputStream stdin, String line) throws Exception {
    stdin.write((line + "\n").getBytes(StandardCharsets.UTF_8));
    stdin.flush();
  }

  private static BlockingQueue<String> linesOf(Process process) {
    BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    Thread pump = new Thread(() -> {
      try (BufferedReader r = new BufferedReader(
          new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
        for (String line; (line = r.readLine()) != null; ) {
          lines.add(line);
        }
      } catch (java.io.IOException ended) {
        // the process is gone
      }
    }, "ippo-connect-output");
    pump.setDaemon(true);
    pump.start();
    return lines;
  }

  /** Takes lines until one contains {@code fragment}; fails after WAIT_SECONDS. */
  private static void awaitLine(BlockingQueue<String> lines, String fragment)
      throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_SECONDS);
    StringBuilder seen = new StringBuilder();
    while (System.nanoTime() < deadline) {
      String line = lines.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
      if (line == null) {
        break;
      }
      if (line.contains(fragment)) {
        return;
      }
      seen.append(line).append('\n');
    }
    throw new AssertionError("ippo connect never printed " + fragment + "; saw:\n" + seen);
  }

  private static void awaitNodeLine(NodeProcess node, String fragment) throws Exception {
    StringBuilder seen = new StringBuilder();
    for (int i = 0; i < 20; i++) {
      String line = node.nextLine(WAIT_SECONDS);
      if (line.contains(fragment)) {
        return;
      }
      seen.append(line).append('\n');
    }
    throw new AssertionError("the ws client never saw " + fragment + "; saw:\n" + seen);
  }
}
