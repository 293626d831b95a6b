package dev.ippo.internal.engine;

import dev.ippo.CloseCode;
import dev.ippo.ReadyState;
import dev.ippo.SendResult;
import dev.ippo.SlowConsumerPolicy;
import dev.ippo.TrafficStats;
import dev.ippo.internal.codec.DeflateParameters;
import dev.ippo.internal.codec.FrameReader;
import dev.ippo.internal.codec.FrameWriter;
import dev.ippo.internal.codec.MemoryBudget;
import dev.ippo.internal.codec.ProtocolException;
import dev.ippo.internal.codec.Role;
import dev.ippo.internal.codec.WebSocketProtocol;
import dev.ippo.internal.transport.Cancellable;
import dev.ippo.internal.transport.Loop;
import dev.ippo.internal.transport.Transport;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;

/**
 * The engine of one WebSocket connection, client or server end, under the {@code WebSocket}
 * facade: the open/close state machine, the send paths, the frame reader's sink and the
 * transport's handler. It talks to its byte stream through a {@link Transport}, to time
 * through its {@link Loop}, and reports to {@link ConnectionEvents}.
 *
 * <p>Thread safety: the public methods may be called from any thread; {@code send} never
 * blocks. What the transport and the reader report, timers and events all run on the loop
 * thread. The fields below are grouped by the rule that guards them.
 */
public final class Connection implements Executor, Transport.Handler {

  /** Why a connection ended, set once: the first cause wins. */
  private enum End {
    /** The peer's close frame came (the closing handshake, or its start). */
    PEER_CLOSED,
    /** The peer broke the protocol; we sent the close code that says how. */
    PROTOCOL_ERROR,
    /** Our close frame got no answer within closeTimeout. */
    CLOSE_TIMEOUT,
    /** More than highWaterMark bytes queued for the peer. */
    TOO_SLOW,
    /** Nothing from the peer within pongTimeout of a heartbeat ping. */
    NO_PONG,
    /** Our own {@link #terminate()}. */
    TERMINATED
  }

  private final String url;
  private final ConnectionSettings settings;
  private final Loop loop;
  /** Where a client's mask keys come from (RFC 6455 section 5.3); unused by a server. */
  private final IntSupplier maskKeys;
  /** The client's way to OPEN; null for a server's connection. */
  private final ClientConnector connector;
  /**
   * What the server's connections share (topics, memory budgets, the summary log); null for
   * a client's connection.
   */
  private final ServerContext server;
  private final Object sendLock = new Object();

  // Written before the connection starts (by listen) or while it opens; read anywhere.
  private volatile ConnectionEvents events;
  private volatile ReadyState state = ReadyState.CONNECTING;
  private volatile String protocol = "";
  private volatile String extensions = "";
  private volatile Transport transport;
  /** The negotiated permessage-deflate, or null. Set before OPEN; ended at CLOSED. */
  private volatile MessageCompression compression;

  // Guarded by sendLock: no frame may follow our close frame; what the queue took from
  // the send budget.
  private boolean closeSent;
  private long sendTaken;
  /** Messages the DROP policy skipped and no onDropped event has told yet. */
  private int droppedUntold;

  // Loop thread only.
  /** How this connection answers pings; null until the first. */
  private Pongs pongs;
  private FrameReader reader;
  private End end;
  /** The peer's close code, or after a protocol error the one we sent. */
  private int closeCode = CloseCode.ABNORMAL;
  private String closeReason = "";
  private Cancellable closeTimer;
  // Loop thread only, for Heartbeats, by the loop's clock: when the peer was last heard,
  // when the heartbeat's last ping went (its payload), and this connection's slot there
  // (-1: not watched).
  long lastHeard;
  long pingSentAt = Heartbeats.NO_PING;
  int heartbeatSlot = -1;
  /** The user's last ping, until its pong comes; null otherwise, as for most connections. */
  private volatile SentPing userPing;
  /**
   * The last round trip measured, in microseconds (an int: an idle connection's bytes count);
   * -1 before the first.
   */
  private volatile int roundTrip = -1;
  /** The user paused reading: what the peer sends waits unread, so its silence means nothing. */
  volatile boolean paused;
  /** Lifetime and bytes for Flight Recorder, only while its close event is recorded. */
  private ClosedTally tally;

