package dev.ippo.cli;

import dev.ippo.HttpHandler;
import dev.ippo.WebSocketServer;
import dev.ippo.cli.chat.ChatService;
import dev.ippo.redis.RedisBroker;
import java.io.PrintStream;
import java.util.List;

/**
 * {@code ippo chat}: a chat room with its web page, on one port. The page is at
 * {@code http://<host>:<port>/} and talks to {@code ws://<host>:<port>/chat}; the listening
 * line gives the page's URL:
 *
 * <pre>ippo chat listening on http://localhost:8080/ (open it in a browser)</pre>
 *
 * <p>then one line per join, leave and refused message, and a {@link ChatSummary} line once
 * a minute. With {@code --redis URL}, every chat server on that Redis shares its rooms.
 * {@link ChatService} has the rest.
 *
 * <p>Thread safe: every run gets a new room.
 */
final class ChatCommand extends ServerCommand {
  static final int DEFAULT_PORT = 8080;
  static final OptionSpec REDIS = OptionSpec.valued("redis", "URL",
      "share the rooms with the chat servers on this Redis, e.g. redis://127.0.0.1:6379");

  ChatCommand() {
    super("chat", "A chat server with its web page: open the URL it prints in a browser.",
        DEFAULT_PORT);
  }

  @Override
  List<OptionSpec> moreOptions() {
    return List.of(REDIS);
  }

  @Override
  AutoCloseable configure(WebSocketServer.Builder options, ParsedOptions given) {
    ChatService.configure(options);
    String redis = given.get(REDIS.name(), null);
    if (redis == null) {
      return NOTHING;
    }
    RedisBroker broker = RedisBroker.create(redis);
    options.broker(broker);
    return broker;
  }

  /** The chat, and its summary line once a minute; both end with the server. */
  @Override
  AutoCloseable serve(WebSocketServer server, PrintStream out) {
    AutoCloseable chat = ChatService.serve(server, out);
    ChatSummary summary = ChatSummary.start(server, out, ChatSummary.EVERY);
    return () -> RunningServer.closeAll(List.of(summary, chat));
  }

  /** The chat's page, beside /metrics with --metrics. */
  @Override
  HttpHandler pages() {
    return ChatService.routes();
  }

  /** The page's address, for a browser: the same host and port over HTTP (or HTTPS). */
  @Override
  String url(String host, int port, boolean tls) {
    return (tls ? "https://" : "http://") + Addresses.url(host, port).substring("ws://".length());
  }

  @Override
  String listeningLine(String url) {
    return super.listeningLine(url) + " (open it in a browser)";
  }
}
