package dev.ippo.internal.engine;

import dev.ippo.ReadyState;
import dev.ippo.internal.transport.Loop;
import java.lang.ref.WeakReference;
import java.util.Arrays;
import java.util.Map;
import java.util.WeakHashMap;

/**
 * The heartbeat of every connection of one loop: one scan now and then, not a timer per
 * connection. A connection that has heard nothing from its peer for its {@code pingInterval}
 * sends a ping; one that then hears nothing at all (any frame counts, a pong or not) for its
 * {@code pongTimeout} is ended. What a connection keeps for it is two times and its slot here.
 *
 * <p>Loop thread only, but for {@link #of}, which any thread may call.
 */
final class Heartbeats {
  /** The scan runs this often per shortest interval it serves: it is late by little. */
  private static final int SCANS_PER_INTERVAL = 4;
  private static final Map<Loop, Heartbeats> OF_LOOP = new WeakHashMap<>();
  /** A connection's {@code pingSentAt} while no ping waits for an answer. */
  static final long NO_PING = Long.MIN_VALUE;

  /**
   * Weak, as the map's key: a loop that stopped (its connections ended, so unwatched) leaves
   * the map with its heartbeats.
   */
  private final WeakReference<Loop> loop;
  private Connection[] watched = new Connection[16];
  private int count;
  private long scanEvery = Long.MAX_VALUE;
  private boolean scanning;

  private Heartbeats(Loop loop) {
    this.loop = new WeakReference<>(loop);
  }

  /** The heartbeats of {@code loop}'s connections. */
  static Heartbeats of(Loop loop) {
    synchronized (OF_LOOP) {
      return OF_LOOP.computeIfAbsent(loop, Heartbeats::new);
    }
  }

  /** Watches {@code c}, opened just now, by its settings' interval and timeout. */
  void watch(Connection c) {
    if (count == watched.length) {
      watched = Arrays.copyOf(watched, count * 2);
    }
    c.heartbeatSlot = count;
    watched[count++] = c;
    ConnectionSettings s = c.settings();
    long period = Math.max(1, Math.min(s.pingInterval().toMillis(), s.pongTimeout().toMillis())
        / SCANS_PER_INTERVAL);
    scanEvery = Math.min(scanEvery, period);
    if (!scanning) {
      scanning = true;
      loop.get().schedule(this::scan, scanEvery); // alive: its connection calls
    }
  }

  /** Stops watching {@code c}, which ended: the last one watched takes its slot. */
  void unwatch(Connection c) {
    int slot = c.heartbeatSlot;
    if (slot < 0 || slot >= count || watched[slot] != c) {
      return;
    }
    Connection last = watched[--count];
    watched[slot] = last;
    last.heartbeatSlot = slot;
    watched[count] = null;
    c.heartbeatSlot = -1;
  }

  private void scan() {
    Loop on = loop.get();
    if (on == null) {
      return;
    }
    long now = on.nowNanos();
    // Backwards: a connection ended by the scan leaves its slot to one already scanned.
    for (int i = count - 1; i >= 0; i--) {
      Connection c = watched[i];
      if (c != null) {
        check(c, now);
      }
    }
    if (count == 0) {
      scanning = false;
      scanEvery = Long.MAX_VALUE;
      return;
    }
    on.schedule(this::scan, scanEvery);
  }

  private static void check(Connection c, long now) {
    if (c.readyState() != ReadyState.OPEN) {
      return; // closing: the close timeout watches it now
    }
    if (c.paused) {
      c.lastHeard = now; // its silence counts from when reading resumes
      c.pingSentAt = NO_PING;
      return;
    }
    ConnectionSettings s = c.settings();
    // The last ping's time stays once answered: its pong, when it comes, measures the rtt.
    if (c.pingSentAt != NO_PING && c.lastHeard < c.pingSentAt) {
      if (now - c.pingSentAt >= s.pongTimeout().toNanos()) {
        c.heartbeatTimedOut();
      }
      return;
    }
    if (now - c.lastHeard >= s.pingInterval().toNanos()) {
      c.pingSentAt = now;
      c.heartbeatPing();
    }
  }
}
