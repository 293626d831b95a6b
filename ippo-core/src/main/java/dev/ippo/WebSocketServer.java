package dev.ippo;

import dev.ippo.protocol.HttpRequest;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.Set;

/**
 * A WebSocket server: the {@code WebSocketServer} of Node's {@code ws}.
 *
 * <pre>{@code
 * WebSocketServer server = WebSocketServer.builder().port(8080).build();
 * server.onConnection((ws, request) ->
 *     ws.onMessage(e -> System.out.println("received: " + e.text())));
 * server.start();
 * }</pre>
 *
 * <p>Thread safe.
 */
public final class WebSocketServer implements AutoCloseable {

  WebSocketServer(ServerOptions options) {
    throw new UnsupportedOperationException("todo");
  }

  /** A builder with the defaults that {@link ServerOptions.Builder} documents. */
  public static ServerOptions.Builder builder() {
    return ServerOptions.builder();
  }

  /** Sets the handler of new connections (ws: {@code wss.on('connection')}). */
  public WebSocketServer onConnection(ConnectionHandler handler) {
    throw new UnsupportedOperationException("todo");
  }

  /** Binds and starts accepting; returns once listening. Does nothing with {@code noServer}. */
  public WebSocketServer start() throws IOException {
    throw new UnsupportedOperationException("todo");
  }

  /** The bound address, with the real port when 0 was asked for; null before start. */
  public InetSocketAddress address() {
    throw new UnsupportedOperationException("todo");
  }

  /** The bound port; -1 before start. */
  public int port() {
    throw new UnsupportedOperationException("todo");
  }

  /** The open connections (a snapshot), when {@code clientTracking} is on. */
  public Set<WebSocket> clients() {
    throw new UnsupportedOperationException("todo");
  }

  /** Sends a text message to every open client; the frame is encoded once. */
  public void broadcast(String text) {
    throw new UnsupportedOperationException("todo");
  }

  /** Sends a binary message to every open client; the frame is encoded once. */
  public void broadcast(byte[] data) {
    throw new UnsupportedOperationException("todo");
  }

  /**
   * Takes over a connection that other code accepted and whose HTTP request head it has
   * read (ws: {@code handleUpgrade}). {@code head} holds the request head's bytes and any
   * bytes after it; the channel may be blocking or not.
   */
  public void handleUpgrade(SocketChannel channel, ByteBuffer head) {
    throw new UnsupportedOperationException("todo");
  }

  /** Stops accepting, sends 1001 to every client and waits (bounded) for them to close. */
  @Override
  public void close() {
    throw new UnsupportedOperationException("todo");
  }
}
