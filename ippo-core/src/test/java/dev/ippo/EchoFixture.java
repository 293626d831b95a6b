package dev.ippo;

import java.io.IOException;

/**
 * The echo that test servers run, here and in the other modules' tests (through ippo-core's
 * test jar): every message goes back to its sender with its type and bytes.
 */
public final class EchoFixture {
  /** Echoes every message of every connection. */
  public static final ConnectionHandler ECHO = (ws, request) -> ws.onMessage(e -> reply(ws, e));

  private EchoFixture() {}

  /** Builds the server, makes it echo, and starts it. */
  public static WebSocketServer start(WebSocketServer.Builder options) throws IOException {
    WebSocketServer server = options.build();
    server.onConnection(ECHO);
    return server.start();
  }

  /** Sends {@code e} back on {@code ws}, text as text and binary as binary. */
  public static void reply(WebSocket ws, MessageEvent e) {
    if (e.isText()) {
      ws.send(e.text());
    } else {
      ws.send(e.bytes());
    }
  }
}
