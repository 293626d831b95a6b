package dev.ippo.internal.transport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;
import java.nio.channels.CancelledKeyException;
import java.nio.channels.SelectableChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.ArrayDeque;
import java.util.PriorityQueue;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * One thread with one {@link Selector}: it does the I/O of the channels registered with it,
 * runs tasks handed to it from other threads, and fires timers.
 *
 * <p>Thread safe: {@link #execute}, {@link #schedule} and {@link #shutdown} may be called
 * from any thread; everything else runs on the loop's own thread. The loop owns one direct
 * read buffer that every connection of the loop reads into in turn, so an idle connection
 * holds no buffer of its own.
 */
public final class EventLoop implements Loop {
  private static final System.Logger LOG = System.getLogger(EventLoop.class.getName());
  /** Big enough for a 64 KiB frame in one read, small enough to stay in cache. */
  static final int READ_BUFFER_SIZE = 64 * 1024;
  /** What one write hands the kernel at most. */
  static final int WRITE_BUFFER_SIZE = 256 * 1024;

  private final Selector selector;
  private final Thread thread;
  private volatile Object attachment;
  private final Queue<Runnable> tasks = new ConcurrentLinkedQueue<>();
  /** True while the thread may be blocked in select: only then does a new task wake it. */
  private final AtomicBoolean wakeupNeeded = new AtomicBoolean();
  private final PriorityQueue<Timer> timers = new PriorityQueue<>();
  private final ByteBuffer readBuffer = ByteBuffer.allocateDirect(READ_BUFFER_SIZE);
  /** Connections with writes queued during this turn: flushed once each before selecting. */
  private final ArrayDeque<SocketConnection> toFlush = new ArrayDeque<>();
  /**
   * Where the loop's connections stage what they write, so that none holds a buffer of its
   * own and the JDK makes no temporary copies. A write copies no more than this, however much
   * is queued, and a few of them fill a socket's send buffer.
   */
  final ByteBuffer writeBuffer = ByteBuffer.allocateDirect(WRITE_BUFFER_SIZE);
  /** A connection's buffers while it flushes, empty in between; see SocketConnection#out. */
  final ArrayDeque<ByteBuffer> scratchOut = new ArrayDeque<>();
  private final Consumer<SelectionKey> dispatcher = this::dispatch;
  private final CountDownLatch terminated = new CountDownLatch(1);
  private volatile boolean shuttingDown;

  EventLoop(String name, boolean daemon) {
    try {
      this.selector = Selector.open();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open a selector", e);
    }
    this.thread = new Thread(this::run, name);
    thread.setDaemon(daemon);
    thread.start();
  }

  @Override
  public boolean inLoop() {
    return Thread.currentThread() == thread;
  }

  @Override
  public Object attachment() {
    return attachment;
  }

  /** Keeps {@code attachment} for the engine: see {@link Loop#attachment()}. */
  public void attach(Object attachment) {
    this.attachment = attachment;
  }

  @Override
  public void execute(Runnable task) {
    tasks.add(task);
    if (!inLoop() && wakeupNeeded.compareAndSet(true, false)) {
      selector.wakeup();
    }
  }

  @Override
  public Cancellable schedule(Runnable task, long delayMillis) {
    Timer timer = new Timer(System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(delayMillis), task);
    runInLoop(() -> timers.add(timer));
    return timer;
  }

  @Override
  public long nowNanos() {
    return System.nanoTime();
  }

  /** Registers {@code channel} (non-blocking) with this loop's selector. Loop thread only. */
  SelectionKey register(SelectableChannel channel, int ops, Object attachment) throws IOException {
    return channel.register(selector, ops, attachment);
  }

  /** The loop's shared read buffer, cleared. Loop thread only; valid until the next read. */
  ByteBuffer readBuffer() {
    return readBuffer.clear();
  }

  /**
   * Flushes {@code connection} at the end of this turn of the loop, after every ready
   * channel has been handled: all the frames queued for it meanwhile (a broadcast's, or
   * several replies) then leave in one write. Loop thread only.
   */
  void flushAtEndOfTurn(SocketConnection connection) {
    toFlush.add(connection);
  }

  /** Stops the loop after the tasks already handed over; closes every channel still open. */
  public void shutdown() {
    shuttingDown = true;
    selector.wakeup();
  }

  /** Waits for the loop thread to end. */
  public boolean awaitTermination(long timeoutMillis) throws InterruptedException {
    return terminated.await(timeoutMillis, TimeUnit.MILLISECONDS);
  }

  private void run() {
    try {
      while (!shuttingDown) {
        runTasks();
        long timeout = runTimers();
        flushPending();
        wakeupNeeded.set(true);
        // select(Consumer) hands over each ready key without the selected-key set's churn.
        if (!tasks.isEmpty()) {
          wakeupNeeded.set(false);
          selector.selectNow(dispatcher);
        } else if (timeout < 0) {
          selector.select(dispatcher);
        } else {
          selector.select(dispatcher, Math.max(1, timeout));
        }
        wakeupNeeded.set(false);
      }
      runTasks();
      flushPending();
    } catch (Throwable t) {
      LOG.log(Level.ERROR, "event loop " + thread.getName() + " died", t);
    } finally {
      closeAll();
      terminated.countDown();
    }
  }

  private void dispatch(SelectionKey key) {
    if (wakeupNeeded.get()) {
      wakeupNeeded.set(false); // awake now: tasks handed over meanwhile need no wakeup
    }
    Object attachment = key.attachment();
    try {
      if (attachment instanceof Selectable s) {
        s.onReady(key);
      }
    } catch (CancelledKeyException e) {
      // the channel was closed by an earlier event of this round
    } catch (RuntimeException | Error e) {
      // A failure of one connection's code ends that connection, never the loop.
      LOG.log(Level.WARNING, "unexpected error on " + attachment, e);
      if (attachment instanceof Selectable s) {
        s.abort(e instanceof Exception ex ? ex : new RuntimeException(e));
      }
    }
  }

  private void flushPending() {
    for (SocketConnection c; (c = toFlush.poll()) != null; ) {
      try {
        c.flushQueued();
      } catch (RuntimeException | Error e) {
        LOG.log(Level.WARNING, "unexpected error on " + c, e);
        c.abort(e instanceof Exception ex ? ex : new RuntimeException(e));
      }
    }
  }

  private void runTasks() {
    for (Runnable task; (task = tasks.poll()) != null; ) {
      try {
        task.run();
      } catch (RuntimeException | Error e) {
        LOG.log(Level.WARNING, "task failed on " + thread.getName(), e);
      }
    }
  }

  /** Fires due timers; returns milliseconds until the next one, or -1 when none. */
  private long runTimers() {
    long now = System.nanoTime();
    Timer next;
    while ((next = timers.peek()) != null) {
      Runnable task = next.task;
      if (task == null) {
        timers.poll();
        continue;
      }
      long wait = next.deadline - now;
      if (wait > 0) {
        return TimeUnit.NANOSECONDS.toMillis(wait) + 1;
      }
      timers.poll();
      try {
        task.run();
      } catch (RuntimeException | Error e) {
        LOG.log(Level.WARNING, "timer failed on " + thread.getName(), e);
      }
    }
    return -1;
  }

  private void closeAll() {
    for (SelectionKey key : selector.keys()) {
      Object attachment = key.attachment();
      if (attachment instanceof Selectable s) {
        s.abort(new IOException("event loop shut down"));
      } else {
        try {
          key.channel().close();
        } catch (IOException ignored) {
          // nothing left to do with it
        }
      }
    }
    try {
      selector.close();
    } catch (IOException ignored) {
      // the loop is over
    }
  }

  /** Something registered with a loop. */
  interface Selectable {
    /** The key is ready for some of its interest ops. */
    void onReady(SelectionKey key);

    /** Drop everything: the loop is going away or the handler failed. */
    void abort(Exception cause);
  }

  private static final class Timer implements Comparable<Timer>, Cancellable {
    final long deadline;
    /** Null once cancelled: a cancelled timer waits in the queue until its deadline, and
     * must not keep what its task holds (a whole handshake's state) alive that long. */
    volatile Runnable task;

    Timer(long deadline, Runnable task) {
      this.deadline = deadline;
      this.task = task;
    }

    @Override
    public void cancel() {
      task = null;
    }

    @Override
    public int compareTo(Timer o) {
      return Long.compare(deadline, o.deadline);
    }
  }
}
