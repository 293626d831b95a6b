package dev.ippo;

/**
 * What became of a message given to {@code send}: the browser's {@code send} says nothing,
 * and a producer that cannot see a slow peer fills memory for it. As µWebSockets' send
 * status and the boolean of Node's {@code stream.write}:
 *
 * <pre>{@code
 * if (ws.send(update) == SendResult.QUEUED) {
 *   feed.pause();                 // the peer is behind: wait for it
 *   ws.onDrain(feed::resume);
 * }
 * }</pre>
 */
public enum SendResult {
  /** Handed to the network, or queued behind nothing that waits for the peer. */
  SENT,
  /**
   * Queued behind bytes the peer has not taken yet: it reads slower than it is sent to. The
   * message goes out in order; {@code onDrain} says when everything has left. For a
   * {@link ReconnectingWebSocket} between connections: kept, and sent first on the next open.
   */
  QUEUED,
  /**
   * Not sent, by the {@link SlowConsumerPolicy#DROP} policy: the peer was over its
   * highWaterMark. The connection's {@code onDropped} counts it. For a
   * {@link ReconnectingWebSocket} between connections: its queue already holds
   * {@link ReconnectOptions#maxEnqueuedMessages()}.
   */
  DROPPED,
  /**
   * Not sent: the connection is closing or closed (the browser drops such a message
   * silently), or a reconnecting client is between connections and keeps no queue.
   */
  NOT_OPEN
}
