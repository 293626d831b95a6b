package dev.ippo.internal.engine;

import dev.ippo.internal.codec.MemoryBudget;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What every connection of one server shares: its settings, its topics, and the memory
 * budgets that bound what all of them together hold, of messages being received and of
 * frames waiting for peers that do not read. Thread safe.
 */
public final class ServerContext {
  private final ServerSettings settings;
  private final Topics topics = new Topics();
  private final MemoryBudget receiving;
  private final MemoryBudget sending;
  private final SummaryLog log = SummaryLog.onTheWallClock("dev.ippo.WebSocketServer");
  private final AtomicInteger handshakes = new AtomicInteger();
  private final ServerCounters counters = new ServerCounters();
  /** While the server drains: what its 503s say in Retry-After, in seconds; -1 before. */
  private volatile long drainRetryAfter = -1;

  public ServerContext(ServerSettings settings) {
    this.settings = settings;
    this.receiving = new MemoryBudget(settings.receiveBudget());
    this.sending = new MemoryBudget(settings.sendBudget());
  }

  public ServerSettings settings() {
    return settings;
  }

  public Topics topics() {
    return topics;
  }

  /** Bytes held for messages being received, by every connection's frame reader. */
  public MemoryBudget receiving() {
    return receiving;
  }

  /** Bytes queued for peers that do not read, by every connection. */
  public MemoryBudget sending() {
    return sending;
  }

  /** What the connections count as they go, for the server's stats. */
  public ServerCounters counters() {
    return counters;
  }

  /** Where the events an attack causes by the thousand are logged, summed per interval. */
  public SummaryLog log() {
    return log;
  }

  /**
   * Counts a handshake that begins, unless {@link ServerSettings#MAX_HANDSHAKES} are in
   * progress already; returns whether it may begin. Each that began ends with
   * {@link #handshakeEnded}.
   */
  public boolean handshakeBegins() {
    if (handshakes.incrementAndGet() > ServerSettings.MAX_HANDSHAKES) {
      handshakes.decrementAndGet();
      return false;
    }
    return true;
  }

  public void handshakeEnded() {
    handshakes.decrementAndGet();
  }

  /**
   * The server is shutting down: from now on every request, upgrade or plain HTTP, is
   * answered 503 with {@code Retry-After: seconds}.
   */
  public void drain(long retryAfterSeconds) {
    drainRetryAfter = Math.max(1, retryAfterSeconds);
  }

  /** Whether the server drains; see {@link #drain}. */
  public boolean draining() {
    return drainRetryAfter >= 0;
  }

  /** The Retry-After of a draining server's 503, in seconds. */
  long drainRetryAfter() {
    return drainRetryAfter;
  }

  /** Handshakes in progress now. */
  public int handshakes() {
    return handshakes.get();
  }
}
