package dev.ippo.cli;

import dev.ippo.PerMessageDeflate;
import dev.ippo.WebSocketServer;
import java.io.PrintStream;
import java.util.List;

/**
 * {@code ippo echo}: every message comes back with the same type and bytes. Besides the
 * listening line it prints one line per connection:
 *
 * <pre>
 * open 127.0.0.1:52814
 * close 127.0.0.1:52814 1000 bye
 * </pre>
 *
 * <p>(the close line ends with the code, then the reason when there is one). The default
 * port is 9001, where the Autobahn test suite looks for a server. {@code --deflate} accepts
 * permessage-deflate with {@link PerMessageDeflate#DEFAULTS} when a client offers it.
 *
 * <p>Thread safe.
 */
final class EchoCommand extends ServerCommand {
  static final int DEFAULT_PORT = 9001;

  static final OptionSpec DEFLATE = OptionSpec.flag("deflate",
      "accept permessage-deflate (RFC 7692) with ws's defaults: context kept, messages of "
          + "1 KiB and more compressed (default: off)");

  EchoCommand() {
    super("echo", "An echo server: every message comes back with the same type and bytes.",
        DEFAULT_PORT);
  }

  @Override
  List<OptionSpec> moreOptions() {
    return List.of(DEFLATE);
  }

  @Override
  AutoCloseable configure(WebSocketServer.Builder options, ParsedOptions given) {
    if (given.has(DEFLATE.name())) {
      options.perMessageDeflate(PerMessageDeflate.DEFAULTS);
    }
    return NOTHING;
  }

  @Override
  AutoCloseable serve(WebSocketServer server, PrintStream out) {
    server.onConnection((ws, request) -> {
      // The address is read now: once the socket is closed it may no longer be known.
      String peer = Addresses.format(ws.remoteAddress());
      out.println("open " + peer);
      ws.onMessage(e -> {
        if (e.isText()) {
          ws.send(e.text());
        } else {
          ws.send(e.bytes());
        }
      });
      ws.onClose(e -> out.println("close " + peer + " " + e.code()
          + (e.reason().isEmpty() ? "" : " " + e.reason())));
    });
    return NOTHING;
  }
}
