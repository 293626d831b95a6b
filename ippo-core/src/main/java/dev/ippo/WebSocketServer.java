package dev.ippo;

import dev.ippo.http.HttpRequest;
import dev.ippo.internal.codec.WebSocketProtocol;
import dev.ippo.internal.transport.Acceptor;
import dev.ippo.internal.transport.EventLoop;
import dev.ippo.internal.transport.EventLoopGroup;
import dev.ippo.internal.transport.SocketConnection;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

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
 * <p>Thread safe. Its event loop threads are not daemons: a started server keeps the JVM
 * running until {@link #close()}, as a listening server keeps Node running.
 */
public final class WebSocketServer implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger(WebSocketServer.class.getName());

  private final ServerOptions options;
  private final Set<WebSocket> connections = ConcurrentHashMap.newKeySet();
  private final Topics topics = new Topics();
  private volatile ConnectionHandler connectionHandler = (ws, request) -> {};
  private EventLoopGroup loops;
  private Acceptor acceptor;
  private volatile boolean closed;

  WebSocketServer(ServerOptions options) {
    this.options = options;
  }

  /** A builder with the defaults that {@link ServerOptions.Builder} documents. */
  public static ServerOptions.Builder builder() {
    return ServerOptions.builder();
  }

  /**
   * Sets the handler of new connections (ws: {@code wss.on('connection')}). It runs before
   * any message of the connection is delivered, so handlers set in it miss nothing.
   */
  public WebSocketServer onConnection(ConnectionHandler handler) {
    this.connectionHandler = java.util.Objects.requireNonNull(handler);
    return this;
  }

  /**
   * Binds and starts accepting; returns once listening. With {@code noServer}, only starts
   * the event loops that {@link #handleUpgrade} uses.
   *
   * @throws java.net.BindException when the port is in use
   * @throws RuntimeException what the {@link Broker} throws when it cannot connect (Redis
   *     out of reach); nothing is started then
   */
  public synchronized WebSocketServer start() throws IOException {
    if (closed) {
      throw new IllegalStateException("the server is closed");
    }
    if (loops != null) {
      return this;
    }
    // First, so that a broker out of reach (Redis down) leaves nothing started.
    Broker.Link link = (options.broker != null ? options.broker : new InProcessBroker())
        .connect(topics);
    loops = new EventLoopGroup("ippo-server", options.eventLoops, false);
    topics.attach(link);
    if (options.noServer) {
      return this;
    }
    InetSocketAddress address = options.host == null
        ? new InetSocketAddress(options.port)
        : new InetSocketAddress(options.host, options.port);
    try {
      acceptor = Acceptor.bind(loops.next(), address, options.backlog, this::accepted);
    } catch (IOException e) {
      loops.shutdown(1000);
      loops = null;
      topics.detach().close();
      throw e;
    }
    return this;
  }

  /** The bound address, with the real port when 0 was asked for; null before start. */
  public InetSocketAddress address() {
    Acceptor a = acceptor;
    return a == null ? null : a.address();
  }

  /** The bound port; -1 before start. */
  public int port() {
    InetSocketAddress a = address();
    return a == null ? -1 : a.getPort();
  }

  /**
   * The open connections, a snapshot (ws: {@code wss.clients}).
   *
   * @throws IllegalStateException when {@code clientTracking} is off
   */
  public Set<WebSocket> clients() {
    if (!options.clientTracking) {
      throw new IllegalStateException("clientTracking is off");
    }
    return Set.copyOf(connections);
  }

  /**
   * Sends a text message to every open client; the frame is encoded once for all (with
   * permessage-deflate, compressed once for all clients that keep no server context, and
   * by each client's own deflater for the others).
   */
  public void broadcast(String text) {
    broadcast(WebSocketProtocol.OPCODE_TEXT, text.getBytes(StandardCharsets.UTF_8));
  }

  /** Sends a binary message to every open client, encoded as {@link #broadcast(String)} says. */
  public void broadcast(byte[] data) {
    broadcast(WebSocketProtocol.OPCODE_BINARY, data);
  }

  private void broadcast(int opcode, byte[] payload) {
    SharedFrames frames = new SharedFrames(opcode, payload);
    for (WebSocket ws : connections) {
      ws.sendBroadcast(frames);
    }
  }

  /**
   * Publishes a text message on {@code topic}: to every connection here that
   * {@link WebSocket#subscribe subscribes} to it, its frame encoded once for all (as
   * {@link #broadcast(String)} does), and through the {@link ServerOptions.Builder#broker
   * broker} to the subscribers of the servers it links. Safe from any thread; it only queues.
   *
   * <pre>{@code
   * server.publish("prices", "{\"EURUSD\":1.0842}");
   * }</pre>
   */
  public void publish(String topic, String text) {
    topics.publish(topic, WebSocketProtocol.OPCODE_TEXT, text.getBytes(StandardCharsets.UTF_8),
        null);
  }

  /**
   * Publishes a binary message on {@code topic}, as {@link #publish(String, String)} does; the
   * array must not change afterward.
   */
  public void publish(String topic, byte[] data) {
    topics.publish(topic, WebSocketProtocol.OPCODE_BINARY, data, null);
  }

  /**
   * Subscribes the server itself to what the <em>other</em> servers of its broker publish
   * on {@code topic}, for a program that keeps state per topic on every server (see
   * {@link TopicListener}). Allowed before {@link #start()}; safe from any thread.
   *
   * <pre>{@code
   * server.subscribe("chat:lobby", (topic, message) -> history.add(message.text()));
   * }</pre>
   */
  public void subscribe(String topic, TopicListener listener) {
    topics.subscribe(topic, listener);
  }

  /** Takes back one {@link #subscribe(String, TopicListener)} of this listener to the topic. */
  public void unsubscribe(String topic, TopicListener listener) {
    topics.unsubscribe(topic, listener);
  }

  /** How many connections of this server subscribe to {@code topic}. */
  public int subscriberCount(String topic) {
    return topics.subscriberCount(topic);
  }

  /**
   * Takes over a connection that other code accepted, and whose request head (and maybe
   * more) it has already read (ws: {@code handleUpgrade}): the handshake goes on as if this
   * server had accepted it, and {@link #onConnection} hears of it when it succeeds.
   *
   * @param channel the connection, blocking or not; this server owns it from now on
   * @param head the bytes already read from it (position to limit), may be empty
   */
  public void handleUpgrade(SocketChannel channel, ByteBuffer head) throws IOException {
    start();
    ByteBuffer copy = ByteBuffer.allocate(head.remaining()).put(head.duplicate()).flip();
    channel.configureBlocking(false);
    attach(channel, copy);
  }

  private void accepted(SocketChannel channel) {
    if (closed) {
      try {
        channel.close();
      } catch (IOException ignored) {
        // refusing it either way
      }
      return;
    }
    attach(channel, null);
  }

  private void attach(SocketChannel channel, ByteBuffer initialBytes) {
    EventLoop loop = loops.next();
    UpgradeHandler handler = new UpgradeHandler(this, options);
    SocketConnection socket = SocketConnection.accepted(loop, channel, handler);
    handler.attach(socket);
    socket.start(initialBytes);
  }

  /** A handshake is about to succeed: from now on {@link #close()} must close it too. */
  void track(WebSocket ws) {
    connections.add(ws);
    ws.servedBy(topics, () -> {
      connections.remove(ws);
      topics.drop(ws);
    });
  }

  /** A handshake succeeded; runs on the connection's loop before any of its messages. */
  void opened(WebSocket ws, HttpRequest request) {
    try {
      connectionHandler.onConnection(ws, request);
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "the connection handler threw", e);
    }
  }

  /**
   * Stops accepting, sends 1001 (going away) to every client and waits up to closeTimeout
   * for them to close, then drops the rest and stops the event loops. Call it from your own
   * thread, not from a handler: it waits for the loops that run handlers.
   */
  @Override
  public void close() {
    EventLoopGroup group;
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
      group = loops;
      if (acceptor != null) {
        acceptor.close();
      }
    }
    if (group == null) {
      return;
    }
    for (WebSocket ws : connections) {
      ws.close(CloseCode.GOING_AWAY, "server shutting down");
    }
    long deadline = System.nanoTime() + options.closeTimeout.toNanos();
    try {
      while (!connections.isEmpty() && System.nanoTime() < deadline) {
        Thread.sleep(10);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    group.shutdown(5000);
    Broker.Link link = topics.detach();
    if (link != null) {
      link.close();
    }
  }
}
