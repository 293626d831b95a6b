package dev.ippo.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ippo.TestCertificates;
import java.io.ByteArrayInputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The server commands' {@code --tls-cert}/{@code --tls-key} and {@code ippo connect}'s
 * {@code --ca} and {@code --insecure}, against each other.
 */
class TlsCommandsTest {
  @TempDir
  static Path folder;
  private static TestCertificates.Pair localhost;
  private static TestCertificates.Pair other;

  private final CapturedOutput out = new CapturedOutput();
  private final CapturedOutput err = new CapturedOutput();
  private RunningServer server;

  @BeforeAll
  static void certificates() throws Exception {
    localhost = TestCertificates.make(folder, "localhost", true, "localhost");
    other = TestCertificates.make(folder, "other", true, "other.example");
  }

  @AfterEach
  void stop() {
    if (server != null) {
      server.close();
    }
  }

  private void echo(TestCertificates.Pair pair) throws Exception {
    server = new EchoCommand().start("127.0.0.1", 0, new ParsedOptions(Map.of(
        "tls-cert", List.of(pair.certificate().toString()),
        "tls-key", List.of(pair.key().toString()))), out.stream());
  }

  private int connect(String... args) throws Exception {
    ConnectCommand command = new ConnectCommand(new ByteArrayInputStream(new byte[0]));
    ParsedOptions options = OptionParser.parse(command.options(), List.of(args));
    return assertTimeoutPreemptively(Duration.ofSeconds(15),
        () -> command.run(options, out.stream(), err.stream()));
  }

  private String url() {
    return "wss://localhost:" + server.port() + "/";
  }

  @Test
  void echoListensOnWssAndConnectTrustsItsCertificateWithCa() throws Exception {
    echo(localhost);
    assertEquals("ippo echo listening on wss://127.0.0.1:" + server.port() + "/",
        out.nextLine());
    assertEquals(0, connect(url(), "--ca", localhost.certificate().toString(),
        "--execute", "hi", "--wait", "1"));
    List<String> lines = out.remainingLines();
    assertTrue(lines.contains("< hi"), lines.toString());
  }

  @Test
  void withoutCaTheCertificateProblemIsSaid() throws Exception {
    echo(localhost);
    out.nextLine();
    assertEquals(1, connect(url(), "--execute", "hi"));
    String said = String.join("\n", err.remainingLines());
    assertTrue(said.contains("TLS handshake with localhost failed")
        && said.contains("certification path"), said);
  }

  @Test
  void aCertificateForAnotherNameIsRefusedUnlessInsecure() throws Exception {
    echo(other);
    out.nextLine();
    assertEquals(1, connect(url(), "--ca", other.certificate().toString(), "--execute", "hi"));
    String said = String.join("\n", err.remainingLines());
    assertTrue(said.contains("TLS handshake with localhost failed")
        && said.contains("localhost"), said);
    out.remainingLines();
    assertEquals(0, connect(url(), "--insecure", "--execute", "hi", "--wait", "1"));
    assertTrue(out.remainingLines().contains("< hi"));
  }

  @Test
  void aSelfSignedChatServesHttpsAndSaysItsFingerprint() throws Exception {
    server = new ChatCommand().start("127.0.0.1", 0,
        new ParsedOptions(Map.of("tls-self-signed", List.of())), out.stream());
    assertEquals("ippo chat listening on https://127.0.0.1:" + server.port()
        + "/ (open it in a browser)", out.nextLine());
    String line = out.nextLine();
    assertTrue(line.matches("ippo: a self-signed certificate for localhost, 127\\.0\\.0\\.1 and"
        + " ::1, SHA-256 ([0-9A-F]{2}:){31}[0-9A-F]{2}"), line);
    assertEquals(0, connect("wss://localhost:" + server.port() + "/chat", "--insecure",
        "--execute", "{\"type\":\"join\",\"name\":\"ann\"}", "--wait", "1"));
    assertTrue(out.remainingLines().stream().anyMatch(l -> l.contains("\"type\":\"welcome\"")));
  }

  @Test
  void aKeyThatIsNotTheCertificatesIsOneLineAndStatus1() throws Exception {
    int status = assertTimeoutPreemptively(Duration.ofSeconds(10), () -> Main.run(List.of("echo",
        "--port", "0", "--tls-cert", localhost.certificate().toString(), "--tls-key",
        other.key().toString()), out.stream(), err.stream()));
    assertEquals(1, status);
    String line = err.nextLine();
    assertTrue(line.startsWith("ippo: TLS: ") && line.contains("does not belong"), line);
    assertEquals(List.of(), out.remainingLines());
  }
}
