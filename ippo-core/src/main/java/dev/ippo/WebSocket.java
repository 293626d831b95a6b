package dev.ippo;

import dev.ippo.internal.codec.DeflateParameters;
import dev.ippo.internal.codec.FrameReader;
import dev.ippo.internal.codec.FrameWriter;
import dev.ippo.ProtocolError;
import dev.ippo.internal.codec.ProtocolException;
import dev.ippo.internal.codec.Role;
import dev.ippo.internal.codec.Utf8Validator;
import dev.ippo.internal.codec.WebSocketProtocol;
import dev.ippo.internal.transport.Cancellable;
import dev.ippo.internal.transport.EventLoop;
import dev.ippo.internal.transport.SocketConnection;
import java.lang.System.Logger.Level;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
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
public class WebSocket {
  private static final System.Logger LOG = System.getLogger(WebSocket.class.getName());

  /** {@link ReadyState#CONNECTING}'s value. */
  public static final int CONNECTING = 0;
  /** {@link ReadyState#OPEN}'s value. */
  public static final int OPEN = 1;
  /** {@link ReadyState#CLOSING}'s value. */
  public static final int CLOSING = 2;
  /** {@link ReadyState#CLOSED}'s value. */
  public static final int CLOSED = 3;

  private static final int MAX_CLOSE_REASON_BYTES = 123;

  private final Role role;
  private final String url;
  private final long maxPayload;
  private final long highWaterMark;
  private final boolean autoPong;
  private final Duration closeTimeout;
  private final EventLoop loop;
  private final Listeners listeners;
  private final Object sendLock = new Object();
  private final ClientConnector connector;
  /** What this end offers or accepts of permessage-deflate; null when off. */
  private final PerMessageDeflate deflate;

  private volatile ReadyState state = ReadyState.CONNECTING;
  private volatile BinaryType binaryType = BinaryType.BYTES;
  private volatile String protocol = "";
  private volatile String extensions = "";
  /** The negotiated permessage-deflate, or null. Set before OPEN; closed with the socket. */
  private volatile MessageCompression compression;
  private volatile SocketConnection socket;
  private volatile Consumer<byte[]> onPing;
  private volatile Consumer<byte[]> onPong;
  private volatile Runnable onDrain;
  /** Set by a server to hear that this connection is gone. */
  private volatile Runnable onGone;
  /** The server's topics, for a server's connection; null for a client. */
  private volatile Topics topics;

  // Guarded by sendLock: no frame may follow our close frame.
  private boolean closeSent;

  // Loop thread only.
  private FrameReader reader;
  private boolean closeReceived;
  private boolean failed;
  private boolean slowConsumerReported;
  private int closeCode = CloseCode.ABNORMAL;
  private String closeReason = "";
  private Cancellable closeTimer;
  /** Whether an error event went out: the end of the connection then needs no other. */
  private boolean errorReported;
  /** Whether our own terminate() ended it: no error to report then. */
  private boolean terminated;

  /**
   * Opens a client connection in the background and returns at once, in
   * {@link ReadyState#CONNECTING}, like the browser's constructor. Set the handlers right
   * after: the handshake needs at least one round trip, and events are delivered on the
   * connection's loop thread.
   *
   * @param url a {@code ws://} URL ({@code wss://} is not supported yet)
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
   */
  public WebSocket(URI url, WebSocketOptions options) {
    this.role = Role.CLIENT;
    this.url = ClientConnector.checkUrl(url).toString();
    this.maxPayload = options.maxPayload();
    this.highWaterMark = options.highWaterMark();
    this.autoPong = options.autoPong();
    this.closeTimeout = options.closeTimeout();
    this.loop = ClientConnector.ClientLoops.next();
    this.listeners = new Listeners(loop, true, maxPayload);
    this.deflate = options.perMessageDeflate();
    this.connector = new ClientConnector(this, loop, URI.create(this.url), options);
    connector.start();
  }

  /** The server end of an accepted connection whose 101 answer is already queued. */
  WebSocket(SocketConnection socket, ServerOptions options, String url, String protocol) {
    this.role = Role.SERVER;
    this.url = url;
    this.maxPayload = options.maxPayload;
    this.highWaterMark = options.highWaterMark;
    this.autoPong = options.autoPong;
    this.closeTimeout = options.closeTimeout;
    this.loop = socket.loop();
    // onConnection runs before the first message, so a server connection keeps none early.
    this.listeners = new Listeners(loop, false, 0);
    this.connector = null;
    this.deflate = options.perMessageDeflate;
    this.protocol = protocol == null ? "" : protocol;
    this.socket = socket;
  }

