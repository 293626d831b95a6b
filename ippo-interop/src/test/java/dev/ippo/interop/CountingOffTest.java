package dev.ippo.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * {@code -Ddev.ippo.stats=off}, which {@code bench/run} gives the server it measures the cost
 * of counting against: messages and bytes go uncounted, while connections still count. The
 * JDK's client talks to {@code ippo echo --metrics} in a JVM of its own.
 */
class CountingOffTest {
  @Test
  void withCountingOffMessagesAndBytesReadZeroAndConnectionsStillCount() throws Exception {
    try (PeerProcess echo = PeerProcess.ippo(List.of("-Ddev.ippo.stats=off"), "echo",
        "--host", "127.0.0.1", "--port", "0", "--metrics")) {
      int port = echo.awaitListening();
      HttpClient http = HttpClient.newHttpClient();
      CompletableFuture<String> echoed = new CompletableFuture<>();
      WebSocket ws = http.newWebSocketBuilder()
          .buildAsync(URI.create("ws://127.0.0.1:" + port + "/"), new WebSocket.Listener() {
            @Override
            public CompletionStage<?> onText(WebSocket w, CharSequence data, boolean last) {
              echoed.complete(data.toString());
              return null;
            }
          }).get(10, TimeUnit.SECONDS);
      ws.sendText("hello", true);
      assertEquals("hello", echoed.get(10, TimeUnit.SECONDS));

      String scrape = http.send(HttpRequest.newBuilder(
              URI.create("http://127.0.0.1:" + port + "/metrics")).build(),
          HttpResponse.BodyHandlers.ofString()).body();
      List<String> lines = scrape.lines().toList();
      for (String expected : List.of(
          "ippo_server_connections_active 1.0",
          "ippo_server_messages_total{direction=\"in\"} 0.0",
          "ippo_server_messages_total{direction=\"out\"} 0.0",
          "ippo_server_wire_bytes_total{direction=\"in\"} 0.0")) {
        assertTrue(lines.contains(expected), expected + " in\n" + scrape);
      }
      ws.abort();
    }
  }
}
