package dev.ippo;

import dev.ippo.http.HttpRequest;
import dev.ippo.internal.codec.WebSocketProtocol;
import dev.ippo.internal.engine.Connection;
import dev.ippo.internal.engine.ConnectionSettings;
import dev.ippo.internal.engine.LoopLag;
import dev.ippo.internal.engine.ServerContext;
import dev.ippo.internal.engine.ServerCounters;
import dev.ippo.internal.engine.ServerCounters.CloseClass;
import dev.ippo.internal.engine.ServerLoops;
import dev.ippo.internal.engine.ServerSettings;
import dev.ippo.internal.engine.SharedFrames;
import dev.ippo.internal.engine.TlsCounters;
import dev.ippo.internal.engine.Topics;
import dev.ippo.internal.fault.Fatal;
import dev.ippo.internal.fault.SafeLogger;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;
import java.util.function.Predicate;

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
  private static final System.Logger LOG = SafeLogger.get(WebSocketServer.class.getName());
  /** What {@link #close()} allows clients to answer its close frame. */
  public static final Duration SHUTDOWN_GRACE = Duration.ofSeconds(10);
  private static final String SHUTTING_DOWN = "server shutting down";

  private final ServerSettings options;
  private final ServerContext context;
  private final Topics topics;
  private final Set<WebSocket> connections = ConcurrentHashMap.newKeySet();
  private volatile ConnectionHandler connectionHandler = (ws, request) -> {};
  private volatile ServerLoops loops;
  /** Set once by close(); guarded by this for the transition, read anywhere. */
  private volatile boolean closed;

  private WebSocketServer(ServerSettings options) {
    this.options = options;
    this.context = new ServerContext(options);
    this.topics = context.topics();
  }

  /**
   * A builder with the defaults its methods document.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Sets the handler of new connections (ws: {@code wss.on('connection')}). It runs before
   * any message of the connection is delivered, so handlers set in it miss nothing.
   *
   * @param handler called for each new connection, not null; replaces the previous one
   * @return this server, for chaining
   */
  public WebSocketServer onConnection(ConnectionHandler handler) {
    this.connectionHandler = java.util.Objects.requireNonNull(handler);
    return this;
  }

  /**
   * Binds and starts accepting; returns once listening. With {@code noServer}, only starts
   * the event loops that {@link #handleUpgrade} uses.
   *
   * @return this server, for chaining; a second call does nothing more
   * @throws IllegalStateException when the server was closed
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
    loops = ServerLoops.start(context,
        options.broker() != null ? options.broker() : new InProcessBroker(), this::accepting);
    return this;
  }

  /**
   * The bound address, with the real port when 0 was asked for; null before start.
   *
   * @return the local address, or null before start and with {@code noServer}
   */
  public InetSocketAddress address() {
    ServerLoops l = loops;
    return l == null ? null : l.address();
  }

  /**
   * The bound port; -1 before start.
   *
   * @return the port, or -1 before start and with {@code noServer}
   */
  public int port() {
    InetSocketAddress a = address();
    return a == null ? -1 : a.getPort();
  }

  /**
   * The open connections, a snapshot (ws: {@code wss.clients}).
   *
   * @return the connections, unmodifiable
   * @throws IllegalStateException when {@code clientTracking} is off
   */
  public Set<WebSocket> clients() {
    if (!options.clientTracking()) {
      throw new IllegalStateException("clientTracking is off");
    }
    return Set.copyOf(connections);
  }

  /**
   * What the server has done since it started and what it holds now: connections,
   * handshakes, messages and bytes, queues (see {@link ServerStats}). Safe from any thread;
   * each figure is read on its own, so figures that move meanwhile may disagree a little.
   *
   * <pre>{@code
   * System.out.println(server.stats().connections().open() + " connected");
   * }</pre>
   *
   * @return a snapshot, taken now
   */
  public ServerStats stats() {
    ServerCounters c = context.counters();
    ServerLoops l = loops;
    List<LoopLag.Snapshot> lags = l == null ? List.of() : l.lags();
    List<Boolean> running = l == null ? List.of() : l.running();
    int[] perLoop = new int[lags.size()];
    long queued = 0;
    long largest = 0;
    for (WebSocket ws : connections) {
      long q = ws.bufferedAmount();
      queued += q;
      largest = Math.max(largest, q);
      int loop = l == null ? -1 : l.indexOf(ws.connection.loop());
      if (loop >= 0) {
        perLoop[loop]++;
      }
    }
    TlsCounters tls = c.tls();
    Topics topics = context.topics();
    return new ServerStats(
        new ServerStats.Connections(connections.size(), c.opened(),
            c.closed(CloseClass.NORMAL), c.closed(CloseClass.GOING_AWAY),
            c.closed(CloseClass.PROTOCOL_ERROR), c.closed(CloseClass.POLICY),
            c.closed(CloseClass.TOO_BIG), c.closed(CloseClass.UNCLEAN),
            c.closed(CloseClass.OTHER)),
        new ServerStats.Handshakes(c.handshakesAccepted(), c.refusedByStatus(),
            c.handshakesTimedOut()),
        new ServerStats.Tls(tls.finishedByProtocol(), tls.failed(), tls.abandoned(),
            Duration.ofNanos(tls.finishedNanos())),
        c.traffic().snapshot(),
        new ServerStats.Queues(queued, largest, c.slowConsumerDrops(), c.slowConsumerCloses(),
            c.heartbeatTimeouts()),
        new ServerStats.Topics(topics.topicCount(), topics.subscriptionCount(),
            topics.publishes(), topics.deliveries(), topics.relayedIn(),
            topics.brokerConnected(), topics.brokerLost()),
        health(l, running, c),
        loopStats(lags, running, perLoop));
  }

  private static ServerStats.Health health(ServerLoops l, List<Boolean> running,
      ServerCounters c) {
    int ended = (int) running.stream().filter(r -> !r).count();
    return l == null
        ? new ServerStats.Health(false, 0, c.acceptFailures(), null)
        : new ServerStats.Health(l.listening(), ended, c.acceptFailures(), l.failure());
  }

  private static List<ServerStats.LoopStats> loopStats(List<LoopLag.Snapshot> lags,
      List<Boolean> running, int[] connections) {
    List<ServerStats.LoopStats> stats = new ArrayList<>(lags.size());
    for (int i = 0; i < lags.size(); i++) {
      LoopLag.Snapshot lag = lags.get(i);
      stats.add(new ServerStats.LoopStats(running.get(i), connections[i],
          Duration.ofNanos(lag.p50()), Duration.ofNanos(lag.p99()),
          Duration.ofNanos(lag.max())));
    }
    return stats;
  }

  /**
   * Sends a text message to every open client; the frame is encoded once for all (with
   * permessage-deflate, compressed once for all clients that keep no server context, and
   * by each client's own deflater for the others).
   *
   * @param text the message, sent as UTF-8
   */
  public void broadcast(String text) {
    broadcast(WebSocketProtocol.OPCODE_TEXT, text.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * Sends a binary message to every open client, encoded as {@link #broadcast(String)} says.
   *
   * @param data the message's bytes
   */
  public void broadcast(byte[] data) {
    broadcast(WebSocketProtocol.OPCODE_BINARY, data);
  }

  private void broadcast(int opcode, byte[] payload) {
    SharedFrames frames = new SharedFrames(opcode, payload, null);
    for (WebSocket ws : connections) {
      ws.connection.sendShared(frames);
    }
  }

  /**
   * Publishes a text message on {@code topic}: to every connection here that
   * {@link WebSocket#subscribe subscribes} to it, its frame encoded once for all (as
   * {@link #broadcast(String)} does), and through the {@link Builder#broker
   * broker} to the subscribers of the servers it links. Safe from any thread; it only queues.
   *
   * <pre>{@code
   * server.publish("prices", "{\"EURUSD\":1.0842}");
   * }</pre>
   *
   * @param topic the topic's name, not null
   * @param text the message, sent as UTF-8
   */
  public void publish(String topic, String text) {
    publish(topic, text, null);
  }

  /**
   * Publishes a text message on {@code topic} as {@link #publish(String, String)} does, with
   * its own policy for subscribers here that are over their highWaterMark: a feed of prices
   * that replace each other can skip a slow reader while the chat on the same server ends
   * one (see {@link Builder#slowConsumerPolicy}).
   *
   * <pre>{@code
   * server.publish("prices", json, SlowConsumerPolicy.DROP);
   * }</pre>
   *
   * @param topic the topic's name, not null
   * @param text the message, sent as UTF-8
   * @param policy for this message's slow receivers here, or null for the server's; the
   *     servers the broker links apply their own
   */
  public void publish(String topic, String text, SlowConsumerPolicy policy) {
    topics.publish(topic, WebSocketProtocol.OPCODE_TEXT, text.getBytes(StandardCharsets.UTF_8),
        null, policy);
  }

  /**
   * Publishes a binary message on {@code topic}, as {@link #publish(String, String)} does; the
   * array must not change afterward.
   *
   * @param topic the topic's name, not null
   * @param data the message's bytes, not copied
   */
  public void publish(String topic, byte[] data) {
    publish(topic, data, null);
  }

  /**
   * Publishes a binary message on {@code topic} with its own slow-consumer policy, as
   * {@link #publish(String, String, SlowConsumerPolicy)} does; the array must not change
   * afterward.
   *
   * @param topic the topic's name, not null
   * @param data the message's bytes, not copied
   * @param policy for this message's slow receivers here, or null for the server's
   */
  public void publish(String topic, byte[] data, SlowConsumerPolicy policy) {
    topics.publish(topic, WebSocketProtocol.OPCODE_BINARY, data, null, policy);
  }

  /**
   * Subscribes the server itself to what the <em>other</em> servers of its broker publish
   * on {@code topic}, for a program that keeps state per topic on every server (see
   * {@link TopicListener}). Allowed before {@link #start()}; safe from any thread.
   *
   * <pre>{@code
   * server.subscribe("chat:lobby", (topic, message) -> history.add(message.text()));
   * }</pre>
   *
   * @param topic the topic's name, not null
   * @param listener hears each message, not null; subscribed twice, it hears each twice
   */
  public void subscribe(String topic, TopicListener listener) {
    topics.subscribe(topic, listener);
  }

  /**
   * Takes back one {@link #subscribe(String, TopicListener)} of this listener to the topic.
   *
   * @param topic the topic's name, not null
   * @param listener the listener as subscribed; one that was not is ignored
   */
  public void unsubscribe(String topic, TopicListener listener) {
    topics.unsubscribe(topic, listener);
  }

  /**
   * How many connections of this server subscribe to {@code topic}.
   *
   * @param topic the topic's name, not null
   * @return the count, 0 for none; the server's own {@link TopicListener}s and other
   *     servers' connections are not counted
   */
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
   * @throws IOException when the server cannot start (see {@link #start()}) or the channel
   *     cannot be made non-blocking
   */
  public void handleUpgrade(SocketChannel channel, ByteBuffer head) throws IOException {
    start();
    loops.adopt(channel, head);
  }

  /**
   * Reads the TLS certificate files again now, as the server also does by itself when they
   * change (see {@link ServerTls.Builder#checkFilesEvery}): new handshakes get the new
   * certificates, open connections go on.
   *
   * @throws IllegalStateException when the server has no {@link Builder#tls TLS}
   * @throws IOException when a file cannot be read; the old certificates go on
   * @throws GeneralSecurityException when the files cannot serve; the old certificates go on
   */
  public void reloadTls() throws IOException, GeneralSecurityException {
    if (options.tls() == null) {
      throw new IllegalStateException("the server has no TLS");
    }
    options.tls().reload();
  }

  /** A handshake is about to succeed: from now on {@link #close()} must close it too. */
  private void accepting(Connection connection, HttpRequest request) {
    WebSocket ws = new WebSocket(connection, this, request);
    connections.add(ws);
    if (closed) {
      // Its handshake passed before the drain began, and close() may have missed it.
      connection.execute(() -> ws.close(CloseCode.GOING_AWAY, SHUTTING_DOWN));
    }
  }

  /** A connection of this server closed; its topics are dropped already. */
  void gone(WebSocket ws) {
    connections.remove(ws);
    if (closed && connections.isEmpty()) {
      synchronized (connections) {
        connections.notifyAll(); // close() waits for the last
      }
    }
  }

  /** A handshake succeeded; runs on the connection's loop before any of its messages. */
  void opened(WebSocket ws, HttpRequest request) {
    try {
      connectionHandler.onConnection(ws, request);
    } catch (Throwable t) {
      Fatal.rethrowIfFatal(t); // any other error is the handler's: the loop goes on
      LOG.log(Level.WARNING, "the connection handler threw", t);
    }
  }

  /**
   * Shuts down with the default grace period of 10 s: see {@link #close(Duration)}. Most
   * clients answer a close frame within a round trip, and 10 s leaves a program that
   * Kubernetes stops (30 s between SIGTERM and SIGKILL by default) time for the rest.
   */
  @Override
  public void close() {
    close(SHUTDOWN_GRACE);
  }

  /**
   * Shuts down with a drain: every client gets a close frame with 1001 (going away); those
   * that answer within {@code grace} close cleanly, and the rest are then dropped (their
   * close events say 1006). Meanwhile the port stays open and answers every request, upgrade
   * or plain HTTP, with 503 and a {@code Retry-After} of the grace period, so that a load
   * balancer or a reconnecting client goes elsewhere or comes back later. Then the port
   * closes and the event loops stop. Returns when all is done; a second call returns at
   * once. Call it from your own thread, not from a handler: it waits for the loops that run
   * handlers.
   *
   * <pre>{@code
   * Runtime.getRuntime().addShutdownHook(new Thread(() -> server.close(Duration.ofSeconds(5))));
   * }</pre>
   *
   * @param grace how long clients have to answer the close frame, zero or positive
   */
  public void close(Duration grace) {
    if (grace.isNegative()) {
      throw new IllegalArgumentException("grace must be zero or positive: " + grace);
    }
    ServerLoops group;
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
      group = loops;
    }
    if (group == null) {
      return;
    }
    context.drain((grace.toMillis() + 999) / 1000);
    for (WebSocket ws : connections) {
      ws.close(CloseCode.GOING_AWAY, SHUTTING_DOWN);
    }
    awaitNoConnections(grace);
    for (WebSocket ws : connections) {
      ws.terminate();
    }
    group.shutdown();
  }

  private void awaitNoConnections(Duration grace) {
    long deadline = System.nanoTime() + grace.toNanos();
    synchronized (connections) {
      try {
        for (long left; !connections.isEmpty() && (left = deadline - System.nanoTime()) > 0; ) {
          TimeUnit.NANOSECONDS.timedWait(connections, left);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt(); // the rest are dropped now
      }
    }
  }

  /**
   * Builds a {@link WebSocketServer}: the options of Node's {@code ws} where it has them,
   * each default written on its method. Not thread safe; what it built does not change when
   * it is used again.
   */
  public static final class Builder {
    private String host = null;
    private int port = 0;
    private int backlog = ServerSettings.BACKLOG;
    private String path = null;
    private VerifyClient verifyClient = null;
    private BiFunction<List<String>, HttpRequest, String> handleProtocols =
        (offered, request) -> offered.isEmpty() ? null : offered.get(0);
    private boolean clientTracking = true;
    private boolean noServer = false;
    private HttpHandler httpHandler = null;
    private int maxHeaderSize = ServerSettings.MAX_HEADER_SIZE;
    private int eventLoops = Runtime.getRuntime().availableProcessors();
    private Broker broker = null;
    private long receiveBudget = ServerSettings.RECEIVE_BUDGET;
    private long sendBudget = ServerSettings.SEND_BUDGET;
    private ServerTls tls = null;
    private SlowConsumerPolicy slowConsumers = SlowConsumerPolicy.CLOSE;
    private int socketSendBuffer = 0;
    /** Off by default, as in ws. */
    private final ConnectionSettings.Builder connection = new ConnectionSettings.Builder(null);

    private Builder() {}

    /**
     * The address to bind. Default: every address (IPv6 and IPv4 where the system allows).
     *
     * @param host a host name or IP address, or null for every address
     * @return this builder
     */
    public Builder host(String host) {
      this.host = host;
      return this;
    }

    /**
     * The port to bind; 0 picks a free one ({@link WebSocketServer#port()} tells). Default: 0.
     *
     * @param port the port, 0 to 65535
     * @return this builder
     * @throws IllegalArgumentException when {@code port} is out of that range
     */
    public Builder port(int port) {
      if (port < 0 || port > 65535) {
        throw new IllegalArgumentException("port out of range: " + port);
      }
      this.port = port;
      return this;
    }

    /**
     * The length of the queue of connections not yet accepted. Default: 511, as Node.
     *
     * @param backlog the queue's length, positive
     * @return this builder
     */
    public Builder backlog(int backlog) {
      this.backlog = (int) ConnectionSettings.positive(backlog, "backlog");
      return this;
    }

    /**
     * Accept upgrades only on this path (the query does not count); other paths get 400,
     * or go to the {@link #httpHandler}. Default: every path.
     *
     * @param path the path, such as {@code /chat}, compared exactly; null for every path
     * @return this builder
     */
    public Builder path(String path) {
      this.path = path;
      return this;
    }

    /**
     * Accepts or refuses each handshake (refusal: 401). Default: accept all.
     *
     * @param verify tests each request on the loop thread: true accepts it, false refuses it
     * @return this builder
     */
    public Builder verifyClient(Predicate<HttpRequest> verify) {
      this.verifyClient = (request, verdict) -> {
        if (verify.test(request)) {
          verdict.accept();
        } else {
          verdict.reject(401);
        }
      };
      return this;
    }

    /**
     * Accepts or refuses each handshake, possibly later, with a status of its choice. A
     * verdict must come within the {@link #handshakeTimeout}; one that comes after it is
     * ignored, the connection being closed already.
     *
     * @param verify decides each handshake, or null to accept all
     * @return this builder
     */
    public Builder verifyClient(VerifyClient verify) {
      this.verifyClient = verify;
      return this;
    }

    /**
     * Chooses the subprotocol from those the client offers (never called when it offers
     * none); null chooses none. Default: the first offered, as Node's ws.
     *
     * @param choose given the offered subprotocols, in the client's order, and the request,
     *     returns one of them or null; one that was not offered counts as null
     * @return this builder
     */
    public Builder handleProtocols(BiFunction<List<String>, HttpRequest, String> choose) {
      this.handleProtocols = choose;
      return this;
    }

    /**
     * Whether {@link WebSocketServer#clients()} answers. Default: true. Unlike ws, the server
     * keeps its open connections either way, since {@link WebSocketServer#broadcast} and
     * {@link WebSocketServer#close()} need them; false only makes {@code clients()} throw.
     *
     * @param on false to make {@link WebSocketServer#clients()} throw
     * @return this builder
     */
    public Builder clientTracking(boolean on) {
      this.clientTracking = on;
      return this;
    }

    /**
     * The largest message accepted; a larger one closes with 1009. Default: 16 MiB.
     *
     * @param bytes the limit in bytes, positive
     * @return this builder
     */
    public Builder maxPayload(long bytes) {
      connection.maxPayload(bytes);
      return this;
    }

    /**
     * Whether pings are answered with pongs automatically. Default: true.
     *
     * @param on false to leave pings to {@link WebSocket#onPing} and {@link WebSocket#pong}
     * @return this builder
     */
    public Builder autoPong(boolean on) {
      connection.autoPong(on);
      return this;
    }

    /**
     * How long to wait for the peer's close frame before dropping it. Default: 30 s.
     *
     * @param timeout the time allowed, positive
     * @return this builder
     */
    public Builder closeTimeout(Duration timeout) {
      connection.closeTimeout(timeout);
      return this;
    }

    /**
     * The heartbeat: after {@code interval} with nothing from the peer, a ping goes; a peer
     * that then sends nothing at all (a pong or any frame) within {@link #pongTimeout} is
     * ended, with an error event that says so and the close event (1006). So a peer that
     * vanished without a word (a phone that left the network) is found, and the proxies in
     * between, which drop a connection silent for 60 s by default, keep it. Default: 30 s;
     * {@link Duration#ZERO} turns the heartbeat off.
     *
     * @param interval the silence before a ping, zero or positive
     * @return this builder
     */
    public Builder pingInterval(Duration interval) {
      connection.pingInterval(interval);
      return this;
    }

    /**
     * How long the peer has to answer the heartbeat's ping (see {@link #pingInterval}).
     * Default: 30 s, so a peer gone without a word is found within a minute.
     *
     * @param timeout the time allowed, positive
     * @return this builder
     */
    public Builder pongTimeout(Duration timeout) {
      connection.pongTimeout(timeout);
      return this;
    }

    /**
     * How long a client has to complete the handshake, from the accepted TCP connection to
     * the answer: a {@link #verifyClient(VerifyClient)} that decides later spends this time
     * too. When it passes, the connection is closed without an answer. Default: 10 s.
     *
     * @param timeout the time allowed, positive
     * @return this builder
     */
    public Builder handshakeTimeout(Duration timeout) {
      connection.handshakeTimeout(timeout);
      return this;
    }

    /**
     * Do not listen: connections come only through
     * {@link WebSocketServer#handleUpgrade}. Default: false.
     *
     * @param on true to bind no port
     * @return this builder
     */
    public Builder noServer(boolean on) {
      this.noServer = on;
      return this;
    }

    /**
     * Answers plain HTTP requests on the same port. Default: 426 Upgrade Required.
     *
     * @param handler answers them, or null for the default
     * @return this builder
     */
    public Builder httpHandler(HttpHandler handler) {
      this.httpHandler = handler;
      return this;
    }

    /**
     * The largest request head (request line and header fields); beyond it, 431. Default: 8 KiB.
     *
     * @param bytes the limit in bytes, positive
     * @return this builder
     */
    public Builder maxHeaderSize(int bytes) {
      this.maxHeaderSize = (int) ConnectionSettings.positive(bytes, "maxHeaderSize");
      return this;
    }

    /**
     * Bytes queued for one client beyond which it is too slow: the next frame queued while
     * writes wait for it drops it at once (a close frame could not reach it), with an error
     * event naming this limit and a close event with 1006; or, by the
     * {@link #slowConsumerPolicy DROP} policy, messages to it are skipped while it stays
     * over. So one message longer than the mark still goes out, and a burst the loop has not
     * written yet does not count. Watch
     * {@code bufferedAmount()} and {@code onDrain} to stay below it. Pongs count; under a
     * flood of pings only the latest is answered. Default: 1 MiB.
     *
     * @param bytes the limit in bytes, positive
     * @return this builder
     */
    public Builder highWaterMark(long bytes) {
      connection.highWaterMark(bytes);
      return this;
    }

    /**
     * What becomes of a client over its {@link #highWaterMark}: it is ended
     * ({@link SlowConsumerPolicy#CLOSE}, the default: a client that missed messages of a chat
     * or an order book would show a wrong state, so it reconnects and loads afresh), or the
     * messages sent to it are skipped while it stays over the mark and counted
     * ({@link SlowConsumerPolicy#DROP}: for dashboards and game state, where the next message
     * replaces the one it missed). Either way pongs and close frames still go to it, and
     * {@code send} says what it did. {@link WebSocketServer#publish(String, String,
     * SlowConsumerPolicy)} can choose per message.
     *
     * @param policy the policy, not null
     * @return this builder
     */
    public Builder slowConsumerPolicy(SlowConsumerPolicy policy) {
      this.slowConsumers = java.util.Objects.requireNonNull(policy);
      return this;
    }

    /**
     * The kernel's send buffer of each connection (SO_SNDBUF). Default: the system's, which
     * Linux grows by itself up to {@code net.ipv4.tcp_wmem}'s maximum, 4 MB: a peer that
     * stops reading can leave that much in the kernel before {@link #highWaterMark} sees a
     * byte. A fixed size finds slow peers sooner and bounds the kernel's memory per
     * connection, at the cost of throughput on long fat links (a buffer below the
     * bandwidth-delay product limits it).
     *
     * @param bytes the buffer's size, positive; the kernel may round it
     * @return this builder
     */
    public Builder socketSendBuffer(int bytes) {
      this.socketSendBuffer = (int) ConnectionSettings.positive(bytes, "socketSendBuffer");
      return this;
    }

    /**
     * The number of event loop threads. Default: one per core.
     *
     * @param threads the number of threads, positive
     * @return this builder
     */
    public Builder eventLoops(int threads) {
      this.eventLoops = (int) ConnectionSettings.positive(threads, "eventLoops");
      return this;
    }

    /**
     * permessage-deflate: accepted when a client offers it, with these settings; null turns
     * it off. Default: off, as in ws. Offers the server cannot honour are declined, and a
     * malformed offer gets 400.
     *
     * <pre>{@code
     * WebSocketServer.builder().perMessageDeflate(PerMessageDeflate.DEFAULTS)
     * }</pre>
     *
     * @param deflate the settings, or null for off
     * @return this builder
     */
    public Builder perMessageDeflate(PerMessageDeflate deflate) {
      connection.deflate(PerMessageDeflate.configOf(deflate));
      return this;
    }

    /**
     * permessage-deflate with {@link PerMessageDeflate#DEFAULTS}, or off.
     *
     * @param on true for the defaults, false for off
     * @return this builder
     */
    public Builder perMessageDeflate(boolean on) {
      return perMessageDeflate(on ? PerMessageDeflate.DEFAULTS : null);
    }

    /**
     * What carries topic messages to and from other servers (see {@link Broker}); null, the
     * default, gives the server an {@link InProcessBroker} of its own, which relays nothing.
     *
     * <pre>{@code
     * WebSocketServer.builder().broker(RedisBroker.create("redis://127.0.0.1:6379"))
     * }</pre>
     *
     * @param broker the broker shared with the other servers, or null for none
     * @return this builder
     */
    public Builder broker(Broker broker) {
      this.broker = broker;
      return this;
    }

    /**
     * The memory all connections together may hold: of messages being received (the
     * connection whose message would cross it closes with 1009; a buffer grows with the
     * bytes that came, never with a length a frame announces), and of frames waiting for
     * peers that do not read (the connection whose queue would cross it is dropped as too
     * slow). The others carry on, so hostile peers cost their own connections. Defaults:
     * 32 MiB and 128 MiB, which a server of 10 000 connections can afford.
     *
     * @param receiving the bytes for messages being received, positive
     * @param sending the bytes for waiting frames, positive; a broadcast's frame counts once
     *     for each connection it waits for
     * @return this builder
     */
    public Builder memoryBudget(long receiving, long sending) {
      this.receiveBudget = ConnectionSettings.positive(receiving, "receiving");
      this.sendBudget = ConnectionSettings.positive(sending, "sending");
      return this;
    }

    /**
     * TLS: the server speaks {@code wss://} (and its {@link #httpHandler} {@code https://})
     * on its port. Default: none, plain {@code ws://}. The {@link #handshakeTimeout} covers
     * the TLS handshake too.
     *
     * @param tls the certificates, see {@link ServerTls}; null for none
     * @return this builder
     */
    public Builder tls(ServerTls tls) {
      this.tls = tls;
      return this;
    }

    /**
     * The server, not yet started.
     *
     * @return a new server; {@link WebSocketServer#start()} starts it
     */
    public WebSocketServer build() {
      return new WebSocketServer(new ServerSettings(host, port, backlog, path, verifyClient,
          handleProtocols, clientTracking, noServer, httpHandler, maxHeaderSize, eventLoops,
          broker, receiveBudget, sendBudget, tls == null ? null : tls.source(), slowConsumers,
          socketSendBuffer, connection.build()));
    }
  }
}
