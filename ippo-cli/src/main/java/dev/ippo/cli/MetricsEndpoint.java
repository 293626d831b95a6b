package dev.ippo.cli;

import dev.ippo.HttpHandler;
import dev.ippo.HttpResponder;
import dev.ippo.http.Headers;
import dev.ippo.http.HttpRequest;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

/**
 * {@code GET /metrics} in the Prometheus text format, on the server's own port
 * ({@code --metrics}); every other plain HTTP request goes to the command's own pages, or,
 * without them, gets the 426 a WebSocket endpoint answers.
 *
 * <p>Thread safe.
 */
final class MetricsEndpoint implements HttpHandler {
  static final String PATH = "/metrics";
  /** The text format's media type, as Prometheus asks for it. */
  private static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

  private final PrometheusMeterRegistry registry;
  private final HttpHandler pages;

  /** @param pages the command's own pages, or null for none */
  MetricsEndpoint(PrometheusMeterRegistry registry, HttpHandler pages) {
    this.registry = registry;
    this.pages = pages;
  }

  @Override
  public void handle(HttpRequest request, HttpResponder response) {
    if (request.path().equals(PATH) && request.method().equals("GET")) {
      response.send(200, new Headers().set("Content-Type", CONTENT_TYPE),
          registry.scrape().getBytes(java.nio.charset.StandardCharsets.UTF_8));
    } else if (pages != null) {
      pages.handle(request, response);
    } else {
      response.send(426, new Headers().set("Upgrade", "websocket")
          .set("Sec-WebSocket-Version", "13").set("Content-Type", "text/plain; charset=utf-8"),
          "this is a WebSocket endpoint".getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }
  }
}
