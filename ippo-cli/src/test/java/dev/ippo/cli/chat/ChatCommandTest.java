package dev.ippo.cli.chat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * {@code ippo chat} as a user runs it: a separate JVM running {@code dev.ippo.cli.Main} with
 * this test's classpath, so the listening line, the exit status and stderr are the real ones.
 */
class ChatCommandTest {
  private static final long WAIT_SECONDS = 15;

  private static Process ippo(String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), "-Xshare:auto", "-XX:TieredStopAtLevel=1",
        "dev.ippo.cli.Main"));
    command.addAll(List.of(args));
    return new ProcessBuilder(command).start();
  }


  private static int exitStatus(Process process) throws Exception {
    if (!process.waitFor(WAIT_SECONDS, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      fail("ippo did not end within " + WAIT_SECONDS + " s");
    }
    return process.exitValue();
  }

  @Test
  void portInUseGivesOneLineAndStatus1() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      String port = String.valueOf(taken.getLocalPort());
      Process process = ippo("chat", "--host", "127.0.0.1", "--port", port);
      CompletableFuture<List<String>> err =
          CompletableFuture.supplyAsync(() -> allLines(process.getErrorStream()));
      CompletableFuture<List<String>> out =
          CompletableFuture.supplyAsync(() -> allLines(process.getInputStream()));
      assertEquals(1, exitStatus(process));
      assertEquals(List.of("ippo: port " + port + " is in use"),
          err.get(WAIT_SECONDS, TimeUnit.SECONDS));
      assertEquals(List.of(), out.get(WAIT_SECONDS, TimeUnit.SECONDS));
    }
  }

  @Test
  void printsThePagesUrlAndServesIt() throws Exception {
    Process process = ippo("chat", "--host", "127.0.0.1", "--port", "0");
    try {
      BufferedReader out = new BufferedReader(
          new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
      CompletableFuture<String> first = CompletableFuture.supplyAsync(() -> {
        try {
          return out.readLine();
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      });
      String line = first.get(WAIT_SECONDS, TimeUnit.SECONDS);
      Matcher m = Pattern.compile(
          "ippo chat listening on http://127\\.0\\.0\\.1:(\\d+)/ \\(open it in a browser\\)")
          .matcher(String.valueOf(line));
      assertTrue(m.matches(), line);
      HttpResponse<String> page = HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1).build()
          .send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + m.group(1) + "/"))
              .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
      assertEquals(200, page.statusCode());
      assertTrue(page.body().contains("<title>Ippo chat</title>"));
    } finally {
      process.destroy();
      if (!process.waitFor(WAIT_SECONDS, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    }
  }

  @Test
  void aRedisOutOfReachStopsTheChatWithOneLineAndStatus1() throws Exception {
    // Port 1 on the loopback: nothing listens, the connection is refused at once.
    Process process = ippo("chat", "--host", "127.0.0.1", "--port", "0",
        "--redis", "redis://127.0.0.1:1");
    CompletableFuture<List<String>> err =
        CompletableFuture.supplyAsync(() -> allLines(process.getErrorStream()));
    CompletableFuture<List<String>> out =
        CompletableFuture.supplyAsync(() -> allLines(process.getInputStream()));
    assertEquals(1, exitStatus(process));
    List<String> errors = err.get(WAIT_SECONDS, TimeUnit.SECONDS);
    assertEquals(1, errors.size(), String.join("\n", errors));
    assertTrue(errors.get(0).startsWith("ippo: cannot start: ")
        && errors.get(0).contains("127.0.0.1"), errors.get(0));
    assertEquals(List.of(), out.get(WAIT_SECONDS, TimeUnit.SECONDS), "no listening line");
  }

  @Test
  void helpListsTheChat() throws Exception {
    Process process = ippo("help");
    CompletableFuture<List<String>> out =
        CompletableFuture.supplyAsync(() -> allLines(process.getInputStream()));
    assertEquals(0, exitStatus(process));
    List<String> lines = out.get(WAIT_SECONDS, TimeUnit.SECONDS);
    int at = lines.indexOf("  ippo chat [--port N] [--host H] [--redis URL]"
        + " [--ping-interval SECONDS] [--pong-timeout SECONDS] [--grace SECONDS] [--metrics] [--tls-cert FILE]"
        + " [--tls-key FILE] [--tls-self-signed]");
    assertTrue(at >= 0, String.join("\n", lines));
    assertEquals("      A chat server with its web page: open the URL it prints in a browser.",
        lines.get(at + 1));
  }

  /** Every line until the stream ends (the process exits). */
  private static List<String> allLines(InputStream in) {
    try (BufferedReader reader =
        new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
      return reader.lines().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
