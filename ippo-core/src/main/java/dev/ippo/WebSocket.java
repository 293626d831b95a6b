package dev.ippo;

import dev.ippo.http.HttpRequest;
import dev.ippo.internal.codec.WebSocketProtocol;
import dev.ippo.internal.engine.ClientConnector;
import dev.ippo.internal.engine.Connection;
import dev.ippo.internal.engine.ConnectionEvents;
import dev.ippo.internal.engine.ProxyRoute;
import dev.ippo.internal.transport.EventLoop;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * One WebSocket connection, client or server end, with the browser's API.
 *
 * <pre>{@code
 * WebSocket ws = new WebSocket("ws://localhost:8080/chat", "chat");
 * ws.onOpen(e -> ws.send("hello"));
 * ws.onMessage(e -> System.out.println("received: " + e.text()));
 * ws.onClose(e -> System.out.println("closed " + e.code()));
 * }</pre>
 *
 * <p>Thread safety: every method may be called from any thread; {@code send} never blocks.
 * Events of one connection are delivered one at a time, in order, on that connection's event
 * loop thread: a handler that blocks stalls every connection of that loop, so hand long work
 * to another thread.
 */
public final class WebSocket {
  /** {@link ReadyState#CONNECTING}'s value. */
  public static final int CONNECTING = 0;
  /** {@link ReadyState#OPEN}'s value. */
  public static final int OPEN = 1;
  /** {@link ReadyState#CLOSING}'s value. */
  public static final int CLOSING = 2;
  /** {@link ReadyState#CLOSED}'s value. */
  public static final int CLOSED = 3;

  /** The engine: everything below the API. */
  final Connection connection;
  private final Listeners listeners;
  /** The server that accepted this connection; null for a client. */
  private final WebSocketServer server;
  /**
   * The request, until the connection handler has seen it; loop thread. Not kept after: a
   * request's header fields would cost an idle connection about 1.5 KB.
   */
  private HttpRequest request;
  private volatile BinaryType binaryType = BinaryType.BYTES;

  /**
   * Opens a client connection in the background and returns at once, in
   * {@link ReadyState#CONNECTING}, like the browser's constructor. Set the handlers right
   * after: the handshake needs at least one round trip, and events are delivered on the
   * connection's loop thread.
   *
   * @param url a {@code ws://} or {@code wss://} URL ({@code http(s)://} is taken as
   *     {@code ws(s)://})
   * @param protocols subprotocols to offer, most wanted first
   * @throws IllegalArgumentException when the URL is not a WebSocket URL or has a fragment
   */
  public WebSocket(String url, String... protocols) {
    this(URI.create(url), WebSocketOptions.builder().protocols(protocols).build());
  }

  /**
   * Opens a client connection with options: subprotocols, extra headers, limits.
   *
   * <pre>{@code
   * WebSocket ws = new WebSocket(URI.create("ws://localhost:8080/"),
   *     WebSocketOptions.builder().header("Authorization", "Bearer " + token).build());
   * }</pre>
   *
   * @param url a {@code ws://} URL ({@code http://} is taken as {@code ws://})
   * @param options subprotocols, headers, limits, TLS trust and proxy
   * @throws IllegalArgumentException when the URL is not a WebSocket URL or has a fragment,
   *     or when the options take the proxy from an environment variable that is not a proxy
   *     URL
   */
  public WebSocket(URI url, WebSocketOptions options) {
    this(ClientConnector.open(url, options.protocols(), options.headers(),
        options.sslContext(), routeOf(url, options), options.settings()), options);
  }

  /** A client on {@code loop}: each attempt of a {@link ReconnectingWebSocket}. */
  WebSocket(URI url, WebSocketOptions options, EventLoop loop) {
    this(ClientConnector.open(url, options.protocols(), options.headers(),
        options.sslContext(), routeOf(url, options), options.settings(), loop), options);
  }

