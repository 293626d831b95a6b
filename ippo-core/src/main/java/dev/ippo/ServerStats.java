package dev.ippo;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * What a server has done since it started, and what it holds now: a snapshot that
 * {@link WebSocketServer#stats()} takes when asked. Counting costs the server a few adders
 * per message; nothing is read until a snapshot is taken.
 *
 * <pre>{@code
 * ServerStats s = server.stats();
 * System.out.printf("%d open, %d messages in, %d bytes queued%n",
 *     s.connections().open(), s.traffic().messagesIn(), s.queues().queuedBytes());
 * }</pre>
 *
 * @param connections connections open now, opened so far, and closed by the class of their
 *     close code
 * @param handshakes opening handshakes accepted, refused (by HTTP status) and timed out
 * @param tls TLS handshakes by protocol and result, and their time (all 0 without TLS)
 * @param traffic messages and bytes, each way, of all connections together
 * @param queues what waits for peers now, and what slow peers and dead ones cost so far
 * @param topics topics, their subscribers and what was published, and the broker
 * @param health whether the listener and every event loop still run, and what running out
 *     of file descriptors cost
 * @param loops each event loop's connections and lag, in the order of the loops; empty
 *     before start
 */
public record ServerStats(
    Connections connections, Handshakes handshakes, Tls tls, TrafficStats traffic,
    Queues queues, Topics topics, Health health, List<LoopStats> loops) {

  /**
   * Copies {@code loops}.
   *
   * @param connections connections open, opened and closed
   * @param handshakes opening handshakes
   * @param tls TLS handshakes
   * @param traffic messages and bytes
   * @param queues what waits for peers
   * @param topics topics and the broker
   * @param health the listener and the loops
   * @param loops each event loop's connections and lag
   */
  public ServerStats {
    loops = List.copyOf(loops);
  }

  /**
   * One event loop: whether it runs, its connections, and how late it ran what was due on it
   * (a probe timer every 100 ms) over its last 10 s, the first figure to look at when
   * latency rises. A handler that blocks, a flood of work or a GC pause makes the lag grow;
   * below a millisecond it is the timer's grain.
   *
   * @param running false once the loop ended by an error the JVM cannot survive (see
   *     {@link Health}); its lag then stays as it was last measured
   * @param connections the open connections this loop serves
   * @param lagP50 the median lag
   * @param lagP99 the 99th percentile
   * @param lagMax the largest
   */
  public record LoopStats(boolean running, int connections, Duration lagP50, Duration lagP99,
      Duration lagMax) {}

  /**
   * Whether the server is whole. Nothing a connection does, nor an exception or an error in
   * a handler, ends an event loop or the listening socket; only an error the JVM cannot
   * survive does (a {@link VirtualMachineError} other than {@link OutOfMemoryError} and
   * {@link StackOverflowError}). A loop that ends closes its connections, new connections go
   * to the loops that run, and the listening socket moves to one of them; each such end is
   * told on standard error, logged at ERROR and kept here. Running out of file descriptors
   * ends nothing: accepting pauses for 100 ms at each failure and goes on.
   *
   * @param listening whether the listening socket takes connections: false before start,
   *     after close, with {@code noServer}, and once no loop runs to listen on
   * @param loopsEnded event loops that ended by an error
   * @param acceptFailures times {@code accept} failed (out of file descriptors, typically:
   *     {@code ulimit -n}); the connections waiting meanwhile stay in the kernel's backlog
   * @param failure what ended a loop or the listener first, or null while none did
   */
  public record Health(boolean listening, int loopsEnded, long acceptFailures,
      String failure) {
    /**
     * Whether no loop and no listener ended by an error.
     *
     * @return true while the server is whole
     */
    public boolean ok() {
      return failure == null;
    }
  }

  /**
   * TLS handshakes, on a server that serves TLS: those that finished, by protocol, and those
   * that did not.
   *
   * @param finishedByProtocol finished, by the protocol agreed, in name order: "TLSv1.2" and
   *     "TLSv1.3", each there from 0
   * @param failed refused by the TLS engine: no protocol or cipher in common, a client
   *     certificate not trusted, bytes that are not TLS
   * @param abandoned begun but left by the peer, or timed out, before they finished
   * @param finishedTime the time the finished ones took together, from their first byte to
   *     their last; divided by {@link #finished()} it is their mean
   */
  public record Tls(Map<String, Long> finishedByProtocol, long failed, long abandoned,
      Duration finishedTime) {
    /**
     * Copies {@code finishedByProtocol} into name order.
     *
     * @param finishedByProtocol finished, by protocol
     * @param failed refused by the engine
     * @param abandoned left before the end
     * @param finishedTime the time the finished ones took together
     */
    public Tls {
      finishedByProtocol = java.util.Collections.unmodifiableMap(
          new java.util.TreeMap<>(finishedByProtocol));
    }

    /**
     * All finished handshakes, whatever their protocol.
     *
     * @return the sum of {@link #finishedByProtocol()}
     */
    public long finished() {
      return finishedByProtocol.values().stream().mapToLong(Long::longValue).sum();
    }
  }

  /**
   * Topics ({@link WebSocketServer#publish}), and the broker that relays them between
   * servers.
   *
   * @param topics topics with at least one subscriber here (a connection, or the server's
   *     own listener)
   * @param subscriptions connections' subscriptions now, summed over the topics
   * @param publishes messages published here, by the server or its connections
   * @param deliveries messages queued for subscribers here, one per subscriber, from
   *     publishes here and from other servers
   * @param relayedIn messages other servers published, received through the broker
   * @param brokerConnected whether the broker reaches the other servers now (always true for
   *     the in-process broker)
   * @param brokerLost messages the broker could not relay (Redis unreachable, say)
   */
  public record Topics(long topics, long subscriptions, long publishes, long deliveries,
      long relayedIn, boolean brokerConnected, long brokerLost) {}

  /**
   * Connections, by what their close event said.
   *
   * @param open open now (handshake done, close event not yet)
   * @param opened opened since the server started
   * @param closedNormal closed with 1000, or cleanly without a code (1005)
   * @param closedGoingAway closed with 1001 (a browser tab closing, a server shutting down)
   * @param closedProtocolError closed with 1002, 1003 or 1007: a peer that broke the protocol
   * @param closedPolicy closed with 1008
   * @param closedTooBig closed with 1009: a message over maxPayload or the receive budget
   * @param closedUnclean ended without a closing handshake (1006): dropped, timed out, too
   *     slow, no pong, terminated
   * @param closedOther closed with any other code (1010-1014, 3000-4999)
   */
  public record Connections(long open, long opened, long closedNormal, long closedGoingAway,
      long closedProtocolError, long closedPolicy, long closedTooBig, long closedUnclean,
      long closedOther) {}

  /**
   * Opening handshakes.
   *
   * @param accepted answered with 101
   * @param refusedByStatus refused, counted by the HTTP status of the answer (400, 401, 426,
   *     431, 503...), in status order
   * @param timedOut not completed within handshakeTimeout
   */
  public record Handshakes(long accepted, Map<Integer, Long> refusedByStatus, long timedOut) {
    /**
     * Copies {@code refusedByStatus} into status order.
     *
     * @param accepted answered with 101
     * @param refusedByStatus refused, by HTTP status
     * @param timedOut not completed within handshakeTimeout
     */
    public Handshakes {
      refusedByStatus = java.util.Collections.unmodifiableMap(
          new java.util.TreeMap<>(refusedByStatus));
    }

    /**
     * All refused handshakes, whatever their status.
     *
     * @return the sum of {@link #refusedByStatus()}
     */
    public long refused() {
      return refusedByStatus.values().stream().mapToLong(Long::longValue).sum();
    }
  }

  /**
   * What waits for peers, and what slow and silent peers cost.
   *
   * @param queuedBytes bytes queued for all peers now, not yet handed to the network
   * @param largestQueue the longest single queue now, in bytes
   * @param slowConsumerDrops messages skipped by the {@link SlowConsumerPolicy#DROP} policy
   * @param slowConsumerCloses connections ended as too slow
   * @param heartbeatTimeouts connections ended for not answering a heartbeat's ping
   */
  public record Queues(long queuedBytes, long largestQueue, long slowConsumerDrops,
      long slowConsumerCloses, long heartbeatTimeouts) {}
}
