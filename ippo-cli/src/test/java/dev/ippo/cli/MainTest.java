package dev.ippo.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The program's dispatch, usage and exit statuses, run in-process. */
class MainTest {
  private final CapturedOutput out = new CapturedOutput();
  private final CapturedOutput err = new CapturedOutput();

  private int run(String... args) {
    return assertTimeoutPreemptively(Duration.ofSeconds(10),
        () -> Main.run(List.of(args), out.stream(), err.stream()));
  }

  @Test
  void helpListsEveryCommandAndItsOptions() throws Exception {
    assertEquals(0, run("help"));
    String usage = String.join("\n", out.remainingLines());
    String tls = " [--ping-interval SECONDS] [--pong-timeout SECONDS] [--grace SECONDS] [--metrics]"
        + " [--tls-cert FILE] [--tls-key FILE] [--tls-self-signed]";
    for (String line : List.of("ippo echo [--port N] [--host H] [--deflate]" + tls,
        "ippo listen [--port N] [--host H]" + tls, "ippo broadcast [--port N] [--host H]" + tls,
        "ippo help")) {
      assertTrue(usage.contains(line), () -> "missing '" + line + "' in\n" + usage);
    }
    assertEquals(List.of(), err.remainingLines());
  }

  @Test
  void dashDashHelpAloneIsHelp() throws Exception {
    assertEquals(0, run("--help"));
    assertEquals("usage: ippo <command> [options]", out.nextLine());
  }

  @Test
  void everyCommandDescribesItsOptionsWithHelp() throws Exception {
    for (Command command : Main.commands()) {
      assertEquals(0, run(command.name(), "--help"));
      List<String> usage = out.remainingLines();
      assertTrue(usage.get(0).startsWith("usage: ippo " + command.name()), usage::toString);
      for (OptionSpec option : command.options()) {
        assertTrue(usage.stream().anyMatch(l -> l.startsWith("  " + option.synopsis() + " ")),
            () -> option.synopsis() + " missing in " + usage);
      }
    }
    assertEquals(List.of(), err.remainingLines());
  }

  @Test
  void serverCommandsDocumentTheirDefaultPort() throws Exception {
    assertEquals(0, run("echo", "--help"));
    assertTrue(out.remainingLines().stream().anyMatch(l -> l.contains("(default: 9001)")));
    assertEquals(0, run("broadcast", "--help"));
    assertTrue(out.remainingLines().stream().anyMatch(l -> l.contains("(default: 8080)")));
  }

  @Test
  void noCommandIsAUsageError() throws Exception {
    assertEquals(2, run());
    assertEquals("ippo: no command given", err.nextLine());
    assertEquals("usage: ippo <command> [options]", err.nextLine());
  }

  @Test
  void unknownCommandIsAUsageError() throws Exception {
    assertEquals(2, run("serve"));
    assertEquals("ippo: unknown command 'serve'", err.nextLine());
    assertEquals("usage: ippo <command> [options]", err.nextLine());
    assertEquals(List.of(), out.remainingLines());
  }

  @Test
  void unknownOptionGivesOneErrorLineThenTheUsage() throws Exception {
    assertEquals(2, run("echo", "--verbose"));
    assertEquals("ippo echo: unknown option --verbose", err.nextLine());
    assertEquals("usage: ippo echo [--port N] [--host H] [--deflate] [--ping-interval SECONDS]"
        + " [--pong-timeout SECONDS] [--grace SECONDS] [--metrics] [--tls-cert FILE]"
        + " [--tls-key FILE] [--tls-self-signed]",
        err.nextLine());
    assertEquals(List.of(), out.remainingLines());
  }

  @Test
  void missingValueGivesOneErrorLineThenTheUsage() throws Exception {
    assertEquals(2, run("listen", "--port"));
    assertEquals("ippo listen: --port needs a value (--port N)", err.nextLine());
    assertEquals("usage: ippo listen [--port N] [--host H] [--ping-interval SECONDS]"
        + " [--pong-timeout SECONDS] [--grace SECONDS] [--metrics] [--tls-cert FILE]"
        + " [--tls-key FILE] [--tls-self-signed]",
        err.nextLine());
  }

  @Test
  void badPortIsAUsageError() throws Exception {
    assertEquals(2, run("broadcast", "--port", "eighty"));
    assertEquals("ippo broadcast: --port needs a port number from 0 to 65535, not 'eighty'",
        err.nextLine());
  }

  @Test
  void portInUseGivesOneLineAndStatus1() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      String port = String.valueOf(taken.getLocalPort());
      assertEquals(1, run("echo", "--host", "127.0.0.1", "--port", port));
      assertEquals(List.of("ippo: port " + port + " is in use"), err.remainingLines());
      assertEquals(List.of(), out.remainingLines());
    }
  }
}