  private static ProxyRoute routeOf(URI url, WebSocketOptions options) {
    HttpProxy proxy = options.proxyFor(url);
    return proxy == null ? null : proxy.route();
  }

  /** A client over a connection not started yet, which this starts (tests give fakes). */
  WebSocket(Connection client, WebSocketOptions options) {
    this.connection = client;
    this.listeners = new Listeners(connection, true, options.maxPayload());
    this.server = null;
    this.request = null;
    connection.listen(new Events());
    connection.connect(); // last: events may come on the loop thread from now on
  }

  /** The server end of a connection whose handshake is about to succeed. Loop thread. */
  WebSocket(Connection connection, WebSocketServer server, HttpRequest request) {
    this.connection = connection;
    // onConnection runs before the first message, so a server connection keeps none early.
    this.listeners = new Listeners(connection, false, 0);
    this.server = server;
    this.request = request;
    connection.listen(new Events());
  }

  // ---- events ----

  /**
   * Sets the handler of the open event (the browser's {@code onopen}).
   *
   * @param handler receives the open event; null removes the handler
   * @return this connection, for chaining
   */
  public WebSocket onOpen(Consumer<OpenEvent> handler) {
    listeners.set(EventType.OPEN, handler);
    return this;
  }

  /**
   * Sets the handler of each message (the browser's {@code onmessage}).
   *
   * @param handler receives each message event; null removes the handler
   * @return this connection, for chaining
   */
  public WebSocket onMessage(Consumer<MessageEvent> handler) {
    listeners.set(EventType.MESSAGE, handler);
    return this;
  }

  /**
   * Sets the handler of errors (the browser's {@code onerror}); a close event follows.
   *
   * @param handler receives each error event; null removes the handler
   * @return this connection, for chaining
   */
  public WebSocket onError(Consumer<ErrorEvent> handler) {
    listeners.set(EventType.ERROR, handler);
    return this;
  }

  /**
   * Sets the handler of the close event (the browser's {@code onclose}); it comes once.
   *
   * @param handler receives the close event; null removes the handler
   * @return this connection, for chaining
   */
  public WebSocket onClose(Consumer<CloseEvent> handler) {
    listeners.set(EventType.CLOSE, handler);
    return this;
  }

  /**
   * Sets the handler of every ping the peer sends, given its payload (already answered when
   * autoPong is on): {@code ws}'s {@code 'ping'} event.
   *
   * @param handler receives each ping's payload, 0 to 125 bytes; null removes the handler
   * @return this connection, for chaining
   */
  public WebSocket onPing(Consumer<byte[]> handler) {
    listeners.set(EventType.PING, handler);
    return this;
  }

  /**
   * Sets the handler of every pong the peer sends, given its payload.
   *
   * @param handler receives each pong's payload, 0 to 125 bytes; null removes the handler
   * @return this connection, for chaining
   */
  public WebSocket onPong(Consumer<byte[]> handler) {
    listeners.set(EventType.PONG, handler);
    return this;
  }

  /**
   * Sets the handler called when the send queue has emptied after the peer was too slow to
   * take everything at once: a time to send more (back-pressure). {@link #bufferedAmount()}
   * is then 0.
   *
   * @param handler runs each time the queue has emptied; null removes the handler
   * @return this connection, for chaining
   */
  public WebSocket onDrain(Runnable handler) {
    listeners.set(EventType.DRAIN, handler == null ? null : ws -> handler.run());
    return this;
  }

  /**
   * Sets the handler told when messages to this peer were skipped: a server's
   * {@link SlowConsumerPolicy#DROP} policy skips them while the peer is over its
   * highWaterMark. It comes at most once per loop turn, with the count since the last.
   *
   * <pre>{@code
   * ws.onDropped(n -> ws.send(snapshotJson())); // it missed updates: send the whole state
   * }</pre>
   *
   * @param handler receives how many messages were skipped; null removes the handler
   * @return this connection, for chaining
   */
  public WebSocket onDropped(Consumer<Long> handler) {
    listeners.set(EventType.DROPPED, handler);
    return this;
  }

