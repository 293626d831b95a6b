package dev.ippo.internal.transport;

import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * A non-blocking TCP connection on one {@link EventLoop}: reads go to a {@link Handler},
 * writes queue up and leave with gathering writes. It knows sockets, not WebSocket rules.
 *
 * <p>Thread safety: {@link #write}, {@link #writeUrgent}, {@link #close},
 * {@link #closeAfterWrites}, {@link #queuedBytes} and {@link #setReading} may be called from
 * any thread; the handler is always called on the loop thread. Writes from the loop thread
 * leave at the end of the loop's turn, all of a turn's in one gathering write (a broadcast's
 * frames, replies to several messages read at once); writes from other threads wake the loop
 * once for any number of them.
 */
public final class SocketConnection implements EventLoop.Selectable {
  /** How many buffers one gathering write takes at most. */
  static final int MAX_GATHER = 64;

  /** What the connection reports, always on its loop thread. */
  public interface Handler {
    /** The TCP connection is up (client side; accepted connections start up). */
    default void onConnected() {}

    /** Bytes arrived; take them all, the buffer is reused after the call. */
    void onRead(ByteBuffer data);

    /** The write queue ran empty after writes had to wait for the peer. */
    default void onDrained() {}

    /** The socket is closed, once: null cause for an orderly end (ours or the peer's EOF). */
    void onClosed(Exception cause);
  }

  private final EventLoop loop;
  private final SocketChannel channel;
  private volatile Handler handler;
  private SelectionKey key;

  // Atomics as plain fields with VarHandles, and queues made on first use: a server holds
  // one of these per idle connection, so every object left out counts.
  private static final VarHandle QUEUED;
  private static final VarHandle FLUSH_SCHEDULED;
  private static final VarHandle URGENT;

  static {
    try {
      MethodHandles.Lookup lookup = MethodHandles.lookup();
      QUEUED = lookup.findVarHandle(SocketConnection.class, "queued", long.class);
      FLUSH_SCHEDULED = lookup.findVarHandle(SocketConnection.class, "flushScheduled", boolean.class);
      URGENT = lookup.findVarHandle(SocketConnection.class, "urgent", Queue.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private final Queue<ByteBuffer> data = new ConcurrentLinkedQueue<>();
  /** Control frames that jump the data queue; null until the first. */
  private volatile Queue<ByteBuffer> urgent;
  private volatile long queued;
  private volatile boolean flushScheduled;
  /**
   * Loop thread only: buffers taken from the queues that the socket would not take yet, in
   * order; null while none wait. A flush that writes everything uses the loop's scratch.
   */
  private ArrayDeque<ByteBuffer> out;
  /** Loop thread only: whether this connection waits in its loop's end-of-turn flush. */
  private boolean flushQueued;
  private boolean headStarted;
  private boolean waitingForWritable;
  private volatile boolean closeWhenFlushed;
  private volatile boolean closed;
  private boolean reading = true;
  private InetSocketAddress remote;

  private SocketConnection(EventLoop loop, SocketChannel channel, Handler handler) {
    this.loop = loop;
    this.channel = channel;
    this.handler = handler;
  }

  /**
   * Wraps an accepted (connected) channel; nothing happens until {@link #start}, so the
   * handler can learn of its connection first.
   */
  public static SocketConnection accepted(EventLoop loop, SocketChannel channel, Handler handler) {
    return new SocketConnection(loop, channel, handler);
  }

  /**
   * Registers an accepted channel with its loop; then {@code initialBytes} (may be null),
   * bytes already read from it by other code, go to the handler as if just read.
   */
  public void start(ByteBuffer initialBytes) {
    loop.execute(() -> registerAccepted(initialBytes));
  }

  /** Opens a connection to {@code address}; the handler hears onConnected or onClosed. */
  public static SocketConnection connect(
      EventLoop loop, InetSocketAddress address, Handler handler) throws IOException {
    SocketChannel channel = SocketChannel.open();
    SocketConnection c = new SocketConnection(loop, channel, handler);
    loop.execute(() -> c.startConnect(address));
    return c;
  }

  public EventLoop loop() {
    return loop;
  }

  /** Replaces the handler (after a handshake, say). Loop thread. */
  public void handler(Handler handler) {
    this.handler = handler;
  }

  /** The peer's address, or null if not known. */
  public InetSocketAddress remoteAddress() {
    if (remote == null) {
      try {
        remote = (InetSocketAddress) channel.getRemoteAddress();
      } catch (IOException | RuntimeException e) {
        return null;
      }
    }
    return remote;
  }

  /** Bytes handed to {@link #write}/{@link #writeUrgent} and not yet given to the socket. */
  public long queuedBytes() {
    return queued;
  }

  public boolean isClosed() {
    return closed;
  }

  /** Queues {@code buf} (from its position to its limit) after everything queued before. */
  public void write(ByteBuffer buf) {
    QUEUED.getAndAdd(this, (long) buf.remaining());
    data.add(buf);
    requestFlush();
  }

  /**
   * Queues {@code buf} ahead of queued data, at the next frame boundary: for pongs and the
   * like. Each buffer must be one whole frame, as must each of {@link #write}.
   */
  public void writeUrgent(ByteBuffer buf) {
    QUEUED.getAndAdd(this, (long) buf.remaining());
    Queue<ByteBuffer> q = urgent;
    if (q == null) {
      URGENT.compareAndSet(this, null, new ConcurrentLinkedQueue<ByteBuffer>());
      q = urgent;
    }
    q.add(buf);
    requestFlush();
  }

  /** Stops or restarts reading from the socket. */
  public void setReading(boolean on) {
    inLoop(() -> {
      reading = on;
      updateInterest();
    });
  }

  /** Closes the socket once everything queued is written. */
  public void closeAfterWrites() {
    closeWhenFlushed = true;
    requestFlush();
  }

  /** Closes the socket now, dropping what is queued. */
  public void close() {
    inLoop(() -> closeNow(null));
  }

  @Override
  public void abort(Exception cause) {
    closeNow(cause);
  }

  @Override
  public void onReady(SelectionKey key) {
    int ready = key.readyOps();
    if ((ready & SelectionKey.OP_CONNECT) != 0) {
      finishConnect();
      return;
    }
    if ((ready & SelectionKey.OP_WRITE) != 0) {
      flush();
    }
    if ((ready & SelectionKey.OP_READ) != 0 && !closed) {
      read();
    }
  }

  private void registerAccepted(ByteBuffer initialBytes) {
    try {
      channel.configureBlocking(false);
      channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
      key = loop.register(channel, SelectionKey.OP_READ, this);
    } catch (IOException | RuntimeException e) {
      closeNow(e);
      return;
    }
    if (initialBytes != null && initialBytes.hasRemaining()) {
      handler.onRead(initialBytes);
    }
  }

  private void startConnect(InetSocketAddress address) {
    try {
      channel.configureBlocking(false);
      channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
      if (channel.connect(address)) {
        key = loop.register(channel, SelectionKey.OP_READ, this);
        handler.onConnected();
      } else {
        key = loop.register(channel, SelectionKey.OP_CONNECT, this);
      }
    } catch (IOException | RuntimeException e) {
      closeNow(e);
    }
  }

  private void finishConnect() {
    try {
      channel.finishConnect();
    } catch (IOException e) {
      closeNow(e);
      return;
    }
    updateInterest();
    handler.onConnected();
    requestFlush();
  }

  private void read() {
    ByteBuffer buf = loop.readBuffer();
    int n;
    try {
      n = channel.read(buf);
    } catch (IOException e) {
      closeNow(e);
      return;
    }
    if (n < 0) {
      closeNow(null);
      return;
    }
    if (n > 0) {
      buf.flip();
      handler.onRead(buf);
    }
  }

  private void requestFlush() {
    if (loop.inLoop()) {
      if (!flushQueued) {
        flushQueued = true;
        loop.flushAtEndOfTurn(this);
      }
    } else if (FLUSH_SCHEDULED.compareAndSet(this, false, true)) {
      loop.execute(() -> {
        flushScheduled = false;
        flush();
      });
    }
  }

  /** The loop's end-of-turn flush. */
  void flushQueued() {
    flushQueued = false;
    flush();
  }

  private void flush() {
    if (closed || key == null || !channel.isConnected()) {
      return;
    }
    ArrayDeque<ByteBuffer> pending = out != null ? out : loop.scratchOut;
    ByteBuffer[] gather = loop.gather;
    int[] gatherStarts = loop.gatherStarts;
    IOException failure = null;
    try {
      takeQueued(pending);
      while (!pending.isEmpty()) {
        int count = 0;
        long offered = 0;
        for (ByteBuffer b : pending) {
          gatherStarts[count] = b.position();
          gather[count++] = b;
          offered += b.remaining();
          if (count == MAX_GATHER) {
            break;
          }
        }
        long written = channel.write(gather, 0, count);
        QUEUED.getAndAdd(this, -written);
        int done = 0;
        while (done < count && !gather[done].hasRemaining()) {
          pending.pollFirst();
          headStarted = false;
          done++;
        }
        boolean cutShort = written < offered;
        if (cutShort && gather[done].position() != gatherStarts[done]) {
          headStarted = true;
        }
        Arrays.fill(gather, 0, count, null);
        if (cutShort) {
          // The socket is full; a frame cut short must be finished before any other.
          if (out == null) {
            out = new ArrayDeque<>(pending);
          }
          waitingForWritable = true;
          updateInterest();
          return;
        }
        takeQueued(pending);
      }
      out = null; // all written: an idle connection keeps no queue
    } catch (IOException e) {
      failure = e;
    } finally {
      loop.scratchOut.clear();
    }
    if (failure != null) {
      closeNow(failure); // after the scratch is clear: onClosed may run other code
      return;
    }
    boolean wasWaiting = waitingForWritable;
    waitingForWritable = false;
    updateInterest();
    if (closeWhenFlushed) {
      closeNow(null);
    } else if (wasWaiting) {
      handler.onDrained();
    }
  }

  /** Moves queued buffers into {@code pending}: urgent ones first, after a half-written one. */
  private void takeQueued(ArrayDeque<ByteBuffer> pending) {
    Queue<ByteBuffer> q = urgent;
    if (q != null && !q.isEmpty()) {
      ByteBuffer started = headStarted ? pending.pollFirst() : null;
      ArrayDeque<ByteBuffer> front = new ArrayDeque<>();
      for (ByteBuffer b; (b = q.poll()) != null; ) {
        front.add(b);
      }
      while (!front.isEmpty()) {
        pending.addFirst(front.pollLast());
      }
      if (started != null) {
        pending.addFirst(started);
      }
    }
    for (ByteBuffer b; (b = data.poll()) != null; ) {
      pending.add(b);
    }
  }

  private void updateInterest() {
    if (key == null || !key.isValid()) {
      return;
    }
    int ops = (reading ? SelectionKey.OP_READ : 0) | (waitingForWritable ? SelectionKey.OP_WRITE : 0);
    if (key.interestOps() != ops) {
      key.interestOps(ops);
    }
  }

  private void closeNow(Exception cause) {
    if (closed) {
      return;
    }
    closed = true;
    if (key != null) {
      key.cancel();
    }
    try {
      channel.close();
    } catch (IOException ignored) {
      // closing anyway
    }
    out = null;
    data.clear();
    Queue<ByteBuffer> q = urgent;
    if (q != null) {
      q.clear();
    }
    handler.onClosed(cause);
  }

  private void inLoop(Runnable action) {
    if (loop.inLoop()) {
      action.run();
    } else {
      loop.execute(action);
    }
  }

  @Override
  public String toString() {
    return "SocketConnection[" + remoteAddress() + "]";
  }
}
