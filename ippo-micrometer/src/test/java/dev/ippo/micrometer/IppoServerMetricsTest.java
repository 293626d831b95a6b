package dev.ippo.micrometer;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ippo.EchoFixture;
import dev.ippo.WebSocket;
import dev.ippo.WebSocketOptions;
import dev.ippo.WebSocketServer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
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
 * The binder on a Prometheus registry, scraped after a known session: the documented
 * names, tags and values.
 */
class IppoServerMetricsTest {
  private WebSocketServer server;

  @AfterEach
  void stop() {
    if (server != null) {
      server.close(Duration.ZERO);
    }
  }

  @Test
  void aScrapeShowsTheDocumentedNamesTagsAndValues() throws Exception {
    server = EchoFixture.start(WebSocketServer.builder().host("127.0.0.1").port(0)
        .eventLoops(1));
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    new IppoServerMetrics(server).bindTo(registry);

    BlockingQueue<String> echoes = new LinkedBlockingQueue<>();
    CompletableFuture<Void> opened = new CompletableFuture<>();
    WebSocket ws = new WebSocket(URI.create("ws://127.0.0.1:" + server.port() + "/"),
        WebSocketOptions.DEFAULTS);
    ws.onOpen(e -> opened.complete(null)).onMessage(e -> echoes.add(e.text()));
    opened.get(5, TimeUnit.SECONDS);
    ws.send("hello");
    ws.send("world!");
    echoes.poll(5, TimeUnit.SECONDS);
    echoes.poll(5, TimeUnit.SECONDS);

    // Nothing but the meters holds the binder: a collection must not turn them into NaN.
    System.gc();
    // The first scrape takes the binder's first snapshot: no meter was read before.
    List<String> lines = registry.scrape().lines().filter(l -> !l.startsWith("#")).toList();
    for (String expected : List.of(
        "ippo_server_connections_active 1.0",
        "ippo_server_connections_opened_total 1.0",
        "ippo_server_messages_total{direction=\"in\"} 2.0",
        "ippo_server_messages_total{direction=\"out\"} 2.0",
        "ippo_server_payload_bytes_total{direction=\"in\"} 11.0",
        "ippo_server_handshakes_total{result=\"accepted\"} 1.0",
        "ippo_server_connections_closed_total{code=\"normal\"} 0.0",
        "ippo_server_queued_bytes 0.0",
        // "hello" and "world!" in masked frames; their echoes in plain ones.
        "ippo_server_wire_bytes_total{direction=\"in\"} 23.0",
        "ippo_server_wire_bytes_total{direction=\"out\"} 15.0",
        "ippo_server_deflate_compressed_bytes_total{direction=\"in\"} 0.0",
        "ippo_server_topics 0.0",
        "ippo_server_topic_publishes_total 0.0",
        "ippo_server_broker_connected 1.0",
        "ippo_server_broker_lost_total 0.0",
        "ippo_tls_handshakes_total{protocol=\"TLSv1.3\",result=\"ok\"} 0.0",
        "ippo_tls_handshakes_total{protocol=\"none\",result=\"failed\"} 0.0",
        "ippo_tls_handshake_time_seconds_count 0",
        "ippo_server_healthy 1.0",
        "ippo_server_listening 1.0",
        "ippo_server_loops_ended 0.0",
        "ippo_server_accept_failures_total 0.0",
        "ippo_loop_running{loop=\"0\"} 1.0",
        "ippo_loop_connections{loop=\"0\"} 1.0")) {
      assertTrue(lines.contains(expected), expected + " in\n" + String.join("\n", lines));
    }
    assertTrue(lines.stream().anyMatch(l -> l.startsWith(
        "ippo_loop_lag_seconds{loop=\"0\",statistic=\"p99\"} ")), String.join("\n", lines));
    ws.close();
  }
}
