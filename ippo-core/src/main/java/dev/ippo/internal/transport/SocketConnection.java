package dev.ippo.internal.transport;

import dev.ippo.internal.fault.Fatal;
import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.util.ArrayDeque;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * A non-blocking TCP connection on one {@link EventLoop}, the {@link Transport} of a plain
 * {@code ws://} connection: reads go to a {@link Transport.Handler}, writes queue up and leave
 * through the loop's direct write buffer. It knows sockets, not WebSocket rules.
 *
 * <p>Thread safety: as {@link Transport} says; the handler is always called on the loop
 * thread. Writes from the loop thread
 * leave at the end of the loop's turn, all of a turn's in one write (a broadcast's frames,
 * replies to several messages read at once); writes from other threads wake the loop once
 * for any number of them.
 */
public final class SocketConnection implements Transport, EventLoop.Selectable {
  private final EventLoop loop;
  private final SocketChannel channel;
  private volatile Handler handler;
  private SelectionKey key;

  // Atomics as plain fields with VarHandles, and queues made on first use: a server holds
  // one of these per idle connection, so every object left out counts.
  private static final VarHandle QUEUED;
  private static final VarHandle FLUSH_SCHEDULED;

  static {
    try {
      MethodHandles.Lookup lookup = MethodHandles.lookup();
      QUEUED = lookup.findVarHandle(SocketConnection.class, "queued", long.class);
      FLUSH_SCHEDULED = lookup.findVarHandle(SocketConnection.class, "flushScheduled", boolean.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private final Queue<ByteBuffer> data = new ConcurrentLinkedQueue<>();
  private volatile long queued;
  private volatile boolean flushScheduled;
  /**
   * Loop thread only: buffers taken from the queues that the socket would not take yet, in
   * order; null while none wait. A flush that writes everything uses the loop's scratch.
   */
  private ArrayDeque<ByteBuffer> out;
  /** Loop thread only: whether this connection waits in its loop's end-of-turn flush. */
  private boolean flushQueued;
  /** Written on the loop thread; read by senders, who judge a slow peer by it. */
  private volatile boolean waitingForWritable;
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

  @Override
  public void handler(Handler handler) {
    this.handler = handler;
  }

  @Override
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

  @Override
  public long queuedBytes() {
    return queued;
  }

  @Override
  public boolean isWaitingForPeer() {
    return waitingForWritable;
  }

  @Override
  public boolean isClosed() {
    return closed;
  }

  @Override
  public void write(ByteBuffer buf) {
    QUEUED.getAndAdd(this, (long) buf.remaining());
    data.add(buf);
    requestFlush();
  }

  @Override
  public void setReading(boolean on) {
    loop.runInLoop(() -> {
      reading = on;
      updateInterest();
    });
  }

  @Override
  public void closeAfterWrites() {
    closeWhenFlushed = true;
    requestFlush();
  }

  @Override
  public void close() {
    loop.runInLoop(() -> closeNow(null));
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
    } catch (Throwable t) {
      // Whatever it is (a JDK class broken for want of a descriptor, say), this connection
      // must close, or its descriptor and its handshake's place would stay taken.
      Fatal.rethrowIfFatal(t);
      closeNow(t instanceof Exception e ? e : new IOException(t));
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
    IOException failure = null;
    try {
      takeQueued(pending);
      while (!pending.isEmpty()) {
        ByteBuffer staged = stage(pending, loop.writeBuffer);
        int offered = staged.remaining();
        int written = channel.write(staged);
        QUEUED.getAndAdd(this, (long) -written);
        consume(pending, written);
        if (written < offered) {
          // The socket is full: the rest waits, in order, until it can take more.
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
    if (wasWaiting) {
      waitingForWritable = false; // a volatile write only when it changes
    }
    updateInterest();
    if (closeWhenFlushed) {
      closeNow(null);
    } else if (wasWaiting) {
      handler.onDrained();
    }
  }

  /**
   * Copies the head of {@code pending} into the loop's direct write buffer, as much as it
   * holds, without moving the buffers: the one copy a heap buffer needs on its way to the
   * kernel. Handing heap buffers to the channel instead makes the JDK copy every one of them
   * into a temporary direct buffer, all that is queued each time the socket can take a
   * little, and keep those buffers per thread, as large as the largest frame written.
   */
  private static ByteBuffer stage(ArrayDeque<ByteBuffer> pending, ByteBuffer staging) {
    staging.clear();
    for (ByteBuffer b : pending) {
      int n = Math.min(b.remaining(), staging.remaining());
      staging.put(staging.position(), b, b.position(), n);
      staging.position(staging.position() + n);
      if (!staging.hasRemaining()) {
        break;
      }
    }
    return staging.flip();
  }

  /** Moves past the {@code written} bytes at the head of {@code pending}, and what is empty. */
  private static void consume(ArrayDeque<ByteBuffer> pending, int written) {
    int left = written;
    for (ByteBuffer b; (b = pending.peekFirst()) != null; pending.pollFirst()) {
      int n = Math.min(b.remaining(), left);
      b.position(b.position() + n);
      left -= n;
      if (b.hasRemaining()) {
        return;
      }
    }
  }

  /** Moves the queued buffers into {@code pending}, after those still waiting there. */
  private void takeQueued(ArrayDeque<ByteBuffer> pending) {
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
    } catch (IOException | RuntimeException | LinkageError ignored) {
      // closing anyway; a LinkageError is a JDK class left broken (see JdkWarmup)
    }
    out = null;
    data.clear();
    handler.onClosed(cause);
  }

  @Override
  public String toString() {
    return "SocketConnection[" + remoteAddress() + "]";
  }
}
