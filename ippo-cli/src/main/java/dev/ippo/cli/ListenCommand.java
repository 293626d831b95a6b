package dev.ippo.cli;

import dev.ippo.MessageEvent;
import dev.ippo.WebSocketServer;
import java.io.PrintStream;

/**
 * {@code ippo listen}: the seed's first server, which prints every message it receives:
 * {@code received: <text>} for text, {@code received: <n> bytes} for binary.
 *
 * <p>Thread safe.
 */
final class ListenCommand extends ServerCommand {
  static final int DEFAULT_PORT = 8080;

  ListenCommand() {
    super("listen", "Prints every message it receives.", DEFAULT_PORT);
  }

  @Override
  AutoCloseable serve(WebSocketServer server, PrintStream out) {
    server.onConnection((ws, request) -> ws.onMessage(e -> out.println(receivedLine(e))));
    return NOTHING;
  }

  /** {@code received: hello}, or {@code received: 3 bytes} for a binary message. */
  static String receivedLine(MessageEvent e) {
    return e.isText() ? "received: " + e.text() : "received: " + e.bytes().length + " bytes";
  }
}
