package dev.ippo;

/**
 * What a server does with a peer that reads slower than it is sent to, once more than its
 * highWaterMark waits for it.
 *
 * <pre>{@code
 * WebSocketServer.builder().slowConsumerPolicy(SlowConsumerPolicy.DROP)
 * }</pre>
 */
public enum SlowConsumerPolicy {
  /**
   * The peer is ended as too slow: an error event naming the limit, then the close event
   * (1006); a close frame could not reach it past the queue. Right for a chat or a trading
   * feed, where a peer that missed messages would show a wrong state.
   */
  CLOSE,
  /**
   * Messages to the peer are skipped while it is over the mark, and counted: its
   * {@code onDropped} says how many, and {@code send} returns {@link SendResult#DROPPED}.
   * Pongs and close frames are never skipped. Right for a dashboard or a game state, where
   * the next message replaces the one missed.
   */
  DROP
}
