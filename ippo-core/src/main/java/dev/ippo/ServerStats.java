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
 * @param traffic whole messages and their payload bytes, each way
 * @param queues what waits for peers now, and what slow peers and dead ones cost so far
 * @param loops how late each event loop runs, in the order of the loops; empty before start
 */
public record ServerStats(
    Connections connections, Handshakes handshakes, Traffic traffic, Queues queues,
    List<LoopStats> loops) {

  /**
   * Copies {@code loops}.
   *
   * @param connections connections open, opened and closed
   * @param handshakes opening handshakes
   * @param traffic messages and bytes
   * @param queues what waits for peers
   * @param loops each event loop's lag
   */
  public ServerStats {
    loops = List.copyOf(loops);
  }

  /**
   * How late one event loop ran what was due on it (a probe timer every 100 ms), over its
   * last 10 s: the first figure to look at when latency rises. A handler that blocks, a
   * flood of work or a GC pause makes it grow; below a millisecond it is the timer's grain.
   *
   * @param lagP50 the median lag
   * @param lagP99 the 99th percentile
   * @param lagMax the largest
   */
  public record LoopStats(Duration lagP50, Duration lagP99, Duration lagMax) {}

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
   * Whole messages, text and binary, and their payload bytes (after inflating, before
   * deflating); a broadcast counts once per connection it is queued for.
   *
   * @param messagesIn received from peers
   * @param payloadBytesIn their bytes
   * @param messagesOut queued for peers (not those skipped or sent to a closed connection)
   * @param payloadBytesOut their bytes
   */
  public record Traffic(long messagesIn, long payloadBytesIn, long messagesOut,
      long payloadBytesOut) {}

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
