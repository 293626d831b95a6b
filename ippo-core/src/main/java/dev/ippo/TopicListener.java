package dev.ippo;

/**
 * Hears, on the server itself, what the other servers publish on a topic: the server-side
 * counterpart of {@link WebSocket#subscribe}, for a program that keeps state per topic (a
 * chat room's history, the last price) on every server of a cluster.
 *
 * <pre>{@code
 * server.subscribe("prices", (topic, message) -> lastPrice = message.text());
 * server.publish("prices", "1.0842"); // other servers' listeners hear it; this one's do not
 * }</pre>
 *
 * <p>Like socket.io's {@code serverSideEmit}, a listener hears the other servers only: what
 * its own server publishes, the program knew already. It runs on the broker's thread (for
 * {@link InProcessBroker}, the publishing thread), so it must return quickly and must not
 * block; {@link MessageEvent#target()} is null.
 */
@FunctionalInterface
public interface TopicListener {
  /**
   * A message another server published on {@code topic}.
   *
   * @param topic the topic it was published on
   * @param message the message, one event shared by every listener of the topic (so its
   *     bytes must not be changed); its {@link MessageEvent#target()} is null
   */
  void onMessage(String topic, MessageEvent message);
}