  // ---- events ----

  /** Sets the handler of the open event (the browser's {@code onopen}). */
  public WebSocket onOpen(Consumer<OpenEvent> handler) {
    listeners.set(EventType.OPEN, handler);
    return this;
  }

  /** Sets the handler of each message (the browser's {@code onmessage}). */
  public WebSocket onMessage(Consumer<MessageEvent> handler) {
    listeners.set(EventType.MESSAGE, handler);
    return this;
  }

  /** Sets the handler of errors (the browser's {@code onerror}); a close event follows. */
  public WebSocket onError(Consumer<ErrorEvent> handler) {
    listeners.set(EventType.ERROR, handler);
    return this;
  }

  /** Sets the handler of the close event (the browser's {@code onclose}); it comes once. */
  public WebSocket onClose(Consumer<CloseEvent> handler) {
    listeners.set(EventType.CLOSE, handler);
    return this;
  }

  /** Called with the payload of every ping the peer sends (answered already if autoPong). */
  public WebSocket onPing(Consumer<byte[]> handler) {
    this.onPing = handler;
    return this;
  }

  /** Called with the payload of every pong the peer sends. */
  public WebSocket onPong(Consumer<byte[]> handler) {
    this.onPong = handler;
    return this;
  }

  /**
   * Called when the send queue has emptied after the peer was too slow to take everything
   * at once: a time to send more (back-pressure). {@link #bufferedAmount()} is then 0.
   */
  public WebSocket onDrain(Runnable handler) {
    this.onDrain = handler;
    return this;
  }

  /** Adds a listener, called after the handler set by {@code onX}; added once at most. */
  public <E> WebSocket addEventListener(EventType<E> type, Consumer<? super E> listener) {
    listeners.add(type, listener);
    return this;
  }

  /** Removes a listener added by {@link #addEventListener}. */
  public <E> WebSocket removeEventListener(EventType<E> type, Consumer<? super E> listener) {
    listeners.remove(type, listener);
    return this;
  }

  // ---- sending ----

