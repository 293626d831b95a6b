package dev.ippo.cli.connect;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ippo.MessageEvent;
import java.util.Optional;

/**
 * The console client's one shortcut for the Ippo chat: a line {@code /join <room>} sends
 * {@code {"type":"join","name":"<name>","room":"<room>"}}, under the name the chat last
 * welcomed this connection with ({@code /join <room> <name>} gives one). Every other line
 * is sent as it is.
 *
 * <pre>
 * {"type":"join","name":"ann"}
 * /join games
 * </pre>
 *
 * <p>Thread safe: lines are read on one thread, messages arrive on another.
 */
final class ChatShortcuts {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String JOIN = "/join";

  private volatile String name;

  /**
   * What to send for an input line: the line itself, the join it stands for, or nothing
   * (with the reason in {@code problem}) when a {@code /join} lacks its room or its name.
   */
  Optional<String> toMessage(String line, StringBuilder problem) {
    String[] words = line.strip().split("\\s+", 3);
    if (!words[0].equals(JOIN)) {
      return Optional.of(line);
    }
    if (words.length < 2) {
      problem.append("/join needs a room: /join <room> [name]");
      return Optional.empty();
    }
    String as = words.length == 3 ? words[2] : name;
    if (as == null) {
      problem.append("/join needs a name until the chat has welcomed you: /join <room> <name>");
      return Optional.empty();
    }
    ObjectNode join = JSON.createObjectNode().put("type", "join").put("name", as)
        .put("room", words[1]);
    return Optional.of(join.toString());
  }

  /** Remembers the name of the chat's welcome, for the next {@code /join}. */
  void received(MessageEvent message) {
    if (!message.isText() || !message.text().contains("\"welcome\"")) {
      return;
    }
    try {
      JsonNode welcome = JSON.readTree(message.text());
      if (welcome.path("type").asText().equals("welcome") && welcome.path("name").isTextual()) {
        name = welcome.get("name").textValue();
      }
    } catch (JacksonException notJson) {
      // Not the chat: nothing to remember.
    }
  }
}
