package dev.ippo.cli.chat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.ippo.ServerTls;
import dev.ippo.WebSocketServer;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The chat page in headless Chromium: src/test/e2e/chat.e2e.js drives two and then three
 * users through joining, talking, a picture, a user leaving and a server restart, against
 * a chat started here in-process. The script prints one {@code ok <step>} line per step
 * that passes; where the server must act it prints {@code restart-server}, and this test
 * restarts the chat on the same port and answers {@code restarted}.
 *
 * <p>Needs {@code node}, playwright-core from the lock file and /usr/bin/chromium, which
 * scripts/test-deps.sh installs before the tests.
 *
 * <p>Not thread safe: one test thread, plus a reader thread per run for the script's
 * output.
 */
class ChatBrowserTest {
  /** The script's steps, in order; each must print {@code ok <step>}. */
  private static final List<String> STEPS = List.of("launch", "join-screen", "join", "messages",
      "picture", "users", "bob-leaves", "server-restarts", "state-leaves-open",
      "state-back-open", "carol-joins", "alice-rejoined", "message-after-restart",
      "picture-after-restart", "screenshot", "page-clean");

  /** The script stops itself within 90 s; this bound only guards against a stuck pipe. */
  private static final long WHOLE_RUN_SECONDS = 100;

  private static final byte[] PNG_SIGNATURE =
      {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};

  /** Marks the end of the script's output in the line queue; compared by identity. */
  private static final String END = new String("end of output");

  @Test
  void usersTalkSharePicturesAndRejoinAfterARestart() throws Exception {
    run(null);
  }

  /**
   * The same over https and wss, with the certificate of {@code ippo chat --tls-self-signed}:
   * the page from the chat's own port over TLS, Chromium trusting that certificate (by its
   * public key) and nothing else.
   */
  @Test
  void theSameOverHttpsAndWss() throws Exception {
    run(ServerTls.selfSigned());
  }

  private void run(ServerTls tls) throws Exception {
    String rootProperty = System.getProperty("ippo.repo.root");
    assertNotNull(rootProperty, "ippo.repo.root is not set: run through Maven (the pom sets it)");
    Path root = Path.of(rootProperty).toAbsolutePath().normalize();
    Path script = root.resolve("ippo-cli/src/test/e2e/chat.e2e.js");
    Path screenshots = root.resolve("ippo-cli/target/screenshots");
    Files.createDirectories(screenshots);
    // Another build of this module may run at the same time: its own stderr file, and the
    // screenshots are checked by their time rather than deleted first.
    Path stderr = Files.createTempFile(root.resolve("ippo-cli/target"), "chat-e2e-", ".log");
    FileTime started = FileTime.from(Instant.now().minusSeconds(1));

    WebSocketServer chat = startChat(0, tls);
    int port = chat.port();
    Process node = null;
    try {
      List<String> command = new ArrayList<>(List.of("node", script.toString(),
          (tls == null ? "http" : "https") + "://127.0.0.1:" + port + "/",
          screenshots.toString()));
      if (tls != null) {
        command.add(spkiOf(tls.selfSignedCertificate()));
      }
      node = new ProcessBuilder(command)
          .directory(root.toFile())
          .redirectError(stderr.toFile())
          .start();
      BlockingQueue<String> lines = readLines(node);
      Writer answers =
          new OutputStreamWriter(node.getOutputStream(), StandardCharsets.UTF_8);
      List<String> passed = new ArrayList<>();
      String failure = null;
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WHOLE_RUN_SECONDS);
      while (true) {
        String line = lines.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
        if (line == null) {
          fail("the browser script gave no result within " + WHOLE_RUN_SECONDS + " s; passed "
              + passed + "\n" + Files.readString(stderr));
        }
        if (line == END) {
          break;
        }
        System.out.println("chat.e2e.js: " + line);
        if (line.equals("restart-server")) {
          chat.close();
          chat = startChat(port, tls);
          answers.write("restarted\n");
          answers.flush();
        } else if (line.startsWith("ok ")) {
          passed.add(line.substring("ok ".length()));
        } else if (line.startsWith("fail ") && failure == null) {
          failure = line;
        }
      }
      boolean exited = node.waitFor(10, TimeUnit.SECONDS);
      String why = "\npassed: " + passed + "\nscript stderr:\n" + Files.readString(stderr);
      if (failure != null) {
        fail(failure + why);
      }
      assertEquals(STEPS, passed, "steps that passed, in order" + why);
      assertTrue(exited, "the script closed its output but did not exit" + why);
      assertEquals(0, node.exitValue(), "exit code of the browser script" + why);
      for (String name : List.of("join.png", "chat.png")) {
        Path picture = screenshots.resolve(name);
        assertTrue(isPng(picture), picture + " is not a PNG");
        assertTrue(Files.getLastModifiedTime(picture).compareTo(started) >= 0,
            picture + " was not written by this run");
      }
    } finally {
      if (node != null) {
        // Chromium is the script's child: end it first, then the script.
        node.descendants().forEach(ProcessHandle::destroyForcibly);
        node.destroyForcibly();
      }
      chat.close();
      Files.deleteIfExists(stderr);
    }
  }

  /**
   * A new chat (empty room) on 127.0.0.1, with TLS when {@code tls}; its join and leave lines
   * go to the test's output.
   */
  private static WebSocketServer startChat(int port, ServerTls tls) throws IOException {
    WebSocketServer server = ChatService.configure(
        WebSocketServer.builder().host("127.0.0.1").port(port).tls(tls)).build();
    ChatService.serve(server, System.out);
    server.start();
    return server;
  }

  /** What Chromium's --ignore-certificate-errors-spki-list takes: SHA-256 of the SPKI, base64. */
  private static String spkiOf(X509Certificate certificate) throws Exception {
    return Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-256")
        .digest(certificate.getPublicKey().getEncoded()));
  }

  private static boolean isPng(Path file) throws IOException {
    if (!Files.isRegularFile(file)) {
      return false;
    }
    byte[] head = new byte[8];
    try (var in = Files.newInputStream(file)) {
      return in.readNBytes(head, 0, 8) == 8 && Arrays.equals(PNG_SIGNATURE, head);
    }
  }

  /** The script's stdout, line by line, then END; read on a daemon thread. */
  private static BlockingQueue<String> readLines(Process node) {
    BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    Thread reader = new Thread(() -> {
      try (BufferedReader in = new BufferedReader(
          new InputStreamReader(node.getInputStream(), StandardCharsets.UTF_8))) {
        for (String line = in.readLine(); line != null; line = in.readLine()) {
          lines.add(line);
        }
      } catch (IOException e) {
        lines.add("fail pipe " + e);
      } finally {
        lines.add(END);
      }
    }, "chat-e2e-stdout");
    reader.setDaemon(true);
    reader.start();
    return lines;
  }
}