  /**
   * Sends a text message. While CLOSING or CLOSED the message is dropped, as in the browser.
   *
   * @throws IllegalStateException while CONNECTING (the browser's InvalidStateError)
   */
  public void send(String text) {
    send(WebSocketProtocol.OPCODE_TEXT, ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)));
  }

  /** Sends a binary message; the bytes are copied before this returns. */
  public void send(byte[] data) {
    send(WebSocketProtocol.OPCODE_BINARY, ByteBuffer.wrap(data));
  }

  /** Sends the remaining bytes of {@code data} as a binary message; its position stays. */
  public void send(ByteBuffer data) {
    send(WebSocketProtocol.OPCODE_BINARY, data);
  }

  /** Sends a ping (at most 125 bytes of payload). */
  public void ping(byte[] payload) {
    sendControl(WebSocketProtocol.OPCODE_PING, payload);
  }

  /** Sends an unsolicited pong (at most 125 bytes of payload), a one-way heartbeat. */
  public void pong(byte[] payload) {
    sendControl(WebSocketProtocol.OPCODE_PONG, payload);
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
   * @return true when it was not subscribed yet (false too once the connection is CLOSED)
   * @throws IllegalStateException for a client's connection: topics are a server's
   */
  public boolean subscribe(String topic) {
    return serverTopics().subscribe(this, topic);
  }

  /**
   * Unsubscribes this connection from {@code topic}.
   *
   * @return true when it was subscribed
   * @throws IllegalStateException for a client's connection
   */
  public boolean unsubscribe(String topic) {
    return serverTopics().unsubscribe(this, topic);
  }

  /**
   * The topics this connection subscribes to, a snapshot; empty once it is CLOSED.
   *
   * @throws IllegalStateException for a client's connection
   */
  public Set<String> topics() {
    return serverTopics().topicsOf(this);
  }

  /**
   * Publishes a text message on {@code topic} to every subscriber but this connection, here
   * and on the servers the broker links (see {@link WebSocketServer#publish(String, String)}).
   *
   * @throws IllegalStateException for a client's connection
   */
  public void publish(String topic, String text) {
    serverTopics().publish(topic, WebSocketProtocol.OPCODE_TEXT,
        text.getBytes(StandardCharsets.UTF_8), this);
  }

  /**
   * Publishes a binary message on {@code topic} to every subscriber but this connection; the
   * array must not change afterward.
   *
   * @throws IllegalStateException for a client's connection
   */
  public void publish(String topic, byte[] data) {
    serverTopics().publish(topic, WebSocketProtocol.OPCODE_BINARY, data, this);
  }

  private Topics serverTopics() {
    Topics t = topics;
    if (t == null) {
      throw new IllegalStateException("topics are a server's: this is a client connection");
    }
    return t;
  }

  private void send(int opcode, ByteBuffer payload) {
    checkNotConnecting();
    MessageCompression c = compression;
    if (c != null && c.compresses(payload.remaining())) {
      if (c.keepsContext()) {
        sendThroughContext(c, opcode, payload);
      } else {
        enqueue(c.frame(opcode, payload, masks(), maskKey()), false);
      }
      return;
    }
    enqueue(FrameWriter.frame(opcode, true, false, payload, masks(), maskKey()), false);
  }

  /**
   * Compresses and queues under the send lock: with context takeover the peer inflates in
   * the order we deflate, so the two must not be told apart by another thread's send.
   */
  private void sendThroughContext(MessageCompression c, int opcode, ByteBuffer payload) {
    SocketConnection s = socket;
    synchronized (sendLock) {
      if (closeSent || state != ReadyState.OPEN) {
        return;
      }
      s.write(c.frame(opcode, payload, masks(), maskKey()));
    }
    checkHighWaterMark(s);
  }

  private void sendControl(int opcode, byte[] payload) {
    if (payload.length > WebSocketProtocol.PAYLOAD_BYTE_MAX) {
      throw new IllegalArgumentException("control frame payload over 125 bytes: " + payload.length);
    }
    checkNotConnecting();
    ByteBuffer frame =
        FrameWriter.frame(opcode, true, false, ByteBuffer.wrap(payload), masks(), maskKey());
    enqueue(frame, true);
  }

  /**
   * Sends a broadcast's message: the frame {@code frames} encoded once for every connection
   * that can take it (plain, or deflated alone), else this connection's own compressed frame.
   * Drops it unless OPEN; server side only.
   */
  void sendBroadcast(SharedFrames frames) {
    if (state != ReadyState.OPEN) {
      return;
    }
    MessageCompression c = compression;
    int length = frames.payload().remaining();
    if (c == null || !c.compresses(length)) {
      enqueue(frames.plain().duplicate(), false);
    } else if (!c.keepsContext()) {
      enqueue(frames.compressed(deflate).duplicate(), false);
    } else {
      sendThroughContext(c, frames.opcode(), frames.payload());
    }
  }

  private void enqueue(ByteBuffer frame, boolean urgent) {
    SocketConnection s = socket;
    synchronized (sendLock) {
      if (closeSent || state != ReadyState.OPEN) {
        return;
      }
      if (urgent) {
        s.writeUrgent(frame);
      } else {
        s.write(frame);
      }
    }
    checkHighWaterMark(s);
  }

  private void checkHighWaterMark(SocketConnection s) {
    long queued = s.queuedBytes();
    if (queued > highWaterMark) {
      onLoop(() -> failSlowConsumer(queued));
    }
  }

  private void checkNotConnecting() {
    if (state == ReadyState.CONNECTING) {
      throw new IllegalStateException("the connection is not open yet");
    }
  }

  private boolean masks() {
    return role == Role.CLIENT;
  }

  private int maskKey() {
    return role == Role.CLIENT ? MaskKeys.SHARED.next() : 0;
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
   * @param code 1000, 1001, 1003, 1007-1014 or 3000-4999 (or 1005 for none)
   * @param reason at most 123 bytes of UTF-8
   * @throws IllegalArgumentException for another code or a longer reason
   */
  public void close(int code, String reason) {
    String why = reason == null ? "" : reason;
    if (code != CloseCode.NO_STATUS && !CloseCode.isValid(code)) {
      throw new IllegalArgumentException("close code not allowed: " + code);
    }
    if (why.getBytes(StandardCharsets.UTF_8).length > MAX_CLOSE_REASON_BYTES) {
      throw new IllegalArgumentException("close reason over 123 bytes of UTF-8");
    }
    if (code == CloseCode.NO_STATUS && !why.isEmpty()) {
      throw new IllegalArgumentException("a close reason needs a close code");
    }
    if (state == ReadyState.CONNECTING) {
      if (connector != null) {
        connector.abort("the connection was closed before it opened", () -> close(code, why));
      } else if (!loop.inLoop()) {
        // A server connection is CONNECTING only inside the loop task that opens it.
        loop.execute(() -> close(code, why));
      }
      return;
    }
    if (startClosing(code, why)) {
      onLoop(this::armCloseTimer);
    }
  }

  /** Drops the connection at once, without a closing handshake (the close event says 1006). */
  public void terminate() {
    if (state == ReadyState.CONNECTING && connector != null) {
      connector.abort("the connection was terminated before it opened", this::terminate);
      return;
    }
    SocketConnection s = socket;
    if (s != null) {
      onLoop(() -> {
        terminated = true;
        s.close();
      });
    }
  }

  /** Stops reading from the peer; messages already read may still be delivered. */
  public void pause() {
    SocketConnection s = socket;
    if (s != null) {
      s.setReading(false);
    }
  }

  /** Reads from the peer again after {@link #pause()}. */
  public void resume() {
    SocketConnection s = socket;
    if (s != null) {
      s.setReading(true);
    }
  }

  // ---- attributes ----

  public ReadyState readyState() {
    return state;
  }

  /** The URL: the one given to the constructor, or the request's on a server. */
  public String url() {
    return url;
  }

  /** The subprotocol the server chose, or "" for none. */
  public String protocol() {
    return protocol;
  }

  /** The extensions in use (the {@code Sec-WebSocket-Extensions} answer), or "". */
  public String extensions() {
    return extensions;
  }

  /** Bytes of queued messages not yet handed to the network. */
  public long bufferedAmount() {
    SocketConnection s = socket;
    return s == null ? 0 : s.queuedBytes();
  }

  public BinaryType binaryType() {
    return binaryType;
  }

  /** How the next binary messages are presented in {@link MessageEvent#data()}. */
  public WebSocket binaryType(BinaryType type) {
    this.binaryType = java.util.Objects.requireNonNull(type);
    return this;
  }

  /** The peer's address, or null before it is known. */
  public InetSocketAddress remoteAddress() {
    SocketConnection s = socket;
    return s == null ? null : s.remoteAddress();
  }

  @Override
  public String toString() {
    return "WebSocket[" + role.name().toLowerCase() + " " + url + " " + state + "]";
  }

  // ---- life cycle (loop thread) ----

  /**
   * Makes this a connection of a server: its topics are {@code topics}, and {@code gone}
   * runs when it ends.
   */
  void servedBy(Topics topics, Runnable gone) {
    this.topics = topics;
    this.onGone = gone;
  }

  /**
   * The handshake is done: queues {@code preamble} (a server's 101 answer, or null) ahead of
   * any message, runs {@code beforeOpenEvent}, then starts reading frames, beginning with
   * {@code leftover}. Loop thread.
   */
  void open(SocketConnection socket, ByteBuffer preamble, String protocol, String extensions,
      DeflateParameters deflateAgreed, ByteBuffer leftover, Runnable beforeOpenEvent) {
    this.socket = socket;
    this.protocol = protocol == null ? "" : protocol;
    this.extensions = extensions == null ? "" : extensions;
    this.reader = new FrameReader(role, maxPayload, new Frames());
    if (deflateAgreed != null) {
      compression = new MessageCompression(deflate, deflateAgreed, role);
      reader.allowRsv1(true);
    }
    socket.handler(new SocketEvents());
    synchronized (sendLock) {
      // OPEN and the 101 in one step: a close() or send() from another thread that sees
      // OPEN queues its frame after the 101.
      if (preamble != null) {
        socket.write(preamble);
      }
      state = ReadyState.OPEN;
    }
    if (beforeOpenEvent != null) {
      beforeOpenEvent.run();
    }
    listeners.emit(EventType.OPEN, new OpenEvent(this));
    if (leftover != null && leftover.hasRemaining() && !socket.isClosed()) {
      reader.read(leftover);
    }
  }

  /** The client's handshake failed: one error event, then the close event (1006). */
  void connectFailed(String message, Throwable cause) {
    synchronized (sendLock) {
      state = ReadyState.CLOSED;
    }
    listeners.emit(EventType.ERROR, new ErrorEvent(this, message, null, cause));
    listeners.emit(EventType.CLOSE, new CloseEvent(this, CloseCode.ABNORMAL, "", false));
  }

  /**
   * OPEN becomes CLOSING, and our close frame is queued after the messages already queued,
   * unless one went already. Any thread; the state changes before this returns, as the
   * browser's close() has it. Returns whether this call queued the frame.
   */
  private boolean startClosing(int code, String reason) {
    ByteBuffer frame = FrameWriter.frame(WebSocketProtocol.OPCODE_CLOSE, true, false,
        FrameWriter.closePayload(code, reason), masks(), maskKey());
    synchronized (sendLock) {
      if (state == ReadyState.OPEN) {
        state = ReadyState.CLOSING;
      }
      if (closeSent || state != ReadyState.CLOSING) {
        return false;
      }
      closeSent = true;
      socket.write(frame);
      return true;
    }
  }

  private void armCloseTimer() {
    if (closeTimer == null) {
      closeTimer = loop.schedule(this::closeTimedOut, closeTimeout.toMillis());
    }
  }

  private void closeTimedOut() {
    reportError("no close frame from the peer within closeTimeout ("
        + closeTimeout.toMillis() + " ms)", null, null);
    socket.close();
  }

  private void reportError(String message, ProtocolError error,
      Throwable cause) {
    errorReported = true;
    listeners.emit(EventType.ERROR, new ErrorEvent(this, message, error, cause));
  }

  private void onPeerClose(int code, String reason) {
    closeReceived = true;
    closeCode = code;
    closeReason = reason;
    // Our answer echoes the peer's code (none for 1005), unless our own close went first.
    startClosing(code, "");
    if (role == Role.SERVER) {
      // RFC 6455 section 7.1.1: the server closes the TCP connection first.
      socket.closeAfterWrites();
    } else {
      armCloseTimer();
    }
  }

  private void fail(ProtocolException e) {
    failed = true;
    LOG.log(Level.INFO, "closing " + this + " from " + remoteAddress() + ": "
        + e.closeCode() + " " + e.error() + ": " + e.getMessage());
    reportError(e.getMessage(), e.error(), e);
    startClosing(e.closeCode(), "");
    socket.closeAfterWrites();
    armCloseTimer();
  }

  private void failSlowConsumer(long queued) {
    if (slowConsumerReported || state == ReadyState.CLOSED) {
      return;
    }
    slowConsumerReported = true;
    String message = "the peer is too slow: " + queued
        + " bytes queued, over the highWaterMark of " + highWaterMark;
    LOG.log(Level.INFO, "dropping " + this + " from " + remoteAddress() + ": " + message);
    reportError(message, null, null);
    socket.close();
  }

  private void onSocketClosed(Exception cause) {
    synchronized (sendLock) {
      if (state == ReadyState.CLOSED) {
        return;
      }
      state = ReadyState.CLOSED;
      // Under the lock: a send through the deflater's context checks the state under it.
      MessageCompression c = compression;
      if (c != null) {
        c.close();
      }
    }
    if (closeTimer != null) {
      closeTimer.cancel();
    }
    if (!errorReported && !terminated && !closeReceived) {
      // As the browser: a connection that ends without the closing handshake is an error.
      String why = cause != null
          ? "the connection failed: " + cause.getMessage()
          : "the connection dropped without a close frame";
      reportError(why, null, cause);
    }
    // As in the browser and ws: the code is the peer's, or 1006 when its close frame never
    // came (a protocol error is told by the error event).
    boolean clean = closeReceived && closeSent() && !failed;
    int code = closeReceived ? closeCode : CloseCode.ABNORMAL;
    String reason = closeReceived ? closeReason : "";
    Runnable gone = onGone;
    if (gone != null) {
      gone.run();
    }
    listeners.emit(EventType.CLOSE, new CloseEvent(this, code, reason, clean));
  }

  private boolean closeSent() {
    synchronized (sendLock) {
      return closeSent;
    }
  }

  private void onLoop(Runnable action) {
    if (loop.inLoop()) {
      action.run();
    } else {
      loop.execute(action);
    }
  }

  /** Text already validated as UTF-8: decoded straight from the array when there is one. */
  private static String utf8(ByteBuffer buf) {
    if (buf.hasArray()) {
      return new String(buf.array(), buf.arrayOffset() + buf.position(), buf.remaining(),
          StandardCharsets.UTF_8);
    }
    return new String(copy(buf), StandardCharsets.UTF_8);
  }

  private static byte[] copy(ByteBuffer buf) {
    byte[] bytes = new byte[buf.remaining()];
    buf.duplicate().get(bytes);
    return bytes;
  }

  /** What the frame reader reports, on the loop thread. */
  private final class Frames implements FrameReader.Listener {
    @Override
    public void onMessage(ByteBuffer payload, boolean text) {
      if (reader.isCompressed()) {
        onCompressedFrame(payload, text, true);
        return;
      }
      if (state != ReadyState.OPEN || !listeners.wantsMessages()) {
        return;
      }
      MessageEvent event = text
          ? MessageEvent.ofText(WebSocket.this, utf8(payload))
          : MessageEvent.ofBinary(WebSocket.this, copy(payload), binaryType);
      listeners.emit(EventType.MESSAGE, event);
    }

    /**
     * A compressed message's frame: inflated at once, even when nobody listens, since the
     * next message may need this one's window. Too long (found as soon as a frame crosses
     * maxPayload), corrupt, or (text) not UTF-8 fails the connection.
     */
    @Override
    public void onCompressedFrame(ByteBuffer frame, boolean text, boolean last) {
      byte[] message;
      try {
        message = compression.inflate(frame, last, maxPayload);
        if (message == null) {
          return;
        }
        if (text && !Utf8Validator.isValid(ByteBuffer.wrap(message))) {
          throw new ProtocolException(ProtocolError.INVALID_UTF8,
              "Invalid UTF-8 in compressed text message");
        }
      } catch (ProtocolException e) {
        reader.stop();
        fail(e);
        return;
      }
      onOwnMessage(message, text);
    }

    /** A message in an array of its own (gathered by the reader, or inflated): no copy. */
    @Override
    public void onOwnMessage(byte[] payload, boolean text) {
      if (state != ReadyState.OPEN || !listeners.wantsMessages()) {
        return;
      }
      MessageEvent event = text
          ? MessageEvent.ofText(WebSocket.this, new String(payload, StandardCharsets.UTF_8))
          : MessageEvent.ofBinary(WebSocket.this, payload, binaryType);
      listeners.emit(EventType.MESSAGE, event);
    }

    @Override
    public void onPing(ByteBuffer payload) {
      byte[] bytes = copy(payload);
      if (autoPong && state == ReadyState.OPEN) {
        // In order with the messages queued before it, as ws answers: a peer may send a
        // ping after its messages to learn that their replies have all come.
        enqueue(FrameWriter.frame(WebSocketProtocol.OPCODE_PONG, true, false,
            ByteBuffer.wrap(bytes), masks(), maskKey()), false);
      }
      Consumer<byte[]> handler = onPing;
      if (handler != null) {
        Listeners.call(handler, "ping", bytes);
      }
    }

    @Override
    public void onPong(ByteBuffer payload) {
      Consumer<byte[]> handler = onPong;
      if (handler != null) {
        Listeners.call(handler, "pong", copy(payload));
      }
    }

    @Override
    public void onClose(int code, String reason) {
      onPeerClose(code, reason);
    }

    @Override
    public void onProtocolError(ProtocolException error) {
      fail(error);
    }
  }

  /** What the socket reports once the connection is open, on the loop thread. */
  private final class SocketEvents implements SocketConnection.Handler {
    @Override
    public void onRead(ByteBuffer data) {
      if (reader.isFinished()) {
        data.position(data.limit());
        return;
      }
      reader.read(data);
    }

    @Override
    public void onDrained() {
      Runnable handler = onDrain;
      if (handler != null && state == ReadyState.OPEN) {
        Listeners.call(h -> h.run(), "drain", handler);
      }
    }

    @Override
    public void onClosed(Exception cause) {
      onSocketClosed(cause);
    }
  }
}
