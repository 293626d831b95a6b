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
  /**
   * A handshake succeeded.
   *
   * @param ws the new connection, already {@link ReadyState#OPEN}
   * @param request the request of its opening handshake
   */
  void onConnection(WebSocket ws, HttpRequest request);
}
