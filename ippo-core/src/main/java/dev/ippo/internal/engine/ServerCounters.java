package dev.ippo.internal.engine;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * What a server's connections count as they go: connections, handshakes, messages and
 * bytes ({@link TrafficCounters}), TLS handshakes ({@link TlsCounters}), slow consumers and
 * heartbeat timeouts. Adders, not locks: a send from any thread and a read on any loop count
 * without waiting for each other, and nothing is allocated per message. Read whole only when
 * someone asks (see {@code WebSocketServer.stats()}).
 *
 * <p>Thread safe.
 */
public final class ServerCounters {
  /** The close codes a connection's close event can carry, in the classes the stats count. */
  public enum CloseClass { NORMAL, GOING_AWAY, PROTOCOL_ERROR, POLICY, TOO_BIG, UNCLEAN, OTHER }

  final LongAdder opened = new LongAdder();
  private final LongAdder[] closed = new LongAdder[CloseClass.values().length];
  final LongAdder handshakesAccepted = new LongAdder();
  final LongAdder handshakesTimedOut = new LongAdder();
  private final Map<Integer, LongAdder> refusedByStatus = new ConcurrentHashMap<>();
  private final TrafficCounters traffic = new TrafficCounters();
  private final TlsCounters tls = new TlsCounters();
  final LongAdder slowConsumerDrops = new LongAdder();
  final LongAdder slowConsumerCloses = new LongAdder();
  final LongAdder heartbeatTimeouts = new LongAdder();
  final LongAdder acceptFailures = new LongAdder();

  public ServerCounters() {
    for (int i = 0; i < closed.length; i++) {
      closed[i] = new LongAdder();
    }
  }

  /** The class of a close event's code (1006 for a connection that ended without one). */
  public static CloseClass classOf(int code) {
    return switch (code) {
      case 1000, 1005 -> CloseClass.NORMAL;
      case 1001 -> CloseClass.GOING_AWAY;
      case 1002, 1003, 1007 -> CloseClass.PROTOCOL_ERROR;
      case 1008 -> CloseClass.POLICY;
      case 1009 -> CloseClass.TOO_BIG;
      case 1006 -> CloseClass.UNCLEAN;
      default -> CloseClass.OTHER;
    };
  }

  void closed(int code) {
    closed[classOf(code).ordinal()].increment();
  }

  void refused(int status) {
    refusedByStatus.computeIfAbsent(status, s -> new LongAdder()).increment();
  }

  /** Messages and bytes, of all the server's connections together. */
  public TrafficCounters traffic() {
    return traffic;
  }

  /** TLS handshakes, when the server serves TLS. */
  public TlsCounters tls() {
    return tls;
  }

  /** Connections that closed with a code of {@code kind}, so far. */
  public long closed(CloseClass kind) {
    return closed[kind.ordinal()].sum();
  }

  /** Refused handshakes by the HTTP status they were answered with, in status order. */
  public Map<Integer, Long> refusedByStatus() {
    return sums(refusedByStatus);
  }

  /** Each adder's sum, by its key, in key order. */
  static <K> Map<K, Long> sums(Map<K, LongAdder> adders) {
    Map<K, Long> counts = new TreeMap<>();
    adders.forEach((key, n) -> counts.put(key, n.sum()));
    return counts;
  }

  public long opened() {
    return opened.sum();
  }

  public long handshakesAccepted() {
    return handshakesAccepted.sum();
  }

  public long handshakesTimedOut() {
    return handshakesTimedOut.sum();
  }

  public long slowConsumerDrops() {
    return slowConsumerDrops.sum();
  }

  public long slowConsumerCloses() {
    return slowConsumerCloses.sum();
  }

  public long acceptFailures() {
    return acceptFailures.sum();
  }

  public long heartbeatTimeouts() {
    return heartbeatTimeouts.sum();
  }
}