  private Connection(String url, ConnectionSettings settings, Loop loop,
      IntSupplier maskKeys, ClientConnector.Dialer dialer, ClientConnector.Target target,
      ServerContext server) {
    this.url = url;
    this.settings = settings;
    this.loop = loop;
    this.maskKeys = maskKeys;
    this.server = server;
    this.connector = target == null ? null
        : new ClientConnector(this, loop, dialer, target, settings);
  }

  /** A client connection on the given loop, transport and mask source (tests use fakes). */
  static Connection client(ClientConnector.Target target, Loop loop,
      ClientConnector.Dialer dialer, IntSupplier maskKeys, ConnectionSettings settings) {
    return new Connection(target.uri().toString(), settings, loop, maskKeys,
        dialer, target, null);
  }

  /** A client's end or a server's: which end masks, and what the reader expects. */
  private Role role() {
    return server == null ? Role.CLIENT : Role.SERVER;
  }

  /** A server's connection whose handshake is about to succeed; {@link #open} opens it. */
  static Connection server(String url, Loop loop, ServerContext server) {
    return new Connection(url, server.settings().connection(), loop, () -> 0,
        null, null, server);
  }

  /** Who hears this connection; called once, before it connects or opens. */
  public void listen(ConnectionEvents events) {
    this.events = events;
  }

  /** The loop this connection's I/O and events run on. */
  public Loop loop() {
    return loop;
  }

  /**
   * What a client's connection sent and received so far.
   *
   * @throws IllegalStateException on a server's connection: its server counts them all
   *     together
   */
  public TrafficStats traffic() {
    if (server != null) {
      throw new IllegalStateException("a server's connections are counted together:"
          + " see WebSocketServer.stats().traffic()");
    }
    return connector.traffic().snapshot();
  }

  /** Runs {@code task} on this connection's loop thread, after the tasks handed over before. */
  @Override
  public void execute(Runnable task) {
    loop.execute(task);
  }

  /** Starts a client's connection in the background: look-up, connect, handshake. */
  public void connect() {
    connector.start();
  }

  // ---- sending (any thread) ----

