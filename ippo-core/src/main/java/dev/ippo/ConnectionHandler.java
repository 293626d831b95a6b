package dev.ippo;

import dev.ippo.http.HttpRequest;

/**
 * Called for every new connection, before any of its messages: register the connection's
 * handlers here and none is missed. Runs on the connection's event loop thread.
 *
 * <pre>{@code
 * server.onConnection((ws, request) -> ws.onMessage(e -> ws.send(e.text())));
 * }</pre>
 */
@FunctionalInterface
public interface ConnectionHandler {
  void onConnection(WebSocket ws, HttpRequest request);
}