  /**
   * Adds a listener, called after the handler set by {@code onX}; added once at most.
   *
   * <pre>{@code
   * ws.addEventListener(EventType.CLOSE, e -> metrics.closed(e.code()));
   * }</pre>
   *
   * @param <E> what the listener receives
   * @param type the kind of event, such as {@link EventType#CLOSE}
   * @param listener receives each event of that type
   * @return this connection, for chaining
   */
  public <E> WebSocket addEventListener(EventType<E> type, Consumer<? super E> listener) {
    listeners.add(type, listener);
    return this;
  }

  /**
   * Removes a listener added by {@link #addEventListener}.
   *
   * @param <E> what the listener receives
   * @param type the kind of event it was added for
   * @param listener the listener as added; one that was not added is ignored
   * @return this connection, for chaining
   */
  public <E> WebSocket removeEventListener(EventType<E> type, Consumer<? super E> listener) {
    listeners.remove(type, listener);
    return this;
  }

  // ---- sending ----

  /**
   * Sends a text message. While CLOSING or CLOSED the message is dropped, as in the browser.
   *
   * <pre>{@code
   * if (ws.send(json) == SendResult.QUEUED) { ... wait for onDrain before sending more ... }
   * }</pre>
   *
   * @param text the message, sent as UTF-8
   * @return what became of it: sent, queued behind a slow peer, dropped, or not sent as the
   *     connection is not open
   * @throws IllegalStateException while CONNECTING (the browser's InvalidStateError)
   */
  public SendResult send(String text) {
    return connection.send(text);
  }

  /**
   * Sends a binary message; the bytes are copied before this returns.
   *
   * @param data the message's bytes; the array may be reused once this returns
   * @return what became of it, as {@link #send(String)} says
   * @throws IllegalStateException while CONNECTING
   */
  public SendResult send(byte[] data) {
    return connection.send(ByteBuffer.wrap(data));
  }

  /**
   * Sends the remaining bytes of {@code data} as a binary message; its position stays.
   *
   * @param data the message, from its position to its limit, copied before this returns
   * @return what became of it, as {@link #send(String)} says
   * @throws IllegalStateException while CONNECTING
   */
  public SendResult send(ByteBuffer data) {
    return connection.send(data);
  }

  /**
   * Sends a ping, after the messages already queued (as {@code ws} does).
   *
   * @param payload at most 125 bytes
   * @throws IllegalArgumentException for a longer payload
   * @throws IllegalStateException while CONNECTING
   */
  public void ping(byte[] payload) {
    connection.sendControl(WebSocketProtocol.OPCODE_PING, payload);
  }

  /**
   * Sends an unsolicited pong, a one-way heartbeat, after the messages already queued.
   *
   * @param payload at most 125 bytes
   * @throws IllegalArgumentException for a longer payload
   * @throws IllegalStateException while CONNECTING
   */
  public void pong(byte[] payload) {
    connection.sendControl(WebSocketProtocol.OPCODE_PONG, payload);
  }

  // ---- topics (server side) ----

  /**
   * Subscribes this connection to {@code topic}: from now on it receives what is published
   * there, by {@link WebSocketServer#publish} or by another connection's {@link #publish}, on
   * this server and, through its {@link Broker}, on the others. A connection leaves all its
   * topics when it closes. As in µWebSockets:
   *
   * <pre>{@code
   * server.onConnection((ws, request) -> {
   *   ws.subscribe("news");
   *   ws.onMessage(e -> ws.publish("news", e.text())); // to every other subscriber
   * });
   * }</pre>
   *
   * @param topic the topic's name, not null
   * @return true when it was not subscribed yet (false too once the connection is CLOSED)
   * @throws IllegalStateException for a client's connection: topics are a server's
   */
  public boolean subscribe(String topic) {
    return connection.serverTopics().subscribe(connection, topic);
  }

