package dev.ippo.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ippo.Await;
import dev.ippo.WebSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * {@code --metrics}: {@code GET /metrics} on the server's port in the Prometheus text format,
 * beside the command's own pages.
 */
class MetricsOptionTest {
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final Pattern MESSAGES_IN =
      Pattern.compile("(?m)^ippo_server_messages_total\\{direction=\"in\"} (\\S+)$");

  private static HttpResponse<String> get(int port, String path) throws Exception {
    return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
        .build(), HttpResponse.BodyHandlers.ofString());
  }

  private static double messagesIn(String scrape) {
    Matcher m = MESSAGES_IN.matcher(scrape);
    return m.find() ? Double.parseDouble(m.group(1)) : -1;
  }

  @Test
  void chatWithThreeClientsAndEightMessagesShowsThemAtSlashMetrics() throws Exception {
    ChatCommand chat = new ChatCommand();
    RunningServer running = chat.start("127.0.0.1", 0,
        OptionParser.parse(chat.options(), List.of("--metrics")), new CapturedOutput().stream());
    List<WebSocket> clients = new ArrayList<>();
    try {
      CountDownLatch opened = new CountDownLatch(3);
      for (String name : List.of("ann", "bob", "cyd")) {
        WebSocket ws = new WebSocket("ws://127.0.0.1:" + running.port() + "/chat");
        ws.onOpen(e -> {
          ws.send("{\"type\":\"join\",\"name\":\"" + name + "\"}");
          opened.countDown();
        });
        clients.add(ws);
      }
      assertTrue(opened.await(5, TimeUnit.SECONDS));
      for (int i = 0; i < 5; i++) {
        clients.get(i % 3).send("{\"type\":\"message\",\"text\":\"hello " + i + "\"}");
      }
      Await.until("eight messages counted", () -> {
        try {
          return messagesIn(get(running.port(), "/metrics").body()) >= 8;
        } catch (Exception e) {
          throw new IllegalStateException(e);
        }
      });
      HttpResponse<String> metrics = get(running.port(), "/metrics");
      assertEquals(200, metrics.statusCode());
      assertTrue(metrics.headers().firstValue("Content-Type").orElse("")
          .startsWith("text/plain; version=0.0.4"), metrics.headers().toString());
      assertTrue(metrics.body().lines().anyMatch("ippo_server_connections_active 3.0"::equals),
          metrics.body());
      assertEquals(200, get(running.port(), "/").statusCode(), "the chat's page is still there");
    } finally {
      clients.forEach(WebSocket::terminate);
      running.close();
    }
  }

  @Test
  void withoutPagesEveryOtherRequestGets426AndWithoutTheFlagNoMetrics() throws Exception {
    EchoCommand echo = new EchoCommand();
    try (RunningServer running = echo.start("127.0.0.1", 0,
        OptionParser.parse(echo.options(), List.of("--metrics")),
        new CapturedOutput().stream())) {
      assertEquals(200, get(running.port(), "/metrics").statusCode());
      HttpResponse<String> other = get(running.port(), "/");
      assertEquals(426, other.statusCode());
      assertEquals("websocket", other.headers().firstValue("Upgrade").orElse(""));
    }
    try (RunningServer running = echo.start("127.0.0.1", 0, new CapturedOutput().stream())) {
      assertEquals(426, get(running.port(), "/metrics").statusCode());
    }
  }
}
