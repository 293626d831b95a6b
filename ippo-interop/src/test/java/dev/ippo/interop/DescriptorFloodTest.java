package dev.ippo.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ippo.Await;
import dev.ippo.RawPeer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * {@code ippo echo} in a process that may hold 256 descriptors, flooded with 600 connections
 * at once: while the flood holds every descriptor, accepting pauses and the rest wait in the
 * kernel's backlog; once it lets go, a new client is served at once, the meters count the
 * failed accepts, and the log said so in a few lines, not one per failure. Before, the flood
 * ended listening for good, or broke the JDK's socket code for the rest of the process
 * (a class whose initializer needs a descriptor: see JdkWarmup).
 */
class DescriptorFloodTest {
  private static final int DESCRIPTORS = 256;
  private static final int FLOOD = 600;
  private static final Pattern ACCEPT_FAILURES =
      Pattern.compile("(?m)^ippo_server_accept_failures_total (\\d+)\\.0$");

  @Test
  void aFloodPastTheDescriptorLimitPausesAcceptingAndTheServerServesAgainAfterIt()
      throws Exception {
    try (PeerProcess echo = PeerProcess.ippoWithDescriptorLimit(DESCRIPTORS, "echo",
        "--host", "127.0.0.1", "--port", "0", "--metrics")) {
      int port = echo.awaitListening();
      HttpClient http = HttpClient.newHttpClient();
      assertEquals("before", echoOnce(http, port, "before"));

      List<Socket> flood = new ArrayList<>();
      try {
        byte[] upgrade = RawPeer.upgradeRequest("/").getBytes(StandardCharsets.US_ASCII);
        for (int i = 0; i < FLOOD; i++) {
          Socket s = new Socket();
          flood.add(s);
          try {
            s.connect(new InetSocketAddress("127.0.0.1", port), 2000);
            OutputStream out = s.getOutputStream();
            out.write(upgrade); // those it accepts are answered: the write path runs too
            out.flush();
          } catch (IOException backlogFull) {
            // past the backlog the kernel drops the SYN: that peer is just not connected
          }
        }
        Await.until("the server to run out of descriptors",
            () -> echo.stderr().contains("accepting failed"));
      } finally {
        for (Socket s : flood) {
          s.close();
        }
      }

      assertEquals("after", echoOnce(http, port, "after"));
      String scrape = http.send(HttpRequest.newBuilder(
              URI.create("http://127.0.0.1:" + port + "/metrics")).build(),
          HttpResponse.BodyHandlers.ofString()).body();
      Matcher failures = ACCEPT_FAILURES.matcher(scrape);
      assertTrue(failures.find(), scrape);
      assertTrue(Long.parseLong(failures.group(1)) >= 1, scrape);
      List<String> lines = scrape.lines().toList();
      assertTrue(lines.contains("ippo_server_healthy 1.0"), scrape);
      assertTrue(lines.contains("ippo_server_listening 1.0"), scrape);

      String stderr = echo.stderr();
      assertFalse(stderr.contains("NoClassDefFoundError"), stderr);
      assertFalse(stderr.contains("ExceptionInInitializerError"), stderr);
      long whole = stderr.lines().filter(l -> l.contains("accepting failed, paused")).count();
      assertTrue(whole >= 1 && whole <= 3, "whole lines, at most 3 per 10 s:\n" + stderr);
    }
  }

  /** A new JDK client: opens, sends {@code text}, returns the echo, and goes. */
  private static String echoOnce(HttpClient http, int port, String text) throws Exception {
    JdkRecorder recorder = new JdkRecorder(10);
    WebSocket ws = http.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(10))
        .buildAsync(URI.create("ws://127.0.0.1:" + port + "/"), recorder)
        .get(10, TimeUnit.SECONDS);
    ws.sendText(text, true);
    try {
      return recorder.next().substring("text:".length());
    } finally {
      ws.abort();
    }
  }
}
