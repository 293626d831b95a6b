package dev.ippo.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code --ping-interval} and {@code --pong-timeout}: seconds with decimals, checked. */
class HeartbeatOptionsTest {
  private static ParsedOptions given(String name, String value) {
    return new ParsedOptions(Map.of(name, List.of(value)));
  }

  @Test
  void secondsTakeDecimalsToTheMillisecond() throws Exception {
    assertEquals(Duration.ofMillis(250), given("ping-interval", "0.25").seconds("ping-interval",
        null));
    assertEquals(Duration.ofSeconds(30), given("ping-interval", "30").seconds("ping-interval",
        null));
    assertEquals(Duration.ZERO, given("ping-interval", "0").seconds("ping-interval", null));
    assertEquals(Duration.ofSeconds(7), new ParsedOptions(Map.of()).seconds("ping-interval",
        Duration.ofSeconds(7)));
  }

  @Test
  void aWrongValueSaysWhichOptionAndWhat() {
    for (String wrong : List.of("-1", "abc", "1e400000000000")) {
      UsageException e = assertThrows(UsageException.class,
          () -> given("ping-interval", wrong).seconds("ping-interval", null));
      assertEquals("--ping-interval needs a number of seconds, 0 or more, not '" + wrong + "'",
          e.getMessage());
    }
    EchoCommand echo = new EchoCommand();
    UsageException zero = assertThrows(UsageException.class, () -> echo.start("127.0.0.1", 0,
        OptionParser.parse(echo.options(), List.of("--pong-timeout", "0")),
        new CapturedOutput().stream()));
    assertEquals("--pong-timeout needs more than 0 seconds", zero.getMessage());
  }

  @Test
  void everyServerCommandTakesThem() {
    for (ServerCommand command : List.of(new EchoCommand(), new ListenCommand(),
        new BroadcastCommand(), new ChatCommand())) {
      List<OptionSpec> options = command.options();
      assertTrue(options.contains(ServerCommand.PING_INTERVAL), command.name());
      assertTrue(options.contains(ServerCommand.PONG_TIMEOUT), command.name());
    }
  }
}
