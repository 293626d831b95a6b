package dev.ippo.micrometer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ippo.Await;
import dev.ippo.EchoFixture;
import dev.ippo.ReconnectOptions;
import dev.ippo.ReconnectingWebSocket;
import dev.ippo.WebSocket;
import dev.ippo.WebSocketOptions;
import dev.ippo.WebSocketServer;
import io.micrometer.core.instrument.Tags;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.lang.ref.WeakReference;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A client's binder on a Prometheus registry, scraped after a known session: a plain
 * WebSocket and a reconnecting one side by side, told apart by their tags.
 */
class IppoClientMetricsTest {
  private WebSocketServer server;

  @AfterEach
  void stop() {
    if (server != null) {
      server.close(Duration.ZERO);
    }
  }

  private static List<String> scrape(PrometheusMeterRegistry registry) {
    return registry.scrape().lines().filter(l -> !l.startsWith("#")).toList();
  }

  private static void assertHas(List<String> lines, String expected) {
    assertTrue(lines.contains(expected), expected + " in\n" + String.join("\n", lines));
  }

  @Test
  void eachClientsMetersShowWhatItSentAndReceived() throws Exception {
    server = EchoFixture.start(WebSocketServer.builder().host("127.0.0.1").port(0));
    URI url = URI.create("ws://127.0.0.1:" + server.port() + "/");
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);

    BlockingQueue<String> echoes = new LinkedBlockingQueue<>();
    CompletableFuture<Void> opened = new CompletableFuture<>();
    CompletableFuture<Void> ponged = new CompletableFuture<>();
    WebSocket ws = new WebSocket(url, WebSocketOptions.DEFAULTS);
    ws.onOpen(e -> opened.complete(null)).onMessage(e -> echoes.add(e.text()))
        .onPong(payload -> ponged.complete(null));
    new IppoClientMetrics(ws, Tags.of("feed", "plain")).bindTo(registry);
    ReconnectingWebSocket feed = new ReconnectingWebSocket(url, WebSocketOptions.DEFAULTS,
        ReconnectOptions.builder().build());
    CompletableFuture<Void> feedOpened = new CompletableFuture<>();
    feed.onOpen(e -> feedOpened.complete(null));
    new IppoClientMetrics(feed, Tags.of("feed", "reconnecting")).bindTo(registry);
    opened.get(5, TimeUnit.SECONDS);
    feedOpened.get(5, TimeUnit.SECONDS);

    List<String> before = scrape(registry);
    assertHas(before, "ippo_client_rtt_seconds{feed=\"plain\"} NaN");
    ws.send("hello");
    ws.send("world!");
    assertEquals("hello", echoes.poll(5, TimeUnit.SECONDS));
    assertEquals("world!", echoes.poll(5, TimeUnit.SECONDS));
    ws.ping(new byte[] {1});
    ponged.get(5, TimeUnit.SECONDS);

    List<String> lines = scrape(registry);
    for (String expected : List.of(
        "ippo_client_messages_total{direction=\"out\",feed=\"plain\"} 2.0",
        "ippo_client_messages_total{direction=\"in\",feed=\"plain\"} 2.0",
        "ippo_client_payload_bytes_total{direction=\"in\",feed=\"plain\"} 11.0",
        // Masked "hello", "world!" and the ping; the echoes and the pong, plain.
        "ippo_client_wire_bytes_total{direction=\"out\",feed=\"plain\"} 30.0",
        "ippo_client_wire_bytes_total{direction=\"in\",feed=\"plain\"} 18.0",
        "ippo_client_queued_bytes{feed=\"plain\"} 0.0",
        "ippo_client_open{feed=\"plain\"} 1.0",
        "ippo_client_open{feed=\"reconnecting\"} 1.0",
        "ippo_client_messages_total{direction=\"out\",feed=\"reconnecting\"} 0.0")) {
      assertHas(lines, expected);
    }
    String rtt = lines.stream().filter(l -> l.startsWith("ippo_client_rtt_seconds{feed=\"plain\"}"))
        .findFirst().orElseThrow();
    double seconds = Double.parseDouble(rtt.substring(rtt.lastIndexOf(' ') + 1));
    assertTrue(seconds > 0 && seconds < 5, rtt);

    ws.close();
    feed.close();
  }

  /** A registry does not keep a client alive: its meters hold it weakly. */
  @Test
  void theMetersDoNotKeepAClientThatNothingElseKeeps() throws Exception {
    server = EchoFixture.start(WebSocketServer.builder().host("127.0.0.1").port(0));
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    WeakReference<WebSocket> gone = bindClosedClient(registry);
    Await.until("the client collected", () -> {
      System.gc();
      return gone.get() == null;
    });
    assertHas(scrape(registry), "ippo_client_open{feed=\"gone\"} NaN");
  }

  /** A client that opened and closed, bound to {@code registry}; only a weak reference left. */
  private WeakReference<WebSocket> bindClosedClient(PrometheusMeterRegistry registry)
      throws Exception {
    CompletableFuture<Void> closed = new CompletableFuture<>();
    WebSocket ws = new WebSocket("ws://127.0.0.1:" + server.port() + "/");
    ws.onOpen(e -> ws.close()).onClose(e -> closed.complete(null));
    closed.get(5, TimeUnit.SECONDS);
    new IppoClientMetrics(ws, Tags.of("feed", "gone")).bindTo(registry);
    assertHas(scrape(registry), "ippo_client_open{feed=\"gone\"} 0.0");
    return new WeakReference<>(ws);
  }
}