  /**
   * Unsubscribes this connection from {@code topic}.
   *
   * @param topic the topic's name, not null
   * @return true when it was subscribed
   * @throws IllegalStateException for a client's connection
   */
  public boolean unsubscribe(String topic) {
    return connection.serverTopics().unsubscribe(connection, topic);
  }

  /**
   * The topics this connection subscribes to, a snapshot; empty once it is CLOSED.
   *
   * @return the topics, unmodifiable
   * @throws IllegalStateException for a client's connection
   */
  public Set<String> topics() {
    return connection.serverTopics().topicsOf(connection);
  }

  /**
   * Publishes a text message on {@code topic} to every subscriber but this connection, here
   * and on the servers the broker links (see {@link WebSocketServer#publish(String, String)}).
   *
   * @param topic the topic's name, not null
   * @param text the message, sent as UTF-8
   * @throws IllegalStateException for a client's connection
   */
  public void publish(String topic, String text) {
    connection.serverTopics().publish(topic, WebSocketProtocol.OPCODE_TEXT,
        text.getBytes(StandardCharsets.UTF_8), connection, null);
  }

  /**
   * Publishes a binary message on {@code topic} to every subscriber but this connection; the
   * array must not change afterward.
   *
   * @param topic the topic's name, not null
   * @param data the message's bytes, not copied
   * @throws IllegalStateException for a client's connection
   */
  public void publish(String topic, byte[] data) {
    connection.serverTopics().publish(topic, WebSocketProtocol.OPCODE_BINARY, data,
        connection, null);
  }

  // ---- closing ----

  /** Starts the closing handshake without a status code (the peer sees 1005). */
  public void close() {
    close(CloseCode.NO_STATUS, "");
  }

  /**
   * Starts the closing handshake: sends a close frame after the messages already queued,
   * then waits up to closeTimeout for the peer's. While CONNECTING, gives up the attempt.
   *
   * @param code 1000-1003, 1007-1014 or 3000-4999 (or 1005 for none)
   * @param reason at most 123 bytes of UTF-8; null is taken as ""
   * @throws IllegalArgumentException for another code, a longer reason, or a reason with
   *     no code
   */
  public void close(int code, String reason) {
    connection.close(code, reason == null ? "" : reason);
  }

  /** Drops the connection at once, without a closing handshake (the close event says 1006). */
  public void terminate() {
    connection.terminate();
  }

  /** Stops reading from the peer; messages already read may still be delivered. */
  public void pause() {
    connection.pause();
  }

  /** Reads from the peer again after {@link #pause()}. */
  public void resume() {
    connection.resume();
  }

  // ---- attributes ----

  /**
   * Where the connection stands: CONNECTING, OPEN, CLOSING or CLOSED.
   *
   * @return the state now
   */
  public ReadyState readyState() {
    return connection.readyState();
  }

  /**
   * The URL: the one given to the constructor, or the request's on a server.
   *
   * @return the URL as a string
   */
  public String url() {
    return connection.url();
  }

  /**
   * The subprotocol the server chose.
   *
   * @return the subprotocol, or "" for none
   */
  public String protocol() {
    return connection.protocol();
  }

  /**
   * The extensions in use (the {@code Sec-WebSocket-Extensions} answer).
   *
   * @return the header's value, or ""
   */
  public String extensions() {
    return connection.extensions();
  }

  /**
   * What this client connection sent and received so far: messages, payload and wire bytes,
   * and what permessage-deflate saved. With {@link #bufferedAmount()} and {@link #rtt()} it
   * is what a client can tell about its connection ({@code dev.ippo.micrometer}'s
   * {@code IppoClientMetrics} makes meters of them). A server's connections are counted
   * together, in {@link WebSocketServer#stats()}, which costs them no memory each.
   *
   * <pre>{@code
   * TrafficStats t = ws.traffic();
   * System.out.println(t.messagesIn() + " messages, " + t.wireBytesIn() + " bytes in");
   * }</pre>
   *
   * @return the figures, taken now
   * @throws IllegalStateException on a server's connection
   */
  public TrafficStats traffic() {
    return connection.traffic();
  }

