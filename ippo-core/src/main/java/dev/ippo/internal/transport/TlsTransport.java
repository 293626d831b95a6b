package dev.ippo.internal.transport;

import dev.ippo.internal.codec.MemoryBudget;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLEngineResult.HandshakeStatus;
import javax.net.ssl.SSLEngineResult.Status;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;

/**
 * TLS as a layer on another {@link Transport} (a TCP connection): it is that transport's
 * handler, unwraps what arrives for its own handler, and wraps what is written into records.
 * The JDK's {@link SSLEngine} does the protocol; this class feeds it, on the loop thread.
 *
 * <p>Memory: an idle connection holds no buffer of its own. Unwrapping and wrapping use the
 * loop thread's {@link Scratch} (about 17 KiB each, what the engine asks for), and only a
 * partial record left at the end of a read is kept, at its size. That part is taken from the
 * server's receive budget, as a partial message is: a connection whose part would pass it
 * is ended, so 10 000 peers that each send most of a record cost what the budget allows.
 *
 * <p>Ending: {@link #closeAfterWrites} sends close_notify after what is queued; a peer's
 * close_notify is answered with ours and the TCP close. A peer that closes TCP without
 * close_notify after the handshake ends the connection with an {@link SSLException} as the
 * cause (a truncation, RFC 8446 section 6.1), which the engine reports as an unclean end.
 *
 * <p>Handshakes: the engine's delegated tasks (key agreement, signatures) run on the shared
 * handshake threads, one per core, and the handshake goes on on the loop when they are done;
 * what arrives meanwhile waits, so a flood of handshakes does not stall the loop's other
 * connections.
 *
 * <p>Thread safety: as {@link Transport} says. The engine is touched on the loop thread, but
 * for its delegated tasks, which the JDK lets run on any thread.
 */
public final class TlsTransport implements Transport, Transport.Handler {
  private static final VarHandle QUEUED;
  private static final VarHandle FLUSH_SCHEDULED;

