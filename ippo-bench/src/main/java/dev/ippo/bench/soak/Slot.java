package dev.ippo.bench.soak;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.Random;

/**
 * One of the soak's concurrent peers: a thread that lives one connection after another, all
 * of one kind, against one server, until the soak ends. The reaper may end a life that has
 * lasted too long (a server that stopped answering without closing), which counts as a
 * failure.
 *
 * <p>Thread safe where it must be: the slot's own thread does everything but
 * {@link #reapIfOlderThan}, which the reaper calls.
 */
final class Slot implements Runnable {
  /** What one life of a kind of peer does; returns when the server behaved. */
  interface Life {
    void live(Slot slot) throws IOException;
  }

  final int id;
  final Random random;
  final Tally tally;
  private final InetSocketAddress server;
  private final Life life;
  private final Soak.Clock clock;
  private volatile Wire wire;
  private volatile long lifeStartedNanos;
  private volatile boolean reaped;
  private int lifeNumber;

  Slot(int id, Tally tally, InetSocketAddress server, Life life, Soak.Clock clock) {
    this.id = id;
    this.random = new Random(id * 7919L);
    this.tally = tally;
    this.server = server;
    this.life = life;
    this.clock = clock;
  }

  /** Connects and upgrades: the life's connection, which the reaper can see. */
  Wire open(String path, int receiveBuffer) throws IOException {
    return watch(Wire.open(server, path, receiveBuffer, random));
  }

  /** Connects without upgrading. */
  Wire connect() throws IOException {
    return watch(Wire.connect(server, 0, random));
  }

  private Wire watch(Wire w) {
    wire = w;
    return w;
  }

  /** A name unique to this slot's current life, at most 32 characters. */
  String lifeName() {
    return "s" + id + "n" + lifeNumber;
  }

  @Override
  public void run() {
    // Slots start spread over the ramp so that 2000 handshakes do not land at once.
    if (!clock.pause(random.nextInt((int) Soak.RAMP.toMillis() + 1))) {
      return;
    }
    while (clock.running()) {
      lifeNumber++;
      reaped = false;
      lifeStartedNanos = System.nanoTime();
      try {
        life.live(this);
      } catch (IOException | RuntimeException e) {
        // The time and the life's name find what the server logged of it (chat.log, JFR).
        String failure = Instant.now() + " " + lifeName() + ": "
            + (reaped ? "reaped after " + Soak.MAX_LIFE.toSeconds() + " s: " : "")
            + e.getClass().getSimpleName() + ": " + e.getMessage();
        tally.failed(failure);
        System.err.println("soak: " + tally.kind + ": " + failure);
      } finally {
        Wire w = wire;
        wire = null;
        if (w != null) {
          w.close();
        }
      }
      if (!clock.pause(random.nextInt(500))) {
        return;
      }
    }
  }

  /** Resets the connection of a life older than {@code maxNanos}: the reaper's call. */
  void reapIfOlderThan(long maxNanos) {
    Wire w = wire;
    if (w != null && System.nanoTime() - lifeStartedNanos > maxNanos) {
      reaped = true;
      w.reset();
    }
  }

  /** Sleeps, as traffic shaping; false when the soak has ended meanwhile. */
  boolean pause(long millis) {
    return clock.pause(millis);
  }
}