  /**
   * The last round trip to the peer and back: from a heartbeat ping to its pong, or from a
   * {@link #ping} of yours to the pong with the same payload. It includes the time the ping
   * waited behind queued messages, and the peer's time to answer. An end that keeps hearing
   * the peer's own pings is never silent long enough to ping: {@link #ping} to measure there.
   *
   * <pre>{@code
   * ws.rtt().ifPresent(rtt -> System.out.println("rtt " + rtt.toMillis() + " ms"));
   * }</pre>
   *
   * @return the round trip, or empty before a pong answered a ping
   */
  public Optional<Duration> rtt() {
    long micros = connection.roundTripMicros();
    return micros < 0 ? Optional.empty() : Optional.of(Duration.ofNanos(micros * 1000));
  }

  /**
   * Bytes of queued messages not yet handed to the network.
   *
   * @return the byte count, 0 when nothing waits
   */
  public long bufferedAmount() {
    return connection.bufferedAmount();
  }

  /**
   * How binary messages are presented in {@link MessageEvent#data()}.
   *
   * @return the type, {@link BinaryType#BYTES} unless set
   */
  public BinaryType binaryType() {
    return binaryType;
  }

  /**
   * Sets how the next binary messages are presented in {@link MessageEvent#data()}.
   *
   * @param type the presentation, not null
   * @return this connection, for chaining
   */
  public WebSocket binaryType(BinaryType type) {
    this.binaryType = Objects.requireNonNull(type);
    return this;
  }

  /**
   * The peer's address: through an {@link HttpProxy}, the proxy's, as the server's is known
   * to the proxy alone.
   *
   * @return the address, or null before it is known
   */
  public InetSocketAddress remoteAddress() {
    return connection.remoteAddress();
  }

  @Override
  public String toString() {
    return connection.toString();
  }

  /** The engine's reports, made into the user's events. Loop thread. */
  private final class Events implements ConnectionEvents {
    @Override
    public void onOpen() {
      if (server != null) {
        HttpRequest r = request;
        request = null;
        server.opened(WebSocket.this, r); // onConnection, before any other event
      }
      listeners.emit(EventType.OPEN, new OpenEvent(WebSocket.this));
    }

    @Override
    public boolean wantsMessages() {
      return listeners.wantsMessages();
    }

    @Override
    public void onText(String text) {
      listeners.emit(EventType.MESSAGE, MessageEvent.ofText(WebSocket.this, text));
    }

    @Override
    public void onBinary(byte[] data) {
      listeners.emit(EventType.MESSAGE, MessageEvent.ofBinary(WebSocket.this, data, binaryType));
    }

    @Override
    public void onPing(ByteBuffer payload) {
      if (listeners.hears(EventType.PING)) {
        listeners.emit(EventType.PING, copy(payload));
      }
    }

    @Override
    public void onPong(ByteBuffer payload) {
      if (listeners.hears(EventType.PONG)) {
        listeners.emit(EventType.PONG, copy(payload));
      }
    }

    private static byte[] copy(ByteBuffer payload) {
      byte[] bytes = new byte[payload.remaining()];
      payload.get(payload.position(), bytes);
      return bytes;
    }

    @Override
    public void onDrain() {
      listeners.emit(EventType.DRAIN, WebSocket.this);
    }

    @Override
    public void onDropped(long count) {
      listeners.emit(EventType.DROPPED, count);
    }

    @Override
    public void onError(String message, ProtocolError error, Throwable cause) {
      listeners.emit(EventType.ERROR, new ErrorEvent(WebSocket.this, message, error, cause));
    }

    @Override
    public void onClose(int code, String reason, boolean wasClean) {
      if (server != null) {
        server.gone(WebSocket.this);
      }
      listeners.emit(EventType.CLOSE, new CloseEvent(WebSocket.this, code, reason, wasClean));
    }
  }
}
