package dev.ippo;

import java.net.URI;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * What a client saw of one attempt to talk to an echo server: the echo of the message it
 * sent once open (null if none came), its error (null if none), its close event, and the port
 * of its peer once open (0 if it never opened). The client closes with 1000 on the echo.
 */
public record EchoAttempt(String echo, String error, CloseEvent close, int peerPort) {
  /** Connects to {@code url}, sends {@code message} once open, and waits for the close. */
  public static EchoAttempt of(String url, WebSocketOptions options, String message)
      throws Exception {
    CompletableFuture<String> echo = new CompletableFuture<>();
    CompletableFuture<String> error = new CompletableFuture<>();
    CompletableFuture<CloseEvent> closed = new CompletableFuture<>();
    CompletableFuture<Integer> peerPort = new CompletableFuture<>();
    WebSocket ws = new WebSocket(URI.create(url), options);
    ws.onOpen(e -> {
      peerPort.complete(ws.remoteAddress().getPort());
      ws.send(message);
    });
    ws.onMessage(e -> {
      echo.complete(e.text());
      ws.close(CloseCode.NORMAL, "done");
    });
    ws.onError(e -> error.complete(e.message()));
    ws.onClose(closed::complete);
    CloseEvent close = closed.get(10, TimeUnit.SECONDS);
    return new EchoAttempt(echo.getNow(null), error.getNow(null), close, peerPort.getNow(0));
  }
}
