package dev.ippo;

import dev.ippo.http.HttpRequest;

/**
 * Answers plain HTTP requests that reach the server's port (a page, a health check), so one
 * port serves both the site and the WebSocket endpoint. Like passing an {@code http.Server}
 * to Node's {@code ws}.
 *
 * <pre>{@code
 * .httpHandler((request, response) -> {
 *   if (request.path().equals("/healthz")) response.send(200, "text/plain", "ok");
 *   else response.send(404, "text/plain", "not found");
 * })
 * }</pre>
 *
 * <p>Called on the connection's event loop thread; answer at once or later from any thread.
 * The default answers {@code 426 Upgrade Required}.
 */
@FunctionalInterface
public interface HttpHandler {
  /**
   * Answers one plain HTTP request.
   *
   * @param request the request's head; its body, if any, is not read
   * @param response sends the one answer, now or later from any thread
   */
  void handle(HttpRequest request, HttpResponder response);
}