  static {
    try {
      MethodHandles.Lookup lookup = MethodHandles.lookup();
      QUEUED = lookup.findVarHandle(TlsTransport.class, "queued", long.class);
      FLUSH_SCHEDULED = lookup.findVarHandle(TlsTransport.class, "flushScheduled", boolean.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private static final ByteBuffer EMPTY = ByteBuffer.allocate(0);

  /**
   * Hears how each TLS handshake ended, on the loop thread: to count them, and to record
   * them for Flight Recorder.
   */
  public interface HandshakeObserver {
    /** Hears nothing. */
    HandshakeObserver NONE = new HandshakeObserver() {
      @Override
      public void finished(SSLSession session, long nanos, Transport net) {}

      @Override
      public void failed(String why, boolean abandoned, long nanos, Transport net) {}
    };

    /**
     * The handshake is done, {@code nanos} after its first byte (a server's) or after TCP
     * connected (a client's).
     */
    void finished(SSLSession session, long nanos, Transport net);

    /**
     * The handshake began but never finished: the engine refused it ({@code why} says
     * what), or the peer went away or was ended before it did ({@code abandoned}).
     */
    void failed(String why, boolean abandoned, long nanos, Transport net);
  }

  private final Loop loop;
  private final SSLEngine engine;
  private final MemoryBudget budget;
  private Transport net;
  private volatile Handler handler;

  /** Plain text written and not yet wrapped, in order; taken by the loop thread. */
  private final Queue<ByteBuffer> plain = new ConcurrentLinkedQueue<>();
  private volatile long queued;
  private volatile boolean flushScheduled;
  private volatile boolean closeWhenFlushed;

  // Loop thread only.
  /** The start of a record that has not all arrived; null while none waits. */
  private ByteBuffer partial;
  /** What {@code partial} holds of the budget. */
  private int partialTaken;
  private boolean handshaken;
  private HandshakeObserver observer = HandshakeObserver.NONE;
  /** When the handshake began, by the loop's clock; 0 until it has, -1 once it failed. */
  private long handshakeStart;
  /** We sent close_notify or closed TCP: the end that follows is no truncation. */
  private boolean closing;
  private boolean peerSentCloseNotify;
  private boolean ended;
  /** The network drained while plain text still waited here: the drain is told later. */
  private boolean drainOwed;
  /**
   * The engine's delegated tasks run on a handshake thread: reading stops meanwhile, so what
   * waits in {@code partial} is at most one read, whatever a peer sends.
   */
  private boolean tasksRunning;
  /** Whether the engine above wants to read ({@link #setReading}), tasks aside. */
  private boolean readingWanted = true;

  /**
   * A TLS layer for {@code engine}, whose client or server mode is already set. Give it its
   * TCP transport with {@link #over} before that transport reads anything.
   */
  public TlsTransport(Loop loop, SSLEngine engine, Handler handler) {
    this(loop, engine, MemoryBudget.UNLIMITED, handler);
  }

  /**
   * As {@link #TlsTransport(Loop, SSLEngine, Handler)}, with the partial record kept between
   * reads taken from {@code budget}.
   */
  public TlsTransport(Loop loop, SSLEngine engine, MemoryBudget budget, Handler handler) {
    this.loop = loop;
    this.engine = engine;
    this.budget = budget;
    this.handler = handler;
    if (!engine.getUseClientMode()) {
      // Now, so the engine reports a handshake under way from the first byte: before it
      // begins, its status is NOT_HANDSHAKING, which would read as "done".
      try {
        engine.beginHandshake();
      } catch (SSLException e) {
        throw new IllegalStateException("a new server engine would not begin", e);
      }
    }
  }

  /** Who hears how the handshake ends; set before the transport reads anything. */
  public void observe(HandshakeObserver observer) {
    this.observer = observer;
  }

  /** The transport the records go through; this layer is that transport's handler. */
  public void over(Transport net) {
    this.net = net;
  }

  @Override
  public void handler(Handler handler) {
    this.handler = handler;
  }

  // ---- what the engine above writes (any thread) ----

  @Override
  public void write(ByteBuffer buf) {
    QUEUED.getAndAdd(this, (long) buf.remaining());
    plain.add(buf);
    requestFlush();
  }

  @Override
  public void closeAfterWrites() {
    closeWhenFlushed = true;
    requestFlush();
  }

  @Override
  public void close() {
    loop.runInLoop(() -> {
      closing = true;
      net.close();
    });
  }

  @Override
  public void setReading(boolean on) {
    loop.runInLoop(() -> {
      readingWanted = on;
      net.setReading(on && !tasksRunning);
    });
  }

  @Override
  public long queuedBytes() {
    return queued + net.queuedBytes();
  }

  @Override
  public boolean isWaitingForPeer() {
    return net.isWaitingForPeer();
  }

  @Override
  public boolean isClosed() {
    return net.isClosed();
  }

  @Override
  public InetSocketAddress remoteAddress() {
    return net.remoteAddress();
  }

  @Override
  public List<X509Certificate> peerCertificates() {
    try {
      List<X509Certificate> chain = new ArrayList<>();
      for (Certificate c : engine.getSession().getPeerCertificates()) {
        chain.add((X509Certificate) c);
      }
      return chain;
    } catch (SSLPeerUnverifiedException none) {
      return List.of();
    }
  }

  private void requestFlush() {
    if (FLUSH_SCHEDULED.compareAndSet(this, false, true)) {
      loop.execute(() -> {
        flushScheduled = false;
        flush();
      });
    }
  }

  // ---- what the TCP transport reports (loop thread) ----

  @Override
  public void onConnected() {
    handshakeBegins();
    try {
      engine.beginHandshake();
    } catch (SSLException e) {
      fail(e);
      return;
    }
    wrapHandshake();
  }

  @Override
  public void onRead(ByteBuffer data) {
    if (!handshaken) {
      handshakeBegins();
    }
    ByteBuffer in = data;
    if (partial != null) {
      in = ByteBuffer.allocate(partial.remaining() + data.remaining()).put(partial).put(data)
          .flip();
      dropPartial();
    }
    if (!tasksRunning) {
      unwrap(in);
    }
    if (in.hasRemaining() && !ended) {
      keepPartial(in);
    }
  }

  /** Keeps the rest of {@code in} for the next read, if the budget has room for it. */
  private void keepPartial(ByteBuffer in) {
    int size = in.remaining();
    if (!budget.take(size)) {
      fail(new SSLException("a partial TLS record of " + size
          + " bytes would pass the server's receive budget"));
      return;
    }
    partialTaken = size;
    partial = ByteBuffer.allocate(size).put(in).flip();
  }

  private void dropPartial() {
    partial = null;
    budget.give(partialTaken);
    partialTaken = 0;
  }

  @Override
  public void onDrained() {
    if (plain.isEmpty()) {
      handler.onDrained();
    } else {
      drainOwed = true; // told once what waits here has followed
    }
  }

  @Override
  public void onClosed(Exception cause) {
    if (ended) {
      return;
    }
    ended = true;
    dropPartial();
    engine.closeOutbound();
    handshakeFailed(cause == null ? "the peer closed the connection" : cause.getMessage(),
        true);
    if (cause == null && handshaken && !closing && !peerSentCloseNotify) {
      cause = new SSLException("the peer closed the connection without a TLS close_notify");
    }
    handler.onClosed(cause);
  }

  // ---- the engine ----

  private void unwrap(ByteBuffer in) {
    Scratch scratch = Scratch.of(engine);
    int stalls = 0;
    while (!ended) {
      SSLEngineResult result;
      try {
        result = engine.unwrap(in, scratch.app);
      } catch (SSLException e) {
        fail(e);
        return;
      }
      if (scratch.app.position() > 0) {
        scratch.app.flip();
        handler.onRead(scratch.app);
        scratch.app.clear();
      }
      if (result.getStatus() == Status.BUFFER_OVERFLOW) {
        scratch.growApp(engine.getSession().getApplicationBufferSize());
        continue;
      }
      if (result.getStatus() == Status.CLOSED) {
        peerClosed();
        return;
      }
      if (!afterHandshakeStep(result.getHandshakeStatus()) || tasksRunning) {
        return; // what is left of the read waits in partial for the tasks
      }
      if (result.getStatus() == Status.BUFFER_UNDERFLOW || !in.hasRemaining()) {
        return;
      }
      boolean moved = result.bytesConsumed() > 0 || result.bytesProduced() > 0;
      stalls = moved ? 0 : stalls + 1;
      if (stalls > 2) {
        return; // the engine takes nothing more now; what is left waits for the next read
      }
    }
  }

  /**
   * Does what the engine needs after an unwrap or a wrap: its tasks, its handshake messages,
   * and on the handshake's end what waited for it. False when the connection failed.
   */
  private boolean afterHandshakeStep(HandshakeStatus status) {
    if (handshaken && status != HandshakeStatus.NOT_HANDSHAKING
        && status != HandshakeStatus.FINISHED && isRenegotiation()) {
      fail(new SSLException("the peer asked for a TLS renegotiation, which Ippo refuses"));
      return false;
    }
    if (status == HandshakeStatus.NEED_TASK) {
      startTasks();
      return true;
    }
    HandshakeStatus s = status;
    if (s == HandshakeStatus.NEED_WRAP) {
      wrapHandshake();
      s = ended ? HandshakeStatus.NOT_HANDSHAKING : engine.getHandshakeStatus();
    }
    if (ended) {
      return false;
    }
    if (!handshaken && (status == HandshakeStatus.FINISHED
        || s == HandshakeStatus.NOT_HANDSHAKING)) {
      handshaken = true;
      observer.finished(engine.getSession(), loop.nowNanos() - handshakeStart, net);
      if (engine.getUseClientMode()) {
        handler.onConnected();
      }
      flush();
    }
    return !ended;
  }

  /**
   * Whether a handshake after the first is a TLS 1.2 renegotiation, which a server has no
   * use for and which costs it a full handshake each time a peer asks (CVE-2011-1473); TLS
   * 1.3 has none, and its post-handshake messages (tickets, key updates) go on.
   */
  private boolean isRenegotiation() {
    return "TLSv1.2".equals(engine.getSession().getProtocol());
  }

  /**
   * Hands the engine's delegated tasks (key agreement, signatures, certificate checks: the
   * costly part of a handshake) to the handshake threads, so that a flood of handshakes
   * waits for them and not the loop's established connections; the handshake goes on here
   * when they are done.
   */
  private void startTasks() {
    tasksRunning = true;
    net.setReading(false);
    List<Runnable> tasks = new ArrayList<>(2);
    for (Runnable task; (task = engine.getDelegatedTask()) != null; ) {
      tasks.add(task);
    }
    HandshakeThreads.POOL.execute(() -> {
      try {
        tasks.forEach(Runnable::run);
      } finally {
        loop.execute(this::tasksDone);
      }
    });
  }

  /** Back on the loop: the handshake's next step, then what was read in the meantime. */
  private void tasksDone() {
    tasksRunning = false;
    if (ended) {
      return;
    }
    net.setReading(readingWanted);
    if (!afterHandshakeStep(engine.getHandshakeStatus()) || tasksRunning) {
      return;
    }
    if (partial != null) {
      ByteBuffer waiting = partial;
      dropPartial();
      onRead(waiting);
    }
  }

  /**
   * The threads that do the TLS handshakes' delegated tasks for every loop: as many as there
   * are cores, daemons, started on first use. Their queue holds at most what the servers'
   * bound on handshakes in progress lets in.
   */
  private static final class HandshakeThreads {
    static final ExecutorService POOL;

    static {
      int n = Runtime.getRuntime().availableProcessors();
      ThreadPoolExecutor pool = new ThreadPoolExecutor(n, n, 30, TimeUnit.SECONDS,
          new LinkedBlockingQueue<>(), r -> {
            Thread t = new Thread(r, "ippo-tls-handshake");
            t.setDaemon(true);
            return t;
          });
      pool.allowCoreThreadTimeOut(true);
      POOL = pool;
    }

    private HandshakeThreads() {}
  }

  /** Sends what the handshake (or close_notify) needs written, until it needs nothing. */
  private void wrapHandshake() {
    Scratch scratch = Scratch.of(engine);
    while (!ended) {
      scratch.net.clear();
      SSLEngineResult result;
      try {
        result = engine.wrap(EMPTY, scratch.net);
      } catch (SSLException e) {
        fail(e);
        return;
      }
      send(scratch.net);
      if (result.getStatus() == Status.BUFFER_OVERFLOW) {
        scratch.growNet(engine.getSession().getPacketBufferSize());
        continue;
      }
      HandshakeStatus s = result.getHandshakeStatus();
      if (s == HandshakeStatus.NEED_TASK) {
        startTasks();
        return;
      }
      if (s == HandshakeStatus.FINISHED && !handshaken) {
        afterHandshakeStep(s);
        return;
      }
      if (s != HandshakeStatus.NEED_WRAP || result.getStatus() == Status.CLOSED) {
        return;
      }
    }
  }

  /** Wraps the plain text queued, once the handshake is done; then close_notify if asked. */
  private void flush() {
    if (ended || !handshaken) {
      return;
    }
    Scratch scratch = Scratch.of(engine);
    ByteBuffer[] sources = scratch.sources;
    while (!plain.isEmpty() && !ended) {
      int count = 0;
      for (ByteBuffer b : plain) {
        sources[count++] = b;
        if (count == sources.length) {
          break;
        }
      }
      scratch.net.clear();
      SSLEngineResult result;
      try {
        result = engine.wrap(sources, 0, count, scratch.net);
      } catch (SSLException e) {
        fail(e);
        return;
      } finally {
        Arrays.fill(sources, 0, count, null);
      }
      QUEUED.getAndAdd(this, (long) -result.bytesConsumed());
      for (ByteBuffer b; (b = plain.peek()) != null && !b.hasRemaining(); ) {
        plain.poll();
      }
      send(scratch.net);
      if (result.getStatus() == Status.BUFFER_OVERFLOW) {
        scratch.growNet(engine.getSession().getPacketBufferSize());
      } else if (result.getStatus() == Status.CLOSED) {
        return;
      }
    }
    if (drainOwed && plain.isEmpty() && !net.isWaitingForPeer()) {
      drainOwed = false;
      handler.onDrained();
    }
    if (closeWhenFlushed && plain.isEmpty() && !closing) {
      closing = true;
      engine.closeOutbound();
      wrapHandshake();
      net.closeAfterWrites();
    }
  }

  /** The peer's close_notify: ours in answer, then the TCP close. */
  private void peerClosed() {
    peerSentCloseNotify = true;
    if (!closing) {
      closing = true;
      engine.closeOutbound();
      wrapHandshake();
      net.closeAfterWrites();
    }
  }

  /** Hands what {@code scratch} holds (written, not yet flipped) to the network, copied. */
  private void send(ByteBuffer scratch) {
    scratch.flip();
    if (scratch.hasRemaining()) {
      net.write(ByteBuffer.allocate(scratch.remaining()).put(scratch).flip());
    }
  }

  /** A handshake that fails, or records that do not decrypt: the alert, then the end. */
  private void handshakeBegins() {
    if (handshakeStart == 0) {
      handshakeStart = Math.max(1, loop.nowNanos());
    }
  }

  /** Tells the observer of a handshake that began and will never finish. */
  private void handshakeFailed(String why, boolean abandoned) {
    if (!handshaken && handshakeStart > 0) {
      long nanos = loop.nowNanos() - handshakeStart;
      handshakeStart = -1; // told once
      observer.failed(why, abandoned, nanos, net);
    }
  }

  private void fail(SSLException e) {
    if (ended) {
      return;
    }
    closing = true;
    Scratch scratch = Scratch.of(engine);
    try {
      // The alert the engine has for the peer (it keeps one after the exception).
      for (int i = 0; i < 4; i++) {
        scratch.net.clear();
        SSLEngineResult result = engine.wrap(EMPTY, scratch.net);
        send(scratch.net);
        if (result.getStatus() == Status.CLOSED || result.bytesProduced() == 0) {
          break;
        }
      }
    } catch (SSLException ignored) {
      // no alert, then
    }
    engine.closeOutbound();
    net.closeAfterWrites();
    ended = true;
    dropPartial();
    handshakeFailed(e.getMessage(), false);
    handler.onClosed(e);
  }

  /**
   * The buffers one loop thread lends its TLS connections for the length of a wrap or an
   * unwrap: no idle connection holds its own. Loop thread only, as a thread local.
   */
  static final class Scratch {
    private static final ThreadLocal<Scratch> OF_THREAD = new ThreadLocal<>();

    ByteBuffer app;
    ByteBuffer net;
    /** What one wrap gathers: a record holds at most 16 KiB, so a few frames fill it. */
    final ByteBuffer[] sources = new ByteBuffer[16];

    private Scratch(SSLEngine engine) {
      app = ByteBuffer.allocate(engine.getSession().getApplicationBufferSize());
      net = ByteBuffer.allocate(engine.getSession().getPacketBufferSize());
    }

    static Scratch of(SSLEngine engine) {
      Scratch s = OF_THREAD.get();
      if (s == null) {
        s = new Scratch(engine);
        OF_THREAD.set(s);
      }
      return s;
    }

    void growApp(int size) {
      app = ByteBuffer.allocate(Math.max(size, app.capacity() * 2));
    }

    void growNet(int size) {
      net = ByteBuffer.allocate(Math.max(size, net.capacity() * 2));
    }
  }
}
