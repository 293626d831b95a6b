package dev.ippo.cli.chat;

import dev.ippo.HttpHandler;
import dev.ippo.WebSocketServer;
import java.io.PrintStream;
import java.time.Clock;
import java.util.function.LongSupplier;

/**
 * The chat program on an Ippo server: the WebSocket endpoint at {@link #ENDPOINT} and the
 * page on the same port. {@code ippo chat} uses it; so can a test:
 *
 * <pre>{@code
 * WebSocketServer server =
 *     ChatService.configure(WebSocketServer.builder().port(0)).build();
 * AutoCloseable chat = ChatService.serve(server, System.out);
 * server.start();
 * // ...
 * server.close();
 * chat.close();
 * }</pre>
 *
 * <p>Servers that share a {@link dev.ippo.Broker} (a {@code RedisBroker} given to
 * {@link WebSocketServer.Builder#broker}) share their rooms: see {@link ChatCluster}.
 *
 * <p>The protocol (JSON text messages, pictures as binary messages) is described in the
 * chat's contract; {@link ChatRoom}, {@link ChatSession} and {@link ClientMessage} hold its
 * rules.
 *
 * <p>Stateless; thread safe.
 */
public final class ChatService {
  /** The WebSocket endpoint's path. */
  public static final String ENDPOINT = "/chat";
  /**
   * The largest message: a picture of 512 KiB or a text over the limit must still arrive to
   * be refused politely; beyond this the core closes with 1009.
   */
  public static final long MAX_PAYLOAD = 1024 * 1024 + 64 * 1024;

  private ChatService() {}

  /** Sets the endpoint, the largest message and the page's routes; returns the builder. */
  public static WebSocketServer.Builder configure(WebSocketServer.Builder options) {
    return options
        .path(ENDPOINT)
        .maxPayload(MAX_PAYLOAD)
        .httpHandler(routes());
  }

  /** The page and its files, as plain HTTP on the chat's port. */
  public static HttpHandler routes() {
    return new ChatRoutes(StaticFiles.load());
  }

  /**
   * Puts the chat on the server, with an empty lobby; join, leave and error lines go to
   * {@code log}. Returns what to close after the server: the relay to the other servers.
   */
  public static AutoCloseable serve(WebSocketServer server, PrintStream log) {
    return serve(server, log, Clock.systemUTC(), System::nanoTime);
  }

  /**
   * The same, with the clocks given: {@code wall} for the {@code time} fields, {@code nanoTime}
   * (monotonic) for the rate limit. Tests pass fake ones.
   */
  public static AutoCloseable serve(WebSocketServer server, PrintStream log, Clock wall,
      LongSupplier nanoTime) {
    ChatCluster cluster = new ChatCluster(server);
    ChatRooms rooms = new ChatRooms(wall, nanoTime, cluster);
    cluster.start(rooms);
    server.onConnection((ws, request) -> new ChatSession(ws, rooms, nanoTime, log).start());
    return cluster;
  }
}
