package dev.ippo.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ippo connect} as a real process, driven through pipes, against Node's {@code ws}:
 * what a user gets from {@code ... | ippo connect ws://...} and from a script checking the
 * exit status.
 */
@Timeout(90)
class ConnectCliInteropTest {
  private static final long WAIT_SECONDS = 30;
  private static PeerProcess echoServer;
  private static String echoUrl;

  @TempDir
  Path tmp;

  @BeforeAll
  static void startEchoServer() throws Exception {
    echoServer = PeerProcess.node("echo-server.js");
    echoUrl = "ws://127.0.0.1:" + echoServer.awaitListening() + "/";
  }

  @AfterAll
  static void stopEchoServer() {
    if (echoServer != null) {
      echoServer.close();
    }
  }

  /** What the process printed and how it ended. */
  private record Result(int status, List<String> out, List<String> err) {}

  /** Runs {@code ippo connect <args>} in a new JVM with {@code input} piped to it. */
  private Result connect(String input, String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        // The output is read as UTF-8 whatever the machine's locale (JDK 17 follows it).
        "-Dfile.encoding=UTF-8", "-Dstdout.encoding=UTF-8", "-Dstderr.encoding=UTF-8",
        "-cp", System.getProperty("java.class.path"), "dev.ippo.cli.Main", "connect"));
    command.addAll(List.of(args));
    Path out = tmp.resolve("out.txt");
    Path err = tmp.resolve("err.txt");
    Process process = new ProcessBuilder(command)
        .redirectOutput(out.toFile())
        .redirectError(err.toFile())
        .start();
    try {
      try (OutputStream stdin = process.getOutputStream()) {
        stdin.write(input.getBytes(StandardCharsets.UTF_8));
      } catch (IOException ended) {
        // the program may end without reading its input (--execute, a refused handshake)
      }
      if (!process.waitFor(WAIT_SECONDS, TimeUnit.SECONDS)) {
        throw new AssertionError("ippo connect did not exit within " + WAIT_SECONDS
            + " s; stdout: " + Files.readString(out) + "; stderr: " + Files.readString(err));
      }
      return new Result(process.exitValue(), Files.readAllLines(out), Files.readAllLines(err));
    } finally {
      process.destroyForcibly();
    }
  }

  @Test
  void pipedLinesEchoAndTheProgramEndsWithItsInput() throws Exception {
    Result result = connect("first line\nsecond, ω\n", echoUrl);
    assertEquals(List.of("connected to " + echoUrl, "< first line", "< second, ω"),
        result.out(), () -> "stderr: " + result.err());
    assertEquals(List.of(), result.err());
    assertEquals(0, result.status());
  }

  @Test
  void executeSendsThenExitsWith0() throws Exception {
    Result result = connect("", echoUrl, "--execute", "ping?", "--execute", "pong!",
        "--wait", "1");
    assertEquals(List.of("connected to " + echoUrl, "< ping?", "< pong!"), result.out(),
        () -> "stderr: " + result.err());
    assertEquals(0, result.status());
  }

  @Test
  void refusedHandshakeGivesTheStatusAndExit1() throws Exception {
    try (PeerProcess refusing = PeerProcess.node("refusing-server.js")) {
      String url = "ws://127.0.0.1:" + refusing.awaitListening() + "/";
      Result result = connect("never sent\n", url);
      assertEquals(1, result.err().size(), () -> "stderr: " + result.err());
      assertTrue(result.err().get(0)
          .startsWith("ippo connect: the server refused the connection: HTTP 403"),
          () -> "stderr: " + result.err());
      assertEquals(List.of(), result.out());
      assertEquals(1, result.status());
    }
  }

  /**
   * {@code ippo connect wss://...} against a Node {@code https} + {@code ws} server: it echoes
   * with {@code --ca}, and without it, or with a certificate for another name, it fails with
   * status 1 and says which check failed.
   */
  @Test
  void connectsOverTlsToNodeWithCaAndSaysWhyWithout() throws Exception {
    dev.ippo.TestCertificates.Pair localhost =
        dev.ippo.TestCertificates.make(tmp, "localhost", true, "localhost");
    dev.ippo.TestCertificates.Pair other =
        dev.ippo.TestCertificates.make(tmp, "other", true, "other.example");
    for (dev.ippo.TestCertificates.Pair served : List.of(localhost, other)) {
      try (PeerProcess node = PeerProcess.node("tls-echo-server.js",
          served.certificate().toString(), served.key().toString())) {
        String url = "wss://localhost:" + node.awaitListening() + "/";
        Result trusted = connect("", url, "--ca", served.certificate().toString(),
            "--execute", "hi over TLS", "--wait", "1");
        if (served == localhost) {
          assertEquals(0, trusted.status(), "stderr: " + trusted.err());
          assertTrue(trusted.out().contains("< hi over TLS"), trusted.out().toString());
          Result untrusted = connect("", url, "--execute", "hi");
          assertEquals(1, untrusted.status());
          String said = String.join("\n", untrusted.err());
          assertTrue(said.contains("TLS handshake with localhost failed")
              && said.contains("certification path"), said);
        } else {
          assertEquals(1, trusted.status(), "a certificate for other.example, not localhost");
          String said = String.join("\n", trusted.err());
          assertTrue(said.contains("TLS handshake with localhost failed")
              && said.contains("localhost"), said);
        }
      }
    }
  }
}
