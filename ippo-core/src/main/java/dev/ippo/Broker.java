package dev.ippo;

/**
 * Carries topic messages between servers, so that a {@link WebSocketServer#publish} on one
 * reaches the subscribers on all. A server delivers to its own subscribers itself; the
 * broker only relays what it publishes to the other servers, and what they publish to it.
 *
 * <p>The default, a server's own {@link InProcessBroker}, relays nothing: one server needs
 * no broker. Servers in one JVM share a topic space through one {@code InProcessBroker};
 * servers in several processes or machines through Redis ({@code dev.ippo.redis.RedisBroker}
 * in the ippo-redis module):
 *
 * <pre>{@code
 * Broker broker = RedisBroker.create("redis://127.0.0.1:6379");
 * WebSocketServer server = WebSocketServer.builder().port(8080).broker(broker).build();
 * }</pre>
 *
 * <p>Implementations are thread safe: servers call them from any thread.
 */
public interface Broker {
  /**
   * Joins a server to the broker; {@link WebSocketServer#start()} calls it once, and closes
   * the link when the server closes. Messages other servers publish on the topics the link
   * subscribes go to {@code receiver}, on a thread of the broker's.
   *
   * @param receiver gets what the other servers publish on the link's topics
   * @return the server's link, which it closes when it closes
   */
  Link connect(Receiver receiver);

  /**
   * One server's membership of a broker. Thread safe. The server calls {@link #subscribe}
   * and {@link #unsubscribe} while it holds its lock on the topic, so that they come in the
   * order the subscribers came and went: they must return at once, without calling back
   * into the server.
   */
  interface Link extends AutoCloseable {
    /**
     * The server's first subscriber to {@code topic} came: send it the topic's messages.
     *
     * @param topic the topic the server now has a subscriber to
     */
    void subscribe(String topic);

    /**
     * The server's last subscriber to {@code topic} left.
     *
     * @param topic the topic the server no longer has a subscriber to
     */
    void unsubscribe(String topic);

    /**
     * The server published a message, already delivered to its own subscribers: relay it to
     * the other servers. Returns without waiting for them. Messages published through one
     * link, from one thread, reach each other server in that order.
     *
     * @param topic the topic it was published on
     * @param text whether it is a text message; false for binary
     * @param payload the message's bytes (UTF-8 when {@code text}); the broker must not
     *     change them
     */
    void publish(String topic, boolean text, byte[] payload);

    /**
     * Whether the link reaches the other servers now, for the server's stats. A broker that
     * can lose its connection says so here.
     *
     * @return true unless the broker knows the other servers cannot hear it now
     */
    default boolean connected() {
      return true;
    }

    /**
     * Messages published through this link that the broker could not relay, so far, for the
     * server's stats.
     *
     * @return the count; 0 for a broker that never loses one
     */
    default long lostMessages() {
      return 0;
    }

    /** Leaves the broker: nothing is delivered to this link's receiver afterward. */
    @Override
    void close();
  }

  /** Where a broker delivers what other servers published. */
  @FunctionalInterface
  interface Receiver {
    /**
     * A message another server published on a topic this server subscribes.
     *
     * @param topic the topic it was published on
     * @param text whether it is a text message; false for binary
     * @param payload the message's bytes, UTF-8 when {@code text}; not changed afterward
     */
    void deliver(String topic, boolean text, byte[] payload);
  }
}
