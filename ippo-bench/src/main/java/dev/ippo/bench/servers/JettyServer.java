package dev.ippo.bench.servers;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.server.WebSocketUpgradeHandler;

/**
 * Jetty 12's bench server with its own (non Jakarta) WebSocket API: one connector on
 * 127.0.0.1, a {@link WebSocketUpgradeHandler} mapping {@code /} to a listener per connection.
 * Jetty keeps its default thread pool (all of it pinned to the one server core by the
 * harness); permessage-deflate is only used when a client offers it, and wsload never does.
 * With {@code tls DIR} the connector speaks TLS first ({@link SslConnectionFactory}, the JDK's
 * engine), from the PKCS#12 keystore there.
 *
 * <p>Runs until killed. Listeners run on Jetty's pool threads; the session set is concurrent.
 */
public final class JettyServer {
  private JettyServer() {}

  public static void main(String[] args) throws Exception {
    BenchArgs a = BenchArgs.parse("JettyServer", args);
    Set<Session> everyone = ConcurrentHashMap.newKeySet();
    boolean broadcast = a.mode() == BenchArgs.Mode.BROADCAST;
    Server server = new Server();
    ServerConnector connector = a.tls() == null ? new ServerConnector(server)
        : new ServerConnector(server, new SslConnectionFactory(tls(a.tls()), "http/1.1"),
            new HttpConnectionFactory());
    connector.setHost(BenchArgs.HOST);
    connector.setPort(a.port());
    connector.setAcceptQueueSize(1024);
    server.addConnector(connector);
    server.setHandler(WebSocketUpgradeHandler.from(server, container -> {
      container.setMaxTextMessageSize(BenchArgs.MAX_MESSAGE);
      container.setMaxBinaryMessageSize(BenchArgs.MAX_MESSAGE);
      container.setIdleTimeout(Duration.ofMinutes(10));
      container.addMapping("/", (request, response, callback) ->
          broadcast ? new Broadcaster(everyone) : new Echoer());
    }));
    server.start();
    a.announce(connector.getLocalPort());
    server.join();
  }

  static SslContextFactory.Server tls(BenchArgs.Tls tls) {
    SslContextFactory.Server ssl = new SslContextFactory.Server();
    ssl.setKeyStorePath(tls.keyStore().toString());
    ssl.setKeyStorePassword(BenchArgs.Tls.PASSWORD);
    ssl.setKeyStoreType("PKCS12");
    ssl.setIncludeProtocols("TLSv1.3", "TLSv1.2");
    return ssl;
  }

  /** Sends every message back to its sender. Public: Jetty calls it through method handles. */
  public static final class Echoer extends Session.Listener.AbstractAutoDemanding {
    @Override
    public void onWebSocketText(String message) {
      getSession().sendText(message, Callback.NOOP);
    }

    @Override
    public void onWebSocketBinary(ByteBuffer payload, Callback callback) {
      // The payload stays valid until the callback completes: release it once it is sent.
      getSession().sendBinary(payload, callback);
    }
  }

  /** Sends every message to every open session. */
  public static final class Broadcaster extends Session.Listener.AbstractAutoDemanding {
    private final Set<Session> everyone;

    public Broadcaster(Set<Session> everyone) {
      this.everyone = everyone;
    }

    @Override
    public void onWebSocketOpen(Session session) {
      super.onWebSocketOpen(session);
      everyone.add(session);
    }

    @Override
    public void onWebSocketClose(int statusCode, String reason) {
      everyone.remove(getSession());
    }

    @Override
    public void onWebSocketText(String message) {
      for (Session s : everyone) {
        s.sendText(message, Callback.NOOP);
      }
    }

    @Override
    public void onWebSocketBinary(ByteBuffer payload, Callback callback) {
      byte[] copy = new byte[payload.remaining()];
      payload.get(copy);
      callback.succeed();
      ByteBuffer shared = ByteBuffer.wrap(copy).asReadOnlyBuffer();
      for (Session s : everyone) {
        s.sendBinary(shared.duplicate(), Callback.NOOP);
      }
    }
  }
}
