package dev.ippo.interop;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A chat client in a process of its own, Node's {@code ws} ({@code chat-client.js}) or
 * {@code ippo connect}, whose output is read back as the chat's JSON messages. Lines that
 * are not JSON (ippo connect's {@code connected to ...}) are passed over.
 *
 * <p>Not thread safe: the test thread only.
 */
final class ChatPeer implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final String label;
  private final PeerProcess process;

  private ChatPeer(String label, PeerProcess process) {
    this.label = label;
    this.process = process;
  }

  /** Node's ws, joined as {@code name} in {@code room}. */
  static ChatPeer node(String url, String name, String room) throws IOException {
    return new ChatPeer(name, PeerProcess.node("chat-client.js", url, name, room));
  }

  /** {@code ippo connect url}, which sends the lines written to it. */
  static ChatPeer console(String url, String label) throws IOException {
    return new ChatPeer(label, PeerProcess.ippo("connect", url));
  }

  /** Node's client sends the line as a chat message; ippo connect sends it as it is. */
  void writeLine(String line) throws IOException {
    process.writeLine(line);
  }

  /** The next JSON message within {@code millis}, or null. */
  JsonNode poll(long millis) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
    for (long left; (left = deadline - System.nanoTime()) > 0; ) {
      String line = process.pollLine(TimeUnit.NANOSECONDS.toMillis(left) + 1);
      if (line == null) {
        return null;
      }
      String text = line.startsWith("< ") ? line.substring(2) : line;
      if (text.startsWith("{")) {
        try {
          return JSON.readTree(text);
        } catch (JacksonException e) {
          throw new AssertionError(label + " printed a broken line: " + line);
        }
      }
    }
    return null;
  }

  /** Takes messages until one matches; fails, showing what it passed over, when none does. */
  JsonNode await(Predicate<JsonNode> wanted, String what, long seconds)
      throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    List<JsonNode> seen = new ArrayList<>();
    for (long left; (left = deadline - System.nanoTime()) > 0; ) {
      JsonNode message = poll(TimeUnit.NANOSECONDS.toMillis(left) + 1);
      if (message == null) {
        break;
      }
      if (wanted.test(message)) {
        return message;
      }
      seen.add(message);
    }
    throw new AssertionError(label + " never got " + what + " within " + seconds + " s; got "
        + seen + "; stderr: " + process.stderr());
  }

  /** Everything that comes until nothing has for {@code quietMillis}. */
  List<JsonNode> drain(long quietMillis) throws InterruptedException {
    List<JsonNode> messages = new ArrayList<>();
    for (JsonNode m; (m = poll(quietMillis)) != null; ) {
      messages.add(m);
    }
    return messages;
  }

  static Predicate<JsonNode> ofType(String type) {
    return m -> m.path("type").asText().equals(type);
  }

  /** A {@code users} message that lists exactly these names. */
  static Predicate<JsonNode> users(List<String> names) {
    return m -> ofType("users").test(m) && JSON.valueToTree(names).equals(m.get("users"));
  }

  @Override
  public void close() {
    process.close();
  }

  @Override
  public String toString() {
    return label;
  }
}
