package dev.ippo.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ippo.RawPeer;
import java.io.DataInputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** {@code --grace}: how long the server's drain waits for clients at Ctrl-C or SIGTERM. */
class GraceOptionTest {
  @Test
  void aClientThatNeverAnswersIsDroppedWhenTheGraceEnds() throws Exception {
    EchoCommand echo = new EchoCommand();
    RunningServer running = echo.start("127.0.0.1", 0,
        OptionParser.parse(echo.options(), List.of("--grace", "0.4")),
        new CapturedOutput().stream());
    try (Socket deaf = new Socket(InetAddress.getLoopbackAddress(), running.port())) {
      deaf.setSoTimeout(5000);
      RawPeer.upgrade(deaf);
      long start = System.nanoTime();
      running.close(); // what the shutdown hook runs
      long tookMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
      assertTrue(tookMillis >= 350 && tookMillis < 2000, tookMillis + " ms, not the 10 s default");
      DataInputStream in = new DataInputStream(deaf.getInputStream());
      assertEquals(0x88, in.readUnsignedByte(), "the close frame came first");
    }
  }

  @Test
  void everyServerCommandTakesItAndAWrongValueIsAUsageError() {
    for (ServerCommand command : List.of(new EchoCommand(), new ListenCommand(),
        new BroadcastCommand(), new ChatCommand())) {
      assertTrue(command.options().contains(ServerCommand.GRACE), command.name());
    }
    EchoCommand echo = new EchoCommand();
    UsageException e = assertThrows(UsageException.class, () -> echo.start("127.0.0.1", 0,
        OptionParser.parse(echo.options(), List.of("--grace", "-1")),
        new CapturedOutput().stream()));
    assertEquals("--grace needs a number of seconds, 0 or more, not '-1'", e.getMessage());
  }
}
