package dev.ippo.cli.connect;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.ippo.MessageEvent;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ChatShortcutsTest {
  private final ChatShortcuts shortcuts = new ChatShortcuts();
  private final StringBuilder problem = new StringBuilder();

  @Test
  void otherLinesGoAsTheyAre() {
    assertEquals(Optional.of(" {\"type\":\"message\"} "),
        shortcuts.toMessage(" {\"type\":\"message\"} ", problem));
    assertEquals(Optional.of("/joined"), shortcuts.toMessage("/joined", problem));
    assertEquals("", problem.toString());
  }

  @Test
  void joinTakesTheNameOfTheLastWelcomeUnlessGivenOne() {
    assertEquals(Optional.empty(), shortcuts.toMessage("/join games", problem));
    assertEquals("/join needs a name until the chat has welcomed you: /join <room> <name>",
        problem.toString());
    assertEquals(Optional.of("{\"type\":\"join\",\"name\":\"ann lee\",\"room\":\"games\"}"),
        shortcuts.toMessage("/join games ann lee", problem));

    shortcuts.received(MessageEvent.ofText(null,
        "{\"type\":\"welcome\",\"name\":\"ann\",\"room\":\"lobby\"}"));
    shortcuts.received(MessageEvent.ofText(null, "not json, \"welcome\""));
    assertEquals(Optional.of("{\"type\":\"join\",\"name\":\"ann\",\"room\":\"games\"}"),
        shortcuts.toMessage("  /join   games ", problem));
  }

  @Test
  void joinWithoutARoomSendsNothing() {
    assertEquals(Optional.empty(), shortcuts.toMessage("/join", problem));
    assertEquals("/join needs a room: /join <room> [name]", problem.toString());
  }
}
