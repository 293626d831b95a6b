package dev.ippo.internal.transport;

import dev.ippo.internal.fault.Fatal;
import dev.ippo.internal.fault.SafeLogger;
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
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Supplier;

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
  private static final System.Logger LOG = SafeLogger.get(EventLoop.class.getName());
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
  /** What ended the loop, or null while it runs or after a shutdown. */
  private volatile Throwable failure;
  private volatile Consumer<Throwable> onEnded;
  private volatile BiConsumer<String, Throwable> onUnexpected;

  EventLoop(String name, boolean daemon) {
    JdkWarmup.once();
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

  /**
   * Whether the loop ended by a failure ({@link Fatal}): then it runs nothing more, and no
   * new work may be handed to it.
   */
  public boolean hasEnded() {
    return failure != null;
  }

  /**
   * Tells {@code watcher}, on the loop thread as it ends, when the loop ends by a failure;
   * after the line on standard error, before its connections close.
   */
  public void whenEnded(Consumer<Throwable> watcher) {
    this.onEnded = watcher;
  }

  /**
   * Hands each unexpected failure (of a connection's code, a task or a timer: what it cost,
   * and what was thrown) to {@code reporter} instead of logging it whole, on the loop thread,
   * so that a server can sum a flood of them up.
   */
  public void whenUnexpected(BiConsumer<String, Throwable> reporter) {
    this.onUnexpected = reporter;
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
    Throwable fatal = null;
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
      // Only a fatal error (Fatal) or the selector's own failure gets here.
      fatal = t;
      ended(t);
    } finally {
      closeAll(fatal);
      terminated.countDown();
    }
  }

  /**
   * The loop ends by a failure: it says so on standard error first, which needs neither the
   * logging system nor a free descriptor, then to whoever watches it.
   */
  private void ended(Throwable cause) {
    failure = cause;
    try {
      System.err.println("ippo: event loop " + thread.getName() + " ended, its connections"
          + " close: " + cause);
      cause.printStackTrace();
    } catch (Throwable ignored) {
      // standard error is gone too; the watcher below may still tell
    }
    Consumer<Throwable> watcher = onEnded;
    if (watcher != null) {
      try {
        watcher.accept(cause);
      } catch (Throwable t) {
        Fatal.rethrowIfFatal(t);
      }
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
    } catch (Throwable t) {
      failed(attachment instanceof Selectable s ? s : null, t);
    }
  }

  /**
   * A failure of one connection's code ends that connection, never the loop, whatever it
   * is, but {@link Fatal} errors. Nothing here may throw: not the log call (see
   * {@link SafeLogger}), not the connection's {@code toString}, not its abort.
   */
  private void failed(Selectable what, Throwable t) {
    unexpected(() -> "ended " + what, t);
    try {
      if (what != null) {
        what.abort(t instanceof Exception e ? e : new RuntimeException(t));
      }
    } catch (Throwable again) {
      Fatal.rethrowIfFatal(again);
    }
  }

  private void flushPending() {
    for (SocketConnection c; (c = toFlush.poll()) != null; ) {
      try {
        c.flushQueued();
      } catch (Throwable t) {
        failed(c, t);
      }
    }
  }

  private void runTasks() {
    for (Runnable task; (task = tasks.poll()) != null; ) {
      try {
        task.run();
      } catch (Throwable t) {
        unexpected(() -> "a task failed", t);
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
      } catch (Throwable t) {
        unexpected(() -> "a timer failed", t);
      }
    }
    return -1;
  }

  /** Tells of an unexpected failure; throws only a {@link Fatal} one. */
  private void unexpected(Supplier<String> what, Throwable t) {
    Fatal.rethrowIfFatal(t);
    try {
      String line = "unexpected error on " + thread.getName() + ", " + what.get() + ": " + t;
      BiConsumer<String, Throwable> reporter = onUnexpected;
      if (reporter != null) {
        reporter.accept(line, t);
      } else {
        LOG.log(Level.WARNING, line, t);
      }
    } catch (Throwable again) {
      Fatal.rethrowIfFatal(again);
    }
  }

  /**
   * Ends what is still registered: at shutdown ({@code fatal} null) everything closes; when
   * the loop ended by a failure, each registered thing hears {@link Selectable#loopEnded},
   * so a listener can move to a loop that runs.
   */
  private void closeAll(Throwable fatal) {
    for (SelectionKey key : selector.keys()) {
      Object attachment = key.attachment();
      try {
        if (attachment instanceof Selectable s) {
          if (fatal == null) {
            s.abort(new IOException("event loop shut down"));
          } else {
            s.loopEnded(fatal);
          }
        } else {
          key.channel().close();
        }
      } catch (Throwable ignored) {
        // the loop is over; each of the others must still close
      }
    }
    try {
      selector.close();
    } catch (Throwable ignored) {
      // the loop is over
    }
  }

  /** The loop's thread's name. */
  @Override
  public String toString() {
    return thread.getName();
  }

  /** Something registered with a loop. */
  interface Selectable {
    /** The key is ready for some of its interest ops. */
    void onReady(SelectionKey key);

    /** Drop everything: the loop is going away or the handler failed. */
    void abort(Exception cause);

    /** The loop ended by a failure ({@link Fatal}): by default, drop everything. */
    default void loopEnded(Throwable cause) {
      abort(new IOException("event loop " + Thread.currentThread().getName() + " ended: "
          + cause, cause));
    }
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
