package dev.ippo.bench.servers;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import org.java_websocket.WebSocket;
import org.java_websocket.handshake.ClientHandshake;
import org.java_websocket.server.WebSocketServer;

/**
 * Java-WebSocket's bench server: one decoder thread (besides its selector thread), TCP_NODELAY
 * on, the default draft (no extensions, so no compression), broadcast through the library's
 * own {@link WebSocketServer#broadcast}, which frames each message once.
 *
 * <p>Runs until killed. Callbacks run on the decoder thread.
 */
public final class JavaWebSocketServer extends WebSocketServer {
  private final boolean broadcast;
  private final BenchArgs args;

  private JavaWebSocketServer(BenchArgs args) {
    super(new InetSocketAddress(BenchArgs.HOST, args.port()), 1);
    this.args = args;
    this.broadcast = args.mode() == BenchArgs.Mode.BROADCAST;
    setTcpNoDelay(true);
    setReuseAddr(true);
    setMaxPendingConnections(1024);
  }

  public static void main(String[] args) {
    new JavaWebSocketServer(BenchArgs.parse("JavaWebSocketServer", args)).start();
  }

  @Override
  public void onStart() {
    args.announce(getPort());
  }

  @Override
  public void onOpen(WebSocket conn, ClientHandshake handshake) {}

  @Override
  public void onClose(WebSocket conn, int code, String reason, boolean remote) {}

  @Override
  public void onMessage(WebSocket conn, String message) {
    if (broadcast) {
      broadcast(message);
    } else {
      conn.send(message);
    }
  }

  @Override
  public void onMessage(WebSocket conn, ByteBuffer message) {
    if (broadcast) {
      broadcast(message);
    } else {
      conn.send(message);
    }
  }

  @Override
  public void onError(WebSocket conn, Exception e) {
    if (conn == null) {
      // Not a connection's error: the server itself could not start or run.
      e.printStackTrace();
      System.exit(1);
    }
  }
}
