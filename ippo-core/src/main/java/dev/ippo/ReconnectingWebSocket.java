package dev.ippo;

import dev.ippo.internal.codec.WebSocketProtocol;
import dev.ippo.internal.engine.ClientConnector;
import dev.ippo.internal.transport.EventLoop;
import dev.ippo.internal.transport.Loop;
import java.net.URI;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;
import java.util.function.DoubleSupplier;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * A client {@link WebSocket} that connects again when its connection drops, as the npm
 * {@code reconnecting-websocket} package does in the browser: the same methods and events,
 * over one connection after another.
 *
 * <pre>{@code
 * ReconnectingWebSocket ws = new ReconnectingWebSocket(
 *     () -> URI.create("ws://localhost:8080/feed?token=" + tokens.current()),
 *     WebSocketOptions.DEFAULTS, ReconnectOptions.DEFAULTS);
 * ws.onOpen(e -> ws.send("subscribe prices"));   // on every connect
 * ws.onMessage(e -> System.out.println(e.text()));
 * ws.onReconnecting(e -> System.out.println("reconnecting in " + e.delay()));
 * ws.onClose(e -> {
 *   if (ws.readyState() == ReadyState.CLOSED) {
 *     System.out.println("gone for good: " + e.code());
 *   }
 * });
 * }</pre>
 *
 * <p><b>When it reconnects.</b> After a failed attempt (no connection, a refused or invalid
 * handshake, a handshake timeout) and after any close that the server did not mean as the
 * end, it waits (see {@link ReconnectOptions}: from minDelay growing to maxDelay, with
 * jitter) and tries again, taking a fresh URL from the supplier each time. It does not
 * reconnect:
 * <ul>
 *   <li>after this object's {@link #close()} or {@link #terminate()}, whatever follows;
 *   <li>after a clean close by the server with 1000 or without a code: the server ended the
 *       session on purpose (socket.io's rule; reconnecting-websocket reconnects even then).
 *       Every other close is retried: a drop (1006), 1001 (going away, as a server that shuts
 *       down says), 1011, 1012 (service restart), 1013 (try again later), the application
 *       codes 4000-4999;
 *   <li>after {@link ReconnectOptions#maxRetries()} attempts in a row failed or closed
 *       within minUptime.
 * </ul>
 * A handshake refused with 503 (or 429) and {@code Retry-After} is retried no sooner than
 * the server asked, up to {@link ReconnectOptions#maxRetryAfter()}.
 *
 * <p><b>Events.</b> Each connection's events come to the handlers set here: an open event
 * for every connect, an error and a close event for every failed attempt or end, messages,
 * pings, pongs and drains. Their {@code target()} is the connection of the moment, a plain
 * {@link WebSocket}; send through this object, which outlives it. After a close that will
 * be retried comes a {@link ReconnectEvent} ({@link #onReconnecting}); a close event with
 * none after it is the last, and within its handler {@link #readyState()} already says
 * {@link ReadyState#CLOSED} (and {@link ReadyState#CONNECTING} when a retry follows). A
 * {@link #close()} while waiting between attempts cancels the wait and emits nothing: the
 * last connection's close event has come already.
 *
 * <p><b>Messages sent while disconnected</b> are refused ({@link SendResult#NOT_OPEN}) by
 * default, or kept up to {@link ReconnectOptions#maxEnqueuedMessages()} and sent first on
 * the next open.
 *
 * <p>Thread safety: every method may be called from any thread; {@code send} never blocks.
 * Every connection of one client, and its timers, run on one event loop thread, so events
 * come one at a time, in order, there: a handler that blocks stalls that loop. The URL
 * supplier runs there too for each retry: it should return at once (a token refreshed
 * elsewhere, not fetched now).
 */
public final class ReconnectingWebSocket {
  private final Reconnection reconnection;
  private final Listeners listeners;

  /**
   * Connects to a fixed URL with the default options, and reconnects with
   * {@link ReconnectOptions#DEFAULTS}.
   *
   * @param url a {@code ws://} or {@code wss://} URL
   * @param protocols subprotocols to offer, most wanted first
   * @throws IllegalArgumentException when the URL is not a WebSocket URL
   */
  public ReconnectingWebSocket(String url, String... protocols) {
    this(URI.create(url), WebSocketOptions.builder().protocols(protocols).build(),
        ReconnectOptions.DEFAULTS);
  }

  /**
   * Connects to a fixed URL.
   *
   * @param url a {@code ws://} or {@code wss://} URL
   * @param options how each connection is made: subprotocols, headers, limits, and the
   *     handshakeTimeout that bounds each attempt
   * @param reconnect when and how to reconnect
   * @throws IllegalArgumentException when the URL is not a WebSocket URL
   */
  public ReconnectingWebSocket(URI url, WebSocketOptions options, ReconnectOptions reconnect) {
    this(fixed(url), options, reconnect);
  }

  /**
   * Connects to the URL that {@code urls} gives for each attempt, so that a token in it
   * can be fresh each time.
   *
   * <pre>{@code
   * new ReconnectingWebSocket(() -> URI.create(base + "?token=" + auth.token()),
   *     WebSocketOptions.DEFAULTS, ReconnectOptions.builder().maxRetries(10).build());
   * }</pre>
   *
   * @param urls gives a {@code ws://} or {@code wss://} URL; called in this constructor, then
   *     on the client's loop thread before each retry (what it throws then counts as a failed
   *     attempt: an error event and a close event with no target, 1006)
   * @param options how each connection is made
   * @param reconnect when and how to reconnect
   * @throws IllegalArgumentException when the first URL is not a WebSocket URL
   */
  public ReconnectingWebSocket(Supplier<URI> urls, WebSocketOptions options,
      ReconnectOptions reconnect) {
    this(urls, options, reconnect, ClientConnector.clientLoop());
  }

  private ReconnectingWebSocket(Supplier<URI> urls, WebSocketOptions options,
      ReconnectOptions reconnect, EventLoop loop) {
    this(urls, reconnect, options.maxPayload(), loop, url -> new WebSocket(url, options, loop),
        () -> ThreadLocalRandom.current().nextDouble());
  }

  /**
   * With the loop, connections and random numbers given: tests give a loop whose clock
   * they move, connections over fake transports, and the jitter's extremes.
   */
  ReconnectingWebSocket(Supplier<URI> urls, ReconnectOptions reconnect, long maxPayload,
      Loop loop, Function<URI, WebSocket> dial, DoubleSupplier random) {
    this.reconnection = new Reconnection(this, urls, dial, loop, random, reconnect,
        maxPayload);
    this.listeners = reconnection.listeners;
    reconnection.start();
  }

  private static Supplier<URI> fixed(URI url) {
    URI checked = ClientConnector.checkUrl(Objects.requireNonNull(url, "url"));
    return () -> checked;
  }

  // ---- events ----

  /**
   * Sets the handler of the open event, which comes on every connect.
   *
   * @param handler receives the open event; null removes the handler
   * @return this client, for chaining
   */
  public ReconnectingWebSocket onOpen(Consumer<OpenEvent> handler) {
    listeners.set(EventType.OPEN, handler);
    return this;
  }

  /**
   * Sets the handler of each message, from whichever connection it came.
   *
   * @param handler receives each message event; null removes the handler
   * @return this client, for chaining
   */
  public ReconnectingWebSocket onMessage(Consumer<MessageEvent> handler) {
    listeners.set(EventType.MESSAGE, handler);
    return this;
  }

  /**
   * Sets the handler of errors: a failed attempt, or a connection that went wrong; a close
   * event follows each.
   *
   * @param handler receives each error event; null removes the handler
   * @return this client, for chaining
   */
  public ReconnectingWebSocket onError(Consumer<ErrorEvent> handler) {
    listeners.set(EventType.ERROR, handler);
    return this;
  }

  /**
   * Sets the handler of the close event of every connection and every failed attempt. When
   * no retry follows, {@link #readyState()} says {@link ReadyState#CLOSED} already inside
   * the handler; otherwise a reconnecting event comes next.
   *
   * @param handler receives each close event; null removes the handler
   * @return this client, for chaining
   */
  public ReconnectingWebSocket onClose(Consumer<CloseEvent> handler) {
    listeners.set(EventType.CLOSE, handler);
    return this;
  }

  /**
   * Sets the handler told that another attempt will follow, and when: right after the
   * close event it follows.
   *
   * @param handler receives each reconnecting event; null removes the handler
   * @return this client, for chaining
   */
  public ReconnectingWebSocket onReconnecting(Consumer<ReconnectEvent> handler) {
    listeners.set(EventType.RECONNECTING, handler);
    return this;
  }

  /**
   * Sets the handler of every ping the server sends, given its payload.
   *
   * @param handler receives each ping's payload; null removes the handler
   * @return this client, for chaining
   */
  public ReconnectingWebSocket onPing(Consumer<byte[]> handler) {
    listeners.set(EventType.PING, handler);
    return this;
  }

  /**
   * Sets the handler of every pong the server sends, given its payload.
   *
   * @param handler receives each pong's payload; null removes the handler
   * @return this client, for chaining
   */
  public ReconnectingWebSocket onPong(Consumer<byte[]> handler) {
    listeners.set(EventType.PONG, handler);
    return this;
  }

  /**
   * Sets the handler called when the connection's send queue has emptied after the server
   * was too slow to take everything at once (see {@link WebSocket#onDrain}).
   *
   * @param handler runs each time the queue has emptied; null removes the handler
   * @return this client, for chaining
   */
  public ReconnectingWebSocket onDrain(Runnable handler) {
    listeners.set(EventType.DRAIN, handler == null ? null : ws -> handler.run());
    return this;
  }

  /**
   * Adds a listener, called after the handler set by {@code onX}; added once at most.
   *
   * <pre>{@code
   * ws.addEventListener(EventType.RECONNECTING, e -> metrics.reconnecting(e.attempt()));
   * }</pre>
   *
   * @param <E> what the listener receives
   * @param type the kind of event, such as {@link EventType#RECONNECTING}
   * @param listener receives each event of that type
   * @return this client, for chaining
   */
  public <E> ReconnectingWebSocket addEventListener(EventType<E> type,
      Consumer<? super E> listener) {
    listeners.add(type, listener);
    return this;
  }

  /**
   * Removes a listener added by {@link #addEventListener}.
   *
   * @param <E> what the listener receives
   * @param type the kind of event it was added for
   * @param listener the listener as added; one that was not added is ignored
   * @return this client, for chaining
   */
  public <E> ReconnectingWebSocket removeEventListener(EventType<E> type,
      Consumer<? super E> listener) {
    listeners.remove(type, listener);
    return this;
  }

  // ---- sending ----

  /**
   * Sends a text message on the open connection. While there is none, it is kept for the
   * next (with {@link ReconnectOptions#maxEnqueuedMessages()} above 0) or refused.
   *
   * <pre>{@code
   * if (ws.send(update) == SendResult.NOT_OPEN) { ... send the state again in onOpen ... }
   * }</pre>
   *
   * @param text the message, sent as UTF-8
   * @return {@link SendResult#SENT} or {@link SendResult#QUEUED} (behind a slow server, or
   *     kept for the next connection); {@link SendResult#DROPPED} when the queue of kept
   *     messages is full (or by the connection's policy); {@link SendResult#NOT_OPEN} while
   *     disconnected with no queue, and once closed by {@link #close()} or for good
   */
  public SendResult send(String text) {
    return reconnection.send(Objects.requireNonNull(text, "text"));
  }

  /**
   * Sends a binary message; the bytes are copied before this returns.
   *
   * @param data the message's bytes; the array may be reused once this returns
   * @return what became of it, as {@link #send(String)} says
   */
  public SendResult send(byte[] data) {
    return reconnection.send(ByteBuffer.wrap(data));
  }

  /**
   * Sends the remaining bytes of {@code data} as a binary message; its position stays.
   *
   * @param data the message, from its position to its limit, copied before this returns
   * @return what became of it, as {@link #send(String)} says
   */
  public SendResult send(ByteBuffer data) {
    return reconnection.send(Objects.requireNonNull(data, "data"));
  }

  /**
   * Sends a ping on the open connection, after the messages already queued.
   *
   * @param payload at most 125 bytes
   * @return true when sent, false when no connection is open (nothing is kept)
   * @throws IllegalArgumentException for a longer payload
   */
  public boolean ping(byte[] payload) {
    return reconnection.control(WebSocketProtocol.OPCODE_PING, payload);
  }

  /**
   * Sends an unsolicited pong on the open connection.
   *
   * @param payload at most 125 bytes
   * @return true when sent, false when no connection is open
   * @throws IllegalArgumentException for a longer payload
   */
  public boolean pong(byte[] payload) {
    return reconnection.control(WebSocketProtocol.OPCODE_PONG, payload);
  }

  // ---- closing ----

  /** Closes for good, without a status code (the server sees 1005); no attempt follows. */
  public void close() {
    close(CloseCode.NO_STATUS, "");
  }

  /**
   * Closes for good: the open connection with a closing handshake, an attempt under way by
   * giving it up, a wait between attempts by ending it. No attempt follows, and messages
   * kept for the next connection are dropped.
   *
   * @param code 1000-1003, 1007-1014 or 3000-4999 (or 1005 for none)
   * @param reason at most 123 bytes of UTF-8; null is taken as ""
   * @throws IllegalArgumentException for another code, a longer reason, or a reason with
   *     no code
   */
  public void close(int code, String reason) {
    reconnection.close(code, reason == null ? "" : reason, false);
  }

  /** Drops the connection at once, without a closing handshake, and for good. */
  public void terminate() {
    reconnection.close(CloseCode.NO_STATUS, "", true);
  }

  // ---- attributes ----

  /**
   * Where the client stands: the connection's state while one is under way or open,
   * {@link ReadyState#CONNECTING} while waiting to retry, {@link ReadyState#CLOSED} once no
   * attempt will follow.
   *
   * @return the state now
   */
  public ReadyState readyState() {
    return reconnection.readyState();
  }

  /**
   * The URL of the current (or last) connection.
   *
   * @return the URL as a string
   */
  public String url() {
    WebSocket ws = reconnection.current();
    return ws == null ? "" : ws.url();
  }

  /**
   * The subprotocol the server chose for the current (or last) connection.
   *
   * @return the subprotocol, or "" for none
   */
  public String protocol() {
    WebSocket ws = reconnection.current();
    return ws == null ? "" : ws.protocol();
  }

  /**
   * The extensions in use on the current (or last) connection.
   *
   * @return the {@code Sec-WebSocket-Extensions} answer, or ""
   */
  public String extensions() {
    WebSocket ws = reconnection.current();
    return ws == null ? "" : ws.extensions();
  }

  /**
   * The last round trip measured on the current (or last) connection: see
   * {@link WebSocket#rtt()}.
   *
   * @return the round trip, or empty before a pong answered a ping
   */
  public Optional<Duration> rtt() {
    WebSocket ws = reconnection.current();
    return ws == null ? Optional.empty() : ws.rtt();
  }

  /**
   * What this client sent and received so far, over all its connections: see
   * {@link WebSocket#traffic()}.
   *
   * @return the figures, summed over the connections, taken now
   */
  public TrafficStats traffic() {
    return reconnection.traffic();
  }

  /**
   * Bytes not yet handed to the network: the connection's queue and the messages kept for
   * the next connection.
   *
   * @return the byte count, 0 when nothing waits
   */
  public long bufferedAmount() {
    return reconnection.bufferedAmount();
  }

  /**
   * How binary messages are presented in {@link MessageEvent#data()}.
   *
   * @return the type, {@link BinaryType#BYTES} unless set
   */
  public BinaryType binaryType() {
    return reconnection.binaryType();
  }

  /**
   * Sets how binary messages are presented, on this connection and the next ones.
   *
   * @param type the presentation, not null
   * @return this client, for chaining
   */
  public ReconnectingWebSocket binaryType(BinaryType type) {
    reconnection.binaryType(type);
    return this;
  }

  /**
   * How many attempts were made since the last connection that stayed open
   * {@link ReconnectOptions#minUptime()}: 0 during the first connection, then 1 during the
   * first retry, and so on.
   *
   * @return the retry count
   */
  public int retryCount() {
    return reconnection.retryCount();
  }

  @Override
  public String toString() {
    WebSocket ws = reconnection.current();
    return "ReconnectingWebSocket[" + readyState() + ", " + (ws == null ? "-" : ws) + "]";
  }
}
