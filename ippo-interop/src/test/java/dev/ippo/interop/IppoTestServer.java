package dev.ippo.interop;

import dev.ippo.CloseEvent;
import dev.ippo.EchoFixture;
import dev.ippo.WebSocket;
import dev.ippo.WebSocketServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * An Ippo server on 127.0.0.1 and a free port for the interop tests, whose behaviour the
 * request path chooses, and which records what its connections saw:
 *
 * <ul>
 *   <li>{@code /close-4000}: closes with 4000 "server bye" as soon as the connection opens;
 *   <li>{@code /terminate}: drops the connection on its first message;
 *   <li>any other path: echoes every message with its type.
 * </ul>
 *
 * <p>Thread safe: the queues are filled on the server's loop threads and drained by the test.
 */
final class IppoTestServer implements AutoCloseable {
  static final String SERVER_CLOSE_REASON = "server bye";

  private final WebSocketServer server;
  private final BlockingQueue<WebSocket> connections = new LinkedBlockingQueue<>();
  private final BlockingQueue<CloseEvent> closes = new LinkedBlockingQueue<>();
  private final BlockingQueue<byte[]> pongs = new LinkedBlockingQueue<>();
  private final AtomicLong messagesReceived = new AtomicLong();

  private IppoTestServer(WebSocketServer.Builder options) {
    // A short close timeout keeps close() quick should a peer never answer our close frame.
    server = options.host("127.0.0.1").port(0).closeTimeout(Duration.ofSeconds(5)).build();
    server.onConnection((ws, request) -> {
      ws.onClose(closes::add);
      ws.onPong(pongs::add);
      switch (request.path()) {
        case "/close-4000" -> ws.close(4000, SERVER_CLOSE_REASON);
        case "/terminate" -> ws.onMessage(e -> ws.terminate());
        default -> ws.onMessage(e -> {
          messagesReceived.incrementAndGet();
          EchoFixture.reply(ws, e);
        });
      }
      connections.add(ws);
    });
  }

  /** Starts a server with the default options. */
  static IppoTestServer start() {
    return start(o -> {});
  }

  /** Starts a server with options the test adds to the defaults. */
  static IppoTestServer start(Consumer<WebSocketServer.Builder> configure) {
    WebSocketServer.Builder options = WebSocketServer.builder();
    configure.accept(options);
    IppoTestServer s = new IppoTestServer(options);
    try {
      s.server.start();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return s;
  }

  WebSocketServer server() {
    return server;
  }

  int port() {
    return server.port();
  }

  /** The ws:// URL of {@code path} on this server. */
  String url(String path) {
    return "ws://127.0.0.1:" + port() + path;
  }

  /** How many messages the echoing connections received in all. */
  long messagesReceived() {
    return messagesReceived.get();
  }

  /** The next connection that opened, waiting up to {@code seconds}. */
  WebSocket nextConnection(long seconds) throws InterruptedException {
    return poll(connections, seconds, "a connection");
  }

  /** The next close event of a server side connection, waiting up to {@code seconds}. */
  CloseEvent nextClose(long seconds) throws InterruptedException {
    return poll(closes, seconds, "a close event on the server");
  }

  /** The next pong payload a server side connection received. */
  byte[] nextPong(long seconds) throws InterruptedException {
    return poll(pongs, seconds, "a pong on the server");
  }

  private static <T> T poll(BlockingQueue<T> queue, long seconds, String what)
      throws InterruptedException {
    T item = queue.poll(seconds, TimeUnit.SECONDS);
    if (item == null) {
      throw new AssertionError("no " + what + " within " + seconds + " s");
    }
    return item;
  }

  @Override
  public void close() {
    server.close();
  }
}
