package dev.ippo.cli;

import dev.ippo.WebSocketServer;
import java.io.PrintStream;

/**
 * {@code ippo broadcast}: the seed's broadcast server. Every message a client sends goes to
 * every connected client, the sender included, with the same type; each is printed as
 * {@code ippo listen} prints it.
 *
 * <p>Thread safe.
 */
final class BroadcastCommand extends ServerCommand {
  static final int DEFAULT_PORT = 8080;

  BroadcastCommand() {
    super("broadcast", "Sends every message it receives to every connected client.",
        DEFAULT_PORT);
  }

  @Override
  AutoCloseable serve(WebSocketServer server, PrintStream out) {
    server.onConnection((ws, request) -> ws.onMessage(e -> {
      out.println(ListenCommand.receivedLine(e));
      if (e.isText()) {
        server.broadcast(e.text());
      } else {
        server.broadcast(e.bytes());
      }
    }));
    return NOTHING;
  }
}