  /** Sends a text message; dropped unless OPEN. @throws IllegalStateException if CONNECTING */
  public SendResult send(String text) {
    checkNotConnecting();
    return sendMessage(WebSocketProtocol.OPCODE_TEXT,
        ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)), null);
  }

  /** Sends the remaining bytes as a binary message, copied before this returns. */
  public SendResult send(ByteBuffer data) {
    checkNotConnecting();
    return sendMessage(WebSocketProtocol.OPCODE_BINARY, data, null);
  }

  /**
   * Sends one message of a broadcast or a publish: the frame encoded once for every
   * connection that can take it. Dropped unless OPEN; server side.
   */
  public SendResult sendShared(SharedFrames frames) {
    return state == ReadyState.OPEN
        ? sendMessage(frames.opcode(), frames.payload(), frames)
        : SendResult.NOT_OPEN;
  }

  /** Sends a ping or a pong, in order with the messages queued before it. */
  public void sendControl(int opcode, byte[] payload) {
    if (payload.length > WebSocketProtocol.PAYLOAD_BYTE_MAX) {
      throw new IllegalArgumentException("control frame payload over 125 bytes: " + payload.length);
    }
    checkNotConnecting();
    if (opcode == WebSocketProtocol.OPCODE_PING) {
      userPing = new SentPing(payload.clone(), loop.nowNanos());
    }
    enqueue(frame(opcode, false, ByteBuffer.wrap(payload)));
  }

  /**
   * The one framing decision for every message: compressed by this connection's own
   * deflater when it keeps a context, else compressed alone or plain, taken from
   * {@code shared} (a broadcast's frames, or null) when there is one.
   */
  private SendResult sendMessage(int opcode, ByteBuffer payload, SharedFrames shared) {
    int size = payload.remaining();
    SendResult result = frameAndQueue(opcode, payload, shared);
    if (result == SendResult.SENT || result == SendResult.QUEUED) {
      counters().sent(loop, size);
    }
    return result;
  }

  private SendResult frameAndQueue(int opcode, ByteBuffer payload, SharedFrames shared) {
    Transport t = transport;
    boolean droppable = dropsWhenSlow(shared);
    if (droppable && t != null && t.isWaitingForPeer()
        && t.queuedBytes() > settings.highWaterMark()) {
      return dropped(); // before framing: a deflate context must not see a skipped message
    }
    MessageCompression c = compression;
    ByteBuffer frame;
    if (c != null && c.compresses(payload.remaining())) {
      if (c.keepsContext()) {
        return sendThroughContext(c, opcode, payload, droppable);
      }
      int size = payload.remaining();
      frame = shared != null ? shared.compressed(settings.deflate()).duplicate()
          : c.frame(opcode, payload, masks(), maskKey());
      counters().deflated(loop, size, FrameWriter.payloadLength(frame));
    } else {
      frame = shared != null ? shared.plain().duplicate() : frame(opcode, false, payload);
    }
    return enqueue(frame, droppable, !droppable);
  }

  /**
   * Whether a message to this peer is skipped rather than queued while the peer is over its
   * highWaterMark: by the broadcast's or publish's own policy, else by the server's.
   */
  private boolean dropsWhenSlow(SharedFrames shared) {
    if (server == null) {
      return false;
    }
    SlowConsumerPolicy policy = shared != null && shared.policy() != null
        ? shared.policy() : server.settings().slowConsumers();
    return policy == SlowConsumerPolicy.DROP;
  }

  /** Counts a skipped message; the first since the last report asks for one. */
  private SendResult dropped() {
    server.counters().slowConsumerDrops.increment(); // only a server's messages are skipped
    boolean first;
    synchronized (sendLock) {
      first = droppedUntold++ == 0;
    }
    if (first) {
      loop.execute(this::tellDropped); // not inside the broadcast that found it
    }
    return SendResult.DROPPED;
  }

  private void tellDropped() {
    int count;
    synchronized (sendLock) {
      count = droppedUntold;
      droppedUntold = 0;
    }
    if (state != ReadyState.CLOSED) {
      JfrEvents.slowConsumer(this::remoteAddress, "dropped", bufferedAmount(), count);
      events.onDropped(count);
    }
  }

  /**
   * Compresses and queues under the send lock: with context takeover the peer inflates in
   * the order we deflate, so another thread's send must not come between the two.
   */
  private SendResult sendThroughContext(MessageCompression c, int opcode, ByteBuffer payload,
      boolean droppable) {
    Transport t = transport;
    long before;
    synchronized (sendLock) {
      if (closeSent || state != ReadyState.OPEN) {
        return SendResult.NOT_OPEN;
      }
      // Compressed already, so never skipped: the peer's inflater expects it.
      int size = payload.remaining();
      ByteBuffer frame = c.frame(opcode, payload, masks(), maskKey());
      counters().deflated(loop, size, FrameWriter.payloadLength(frame));
      before = queue(t, frame, false);
    }
    return checkHighWaterMark(t, before, !droppable);
  }

  /**
   * Queues one control frame, never skipped, unless our close frame went already. Over the
   * highWaterMark it ends the peer only by the CLOSE policy.
   */
  SendResult enqueue(ByteBuffer frame) {
    return enqueue(frame, false, !dropsWhenSlow(null));
  }

  /**
   * Queues one frame unless our close frame went already; a {@code droppable} one is
   * skipped instead when the send budget cannot cover it.
   */
  private SendResult enqueue(ByteBuffer frame, boolean droppable, boolean endsSlowPeer) {
    Transport t = transport;
    long before;
    synchronized (sendLock) {
      if (closeSent || state != ReadyState.OPEN) {
        return SendResult.NOT_OPEN;
      }
      before = queue(t, frame, droppable);
    }
    return before == SKIPPED ? dropped() : checkHighWaterMark(t, before, endsSlowPeer);
  }

  /** Counts a frame about to be written. Under the send lock. */
  private void written(ByteBuffer frame) {
    int bytes = frame.remaining();
    counters().written(loop, bytes);
    ClosedTally t = tally;
    if (t != null) {
      t.bytesOut += bytes;
    }
  }

  /** What {@link #queue} returns for a droppable frame it did not queue. */
  private static final long SKIPPED = -2;

  /**
   * Under the send lock: writes {@code frame} and returns what was queued before it, or -1
   * when the server's send budget cannot cover what now waits for this peer (or
   * {@link #SKIPPED}, without writing, for a {@code droppable} frame). Only a peer that does
   * not read (writes wait for it) takes from the budget: a queue that leaves at the end of
   * the loop's turn holds nothing for long.
   */
  private long queue(Transport t, ByteBuffer frame, boolean droppable) {
    long before = t.queuedBytes();
    long after = before + frame.remaining();
    if (server != null && t.isWaitingForPeer() && after > sendTaken) {
      if (!server.sending().take(after - sendTaken)) {
        if (droppable) {
          return SKIPPED;
        }
        written(frame);
        t.write(frame);
        return -1;
      }
      sendTaken = after;
    }
    written(frame);
    t.write(frame);
    return before;
  }

  /** The peer read all that waited: what the queue took from the send budget goes back. */
  private void giveBackSendBudget() {
    synchronized (sendLock) {
      if (server != null) {
        server.sending().give(sendTaken);
      }
      sendTaken = 0;
    }
  }

  /** A whole message came from the peer, of {@code size} bytes (inflated). Loop thread. */
  void received(int size) {
    counters().received(loop, size);
  }

  /**
   * Where this connection counts its messages and bytes: its server's counters, shared by
   * all its connections, or a client's own.
   */
  private TrafficCounters counters() {
    return server != null ? server.counters().traffic() : connector.traffic();
  }

  /** Answers the peer's ping, now or, under a flood, later: see {@link Pongs}. Loop thread. */
  void autoPong(ByteBuffer payload) {
    if (pongs == null) {
      pongs = new Pongs(this);
    }
    pongs.ping(transport, payload);
  }

  /** Queues the pong owed for the latest ping of a flood, if the peer can take it. */
  void answerLatestPing() {
    if (pongs != null) {
      pongs.answerOwed(transport);
    }
  }

  /** One whole frame of this end: masked on a client. */
  ByteBuffer frame(int opcode, boolean rsv1, ByteBuffer payload) {
    return FrameWriter.frame(opcode, true, rsv1, payload, masks(), maskKey());
  }

  /**
   * Too slow is over the mark when another frame comes while writes wait for the peer: one
   * message longer than the mark still goes to a peer that reads, and a burst that the loop
   * has not written yet is no sign of a slow peer. The drop is a task of its own, even on
   * the loop thread: its error and close events must not run inside the {@code send} that
   * found it, where the caller may be iterating the very set of connections that a close
   * handler changes (the chat's rooms did, and the soak found it).
   */
  private SendResult checkHighWaterMark(Transport t, long queuedBefore, boolean endsSlowPeer) {
    boolean waiting = t.isWaitingForPeer();
    if (queuedBefore < 0) {
      String why = "the peer is too slow: " + t.queuedBytes() + " bytes queued, and the"
          + " server's send budget of " + server.sending().limit() + " bytes is spent";
      loop.execute(() -> dropSlowConsumer(why));
    } else if (queuedBefore > settings.highWaterMark() && waiting && endsSlowPeer) {
      String why = "the peer is too slow: " + t.queuedBytes() + " bytes queued, over the"
          + " highWaterMark of " + settings.highWaterMark();
      loop.execute(() -> dropSlowConsumer(why));
    } else {
      return waiting ? SendResult.QUEUED : SendResult.SENT;
    }
    return SendResult.NOT_OPEN; // the peer is being ended: the message will not reach it
  }

  private void checkNotConnecting() {
    if (state == ReadyState.CONNECTING) {
      throw new IllegalStateException("the connection is not open yet");
    }
  }

  private boolean masks() {
    return server == null;
  }

  private int maskKey() {
    return server == null ? maskKeys.getAsInt() : 0;
  }

  // ---- closing (any thread) ----

  /**
   * Starts the closing handshake (see {@code WebSocket.close}); while CONNECTING, gives up
   * the attempt.
   *
   * @throws IllegalArgumentException for a code or reason a close frame may not carry
   */
  public void close(int code, String reason) {
    ByteBuffer payload = FrameWriter.closePayload(code, reason);
    if (state == ReadyState.CONNECTING) {
      if (connector != null) {
        connector.abort("the connection was closed before it opened", () -> close(code, reason));
      } else if (!loop.inLoop()) {
        // A server's connection is CONNECTING only inside the loop task that opens it.
        loop.execute(() -> close(code, reason));
      }
      return;
    }
    if (startClosing(payload)) {
      loop.runInLoop(this::armCloseTimer);
    }
  }

  /** Drops the connection at once, without a closing handshake (the close event: 1006). */
  public void terminate() {
    if (state == ReadyState.CONNECTING && connector != null) {
      connector.abort("the connection was terminated before it opened", this::terminate);
      return;
    }
    Transport t = transport;
    if (t != null) {
      loop.runInLoop(() -> {
        endWith(End.TERMINATED);
        t.close();
      });
    }
  }

  /** Stops reading from the peer; messages already read may still be delivered. */
  public void pause() {
    paused = true;
    Transport t = transport;
    if (t != null) {
      t.setReading(false);
    }
  }

  /** Reads from the peer again after {@link #pause()}. */
  public void resume() {
    paused = false;
    Transport t = transport;
    if (t != null) {
      t.setReading(true);
    }
  }

  /** The topics of this connection's server, which it subscribes and publishes through. */
  public Topics serverTopics() {
    if (server == null) {
      throw new IllegalStateException("topics are a server's: this is a client connection");
    }
    return server.topics();
  }

  // ---- attributes (any thread) ----

  ConnectionSettings settings() {
    return settings;
  }

  public ReadyState readyState() {
    return state;
  }

  public String url() {
    return url;
  }

  public String protocol() {
    return protocol;
  }

  public String extensions() {
    return extensions;
  }

  /** The last round trip a ping and its pong measured, in microseconds; -1 before one. */
  public long roundTripMicros() {
    return roundTrip;
  }

  public long bufferedAmount() {
    Transport t = transport;
    return t == null ? 0 : t.queuedBytes();
  }

  public InetSocketAddress remoteAddress() {
    Transport t = transport;
    return t == null ? null : t.remoteAddress();
  }

  @Override
  public String toString() {
    return "WebSocket[" + role().name().toLowerCase() + " " + url + " " + state + "]";
  }

  // ---- life cycle (loop thread) ----

  /**
   * The handshake is done: queues {@code preamble} (a server's 101 answer, or null) ahead of
   * any message, tells the events, then reads frames, starting with {@code leftover}.
   */
  void open(Transport transport, ByteBuffer preamble, String protocol, String extensions,
      DeflateParameters deflateAgreed, ByteBuffer leftover) {
    this.transport = transport;
    this.protocol = protocol == null ? "" : protocol;
    this.extensions = extensions == null ? "" : extensions;
    this.reader = new FrameReader(role(), settings.maxPayload(),
        server == null ? MemoryBudget.UNLIMITED : server.receiving(),
        new FrameSink(this, events));
    if (deflateAgreed != null) {
      MessageCompression c = new MessageCompression(settings.deflate(), deflateAgreed, role());
      compression = c;
      reader.inflateWith(c.inflater());
    }
    transport.handler(this);
    synchronized (sendLock) {
      // OPEN and the 101 in one step: a close() or send() from another thread that sees
      // OPEN queues its frame after the 101.
      if (preamble != null) {
        transport.write(preamble);
      }
      tally = JfrEvents.closedIsRecorded() ? new ClosedTally(loop.nowNanos()) : null;
      state = ReadyState.OPEN;
    }
    if (server != null) {
      server.counters().opened.increment();
    }
    JfrEvents.opened(url, transport::remoteAddress, server != null);
    if (settings.heartbeat()) {
      lastHeard = loop.nowNanos();
      Heartbeats.of(loop).watch(this);
    }
    events.onOpen();
    if (leftover != null && leftover.hasRemaining() && !transport.isClosed()) {
      readFrames(leftover);
    }
  }

  /** The client's handshake failed: one error event, then the close event (1006). */
  void connectFailed(String message, Throwable cause) {
    synchronized (sendLock) {
      state = ReadyState.CLOSED;
    }
    events.onError(message, null, cause);
    events.onClose(CloseCode.ABNORMAL, "", false);
  }

  /**
   * OPEN becomes CLOSING, and our close frame is queued after the messages already queued,
   * unless one went already. Any thread; the state changes before this returns, as the
   * browser's close() has it. Returns whether this call queued the frame.
   */
  private boolean startClosing(ByteBuffer closePayload) {
    ByteBuffer frame = frame(WebSocketProtocol.OPCODE_CLOSE, false, closePayload);
    synchronized (sendLock) {
      if (state == ReadyState.OPEN) {
        state = ReadyState.CLOSING;
      }
      if (closeSent || state != ReadyState.CLOSING) {
        return false;
      }
      closeSent = true;
      written(frame);
      transport.write(frame);
      return true;
    }
  }

  /** Records why the connection ends, unless a cause came first; returns whether it was first. */
  private boolean endWith(End cause) {
    if (end != null || state == ReadyState.CLOSED) {
      return false;
    }
    end = cause;
    return true;
  }

  private void armCloseTimer() {
    if (closeTimer == null && state != ReadyState.CLOSED) {
      closeTimer = loop.schedule(this::closeTimedOut, settings.closeTimeout().toMillis());
    }
  }

  private void closeTimedOut() {
    // After the peer's close frame, only its TCP close was awaited: no error then.
    if (endWith(End.CLOSE_TIMEOUT)) {
      events.onError("no close frame from the peer within closeTimeout ("
          + settings.closeTimeout().toMillis() + " ms)", null, null);
    }
    transport.close();
  }

  /** The peer's close frame came. Loop thread. */
  void onPeerClose(int code, String reason) {
    if (!endWith(End.PEER_CLOSED)) {
      return;
    }
    closeCode = code;
    closeReason = reason;
    // Our answer echoes the peer's code (none for 1005), unless our own close went first.
    startClosing(FrameWriter.closePayload(code, ""));
    if (server != null) {
      // RFC 6455 section 7.1.1: the server closes the TCP connection first.
      transport.closeAfterWrites();
    } else {
      armCloseTimer();
    }
  }

  /** The peer broke the protocol: the close code that says how, then the TCP close. */
  void fail(ProtocolException e) {
    if (!endWith(End.PROTOCOL_ERROR)) {
      return;
    }
    closeCode = e.closeCode(); // for the stats: the close event itself says 1006
    JfrEvents.protocolError(this::remoteAddress, String.valueOf(e.error()), e.closeCode(),
        e.getMessage());
    log().log(SummaryLog.Kind.PROTOCOL_ERROR, loop, () -> "closing " + this + " from "
        + remoteAddress() + ": " + e.closeCode() + " " + e.error() + ": " + e.getMessage());
    events.onError(e.getMessage(), e.error(), e);
    startClosing(FrameWriter.closePayload(e.closeCode(), ""));
    transport.closeAfterWrites();
    armCloseTimer();
  }

  /** The heartbeat's ping: its payload is the time it went, by the loop's clock. */
  void heartbeatPing() {
    enqueue(frame(WebSocketProtocol.OPCODE_PING, false,
        ByteBuffer.allocate(Long.BYTES).putLong(0, pingSentAt)));
  }

  /**
   * A pong came: when it answers the heartbeat's last ping (its payload is that ping's time)
   * or the user's last one, the round trip is measured. Loop thread.
   */
  void pongReceived(ByteBuffer payload) {
    long now = loop.nowNanos();
    if (pingSentAt != Heartbeats.NO_PING && payload.remaining() == Long.BYTES
        && payload.getLong(payload.position()) == pingSentAt) {
      roundTrip = micros(now - pingSentAt);
      return;
    }
    SentPing sent = userPing;
    if (sent != null && sent.answeredBy(payload)) {
      roundTrip = micros(now - sent.at());
      userPing = null;
    }
  }

  private static int micros(long nanos) {
    return (int) Math.min(Integer.MAX_VALUE, TimeUnit.NANOSECONDS.toMicros(nanos));
  }

  /** Nothing came from the peer within pongTimeout of the heartbeat's ping. Loop thread. */
  void heartbeatTimedOut() {
    if (endWith(End.NO_PONG)) {
      if (server != null) {
        server.counters().heartbeatTimeouts.increment();
      }
      JfrEvents.heartbeatTimeout(this::remoteAddress, settings.pongTimeout().toMillis());
      String message = "no pong within pongTimeout (" + settings.pongTimeout().toMillis()
          + " ms) of a ping sent after " + settings.pingInterval().toMillis()
          + " ms of silence";
      log().log(SummaryLog.Kind.NO_PONG, loop,
          () -> "ending " + this + " from " + remoteAddress() + ": " + message);
      events.onError(message, null, null);
    }
    transport.close();
  }

  private void dropSlowConsumer(String message) {
    if (endWith(End.TOO_SLOW)) {
      if (server != null) {
        server.counters().slowConsumerCloses.increment();
      }
      JfrEvents.slowConsumer(this::remoteAddress, "closed", bufferedAmount(), 0);
      log().log(SummaryLog.Kind.SLOW_CONSUMER, loop,
          () -> "dropping " + this + " from " + remoteAddress() + ": " + message);
      events.onError(message, null, null);
    }
    if (state != ReadyState.CLOSED) {
      transport.close(); // a close frame could not reach it: it waits behind the queue
    }
  }

  @Override
  public void onClosed(Exception cause) {
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
    if (heartbeatSlot >= 0) {
      Heartbeats.of(loop).unwatch(this);
    }
    if (reader != null) {
      reader.discard(); // what it held goes back to the server's budget
    }
    giveBackSendBudget();
    if (end == null) {
      // As the browser: a connection that ends without the closing handshake is an error.
      events.onError(cause != null
          ? "the connection failed: " + cause.getMessage()
          : "the connection dropped without a close frame", null, cause);
    }
    // As in the browser and ws: the code is the peer's, or 1006 when its close frame never
    // came (a protocol error is told by the error event).
    boolean peerClosed = end == End.PEER_CLOSED;
    boolean clean = peerClosed && closeSent();
    int code = peerClosed ? closeCode : CloseCode.ABNORMAL;
    if (server != null) {
      server.topics().drop(this);
      // A protocol error counts by the code we sent: that is what the peer was told.
      server.counters().closed(end == End.PROTOCOL_ERROR ? closeCode : code);
    }
    ClosedTally t = tally; // set on this thread, at open
    long lifetime = -1;
    long bytesIn = -1;
    long bytesOut = -1;
    if (t != null) {
      synchronized (sendLock) { // bytesOut changes under it
        lifetime = loop.nowNanos() - t.openedAt;
        bytesIn = t.bytesIn;
        bytesOut = t.bytesOut;
      }
    }
    JfrEvents.closed(url, this::remoteAddress, code, clean, lifetime, bytesIn, bytesOut);
    events.onClose(code, peerClosed ? closeReason : "", clean);
  }

  /** Logged as the API type the user knows: a server's events summed, a client's whole. */
  private SummaryLog log() {
    return server == null ? SummaryLog.CLIENTS : server.log();
  }

  private boolean closeSent() {
    synchronized (sendLock) {
      return closeSent;
    }
  }

  // ---- what the transport reports once the connection is open (loop thread) ----

  @Override
  public void onRead(ByteBuffer data) {
    if (reader.isFinished()) {
      data.position(data.limit());
      return;
    }
    readFrames(data);
  }

  private void readFrames(ByteBuffer data) {
    if (heartbeatSlot >= 0) {
      lastHeard = loop.nowNanos();
    }
    if (pongs != null) {
      pongs.newRead();
    }
    counters().read(loop, data.remaining());
    ClosedTally t = tally;
    if (t != null) {
      t.bytesIn += data.remaining();
    }
    reader.read(data);
    MessageCompression c = compression;
    if (c != null) {
      c.countInflated(counters(), loop);
    }
    answerLatestPing();
  }

  @Override
  public void onDrained() {
    giveBackSendBudget();
    answerLatestPing();
    if (state == ReadyState.OPEN) {
      events.onDrain();
    }
  }

  /** A ping the user sent, and when, by the loop's clock. */
  private record SentPing(byte[] payload, long at) {
    boolean answeredBy(ByteBuffer pong) {
      return pong.equals(ByteBuffer.wrap(payload));
    }
  }
}
