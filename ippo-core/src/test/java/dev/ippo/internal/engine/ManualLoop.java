package dev.ippo.internal.engine;

import dev.ippo.internal.transport.Cancellable;
import dev.ippo.internal.transport.Loop;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A {@link Loop} that the test drives: the thread that made it is the loop thread, tasks
 * handed over wait until {@link #runPending}, and time moves only by {@link #advance}. So a
 * close timeout of 30 s passes in no time, and nothing sleeps. Public for the API's tests,
 * which drive a reconnecting client on it.
 */
public final class ManualLoop implements Loop {
  private final Thread owner = Thread.currentThread();
  private final LinkedBlockingQueue<Runnable> tasks = new LinkedBlockingQueue<>();
  private final List<Timer> timers = new ArrayList<>();
  private long now;

  private static final class Timer implements Cancellable {
    final long due;
    Runnable task;

    Timer(long due, Runnable task) {
      this.due = due;
      this.task = task;
    }

    @Override
    public void cancel() {
      task = null;
    }
  }

  @Override
  public boolean inLoop() {
    return Thread.currentThread() == owner;
  }

  @Override
  public void execute(Runnable task) {
    tasks.add(task);
  }

  @Override
  public Cancellable schedule(Runnable task, long delayMillis) {
    Timer timer = new Timer(now + delayMillis, task);
    synchronized (timers) {
      timers.add(timer);
    }
    return timer;
  }

  @Override
  public long nowNanos() {
    return TimeUnit.MILLISECONDS.toNanos(now);
  }

  /** Runs the tasks handed over so far, and those they hand over. */
  public void runPending() {
    for (Runnable task; (task = tasks.poll()) != null; ) {
      task.run();
    }
  }

  /** Waits for a task from another thread (a name look-up, say), then runs all pending. */
  public void awaitTask(long timeoutSeconds) throws InterruptedException {
    Runnable task = tasks.poll(timeoutSeconds, TimeUnit.SECONDS);
    if (task == null) {
      throw new AssertionError("no task came within " + timeoutSeconds + " s");
    }
    task.run();
    runPending();
  }

  /**
   * Moves the clock on, firing the timers that fall due, in order, each at its own time: a
   * timer that a firing one schedules counts from when that one fired.
   */
  public void advance(long millis) {
    long until = now + millis;
    while (true) {
      runPending();
      Timer next = null;
      synchronized (timers) {
        for (Timer t : timers) {
          if (t.due <= until && (next == null || t.due < next.due)) {
            next = t;
          }
        }
        if (next == null) {
          break;
        }
        timers.remove(next);
      }
      now = Math.max(now, next.due);
      Runnable task = next.task;
      if (task != null) {
        task.run();
      }
    }
    now = until;
    runPending();
  }

  /** Timers not cancelled and not yet fired. */
  public int liveTimers() {
    synchronized (timers) {
      return (int) timers.stream().filter(t -> t.task != null).count();
    }
  }
}
