package dev.ippo.cli.chat;

import dev.ippo.HttpHandler;
import dev.ippo.HttpResponder;
import dev.ippo.http.Headers;
import dev.ippo.http.HttpRequest;
import java.nio.charset.StandardCharsets;

/**
 * The chat's plain HTTP answers, on the WebSocket port: the page's files, {@code /healthz}
 * for whoever watches the server, 404 for any other path and 405 for any method but GET.
 * A plain GET of the WebSocket endpoint gets 426, which says what it is.
 *
 * <p>Immutable; thread safe. Answers at once, on the event loop thread.
 */
final class ChatRoutes implements HttpHandler {
  private final StaticFiles files;

  ChatRoutes(StaticFiles files) {
    this.files = files;
  }

  @Override
  public void handle(HttpRequest request, HttpResponder response) {
    if (!request.method().equals("GET")) {
      // A HEAD answer has no body, whatever its Content-Length says.
      byte[] body = request.method().equals("HEAD") ? new byte[0] : bytes("method not allowed");
      response.send(405, new Headers()
          .set("Allow", "GET")
          .set("Content-Type", "text/plain; charset=utf-8"), body);
      return;
    }
    String path = request.path();
    if (path.equals("/healthz")) {
      response.send(200, noCache("text/plain; charset=utf-8"), bytes("ok"));
      return;
    }
    if (path.equals(ChatService.ENDPOINT)) {
      response.send(426, new Headers()
          .set("Upgrade", "websocket")
          .set("Sec-WebSocket-Version", "13")
          .set("Content-Type", "text/plain; charset=utf-8"),
          bytes("this is the chat's WebSocket endpoint; the page is at /"));
      return;
    }
    files.find(path).ifPresentOrElse(
        // no-cache: the browser revalidates, so a new version of the page shows at once.
        file -> response.send(200, noCache(file.contentType()), file.body()),
        () -> response.send(404, "text/plain", "not found"));
  }

  private static Headers noCache(String contentType) {
    return new Headers()
        .set("Content-Type", contentType)
        .set("Cache-Control", "no-cache")
        .set("X-Content-Type-Options", "nosniff");
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
