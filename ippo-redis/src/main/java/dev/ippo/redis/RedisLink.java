package dev.ippo.redis;

import dev.ippo.Broker;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;

/**
 * One server's link to Redis: a connection that publishes (which refuses commands while
 * Redis is away, so an outage loses messages instead of piling them up) and one that
 * subscribes (which keeps commands while Redis is away and, on reconnecting, subscribes
 * again to every channel it had).
 *
 * <p>Thread safe: Lettuce's connections are, and messages published from one thread are
 * written to Redis in that order.
 */
final class RedisLink implements Broker.Link {
  private static final SecureRandom IDS = new SecureRandom();

  private final byte[] serverId = new byte[TopicEnvelope.ID_LENGTH];
  private final StatefulRedisConnection<byte[], byte[]> publisher;
  private final StatefulRedisPubSubConnection<byte[], byte[]> subscriber;
  /** The broker's count of lost publishes, all its links', and this link's own. */
  private final LongAdder lost;
  private final LongAdder lostHere = new LongAdder();
  private final Consumer<RedisLink> onClose;
  private volatile boolean closed;

  /**
   * @param publishing the client for the publishing connection (it rejects commands while
   *     disconnected)
   * @param subscribing the client for the subscribing connection
   * @param lost counts the publishes Redis never took
   * @param onClose hears that the link closed
   */
  RedisLink(RedisClient publishing, RedisClient subscribing, Broker.Receiver receiver,
      LongAdder lost, Consumer<RedisLink> onClose) {
    IDS.nextBytes(serverId);
    this.lost = lost;
    this.onClose = onClose;
    this.publisher = publishing.connect(ByteArrayCodec.INSTANCE);
    try {
      this.subscriber = subscribing.connectPubSub(ByteArrayCodec.INSTANCE);
    } catch (RuntimeException e) {
      publisher.close();
      throw e;
    }
    subscriber.addListener(new RedisPubSubAdapter<>() {
      @Override
      public void message(byte[] channel, byte[] message) {
        TopicEnvelope.Message m = TopicEnvelope.decode(message);
        String topic = TopicEnvelope.topic(channel);
        if (!closed && m != null && topic != null && !Arrays.equals(m.serverId(), serverId)) {
          receiver.deliver(topic, m.text(), m.payload());
        }
      }
    });
  }

  /** Whether both connections are up. */
  @Override
  public boolean connected() {
    return publisher.isOpen() && subscriber.isOpen();
  }

  /** Whether {@code connection} is one of this link's. */
  boolean owns(Object connection) {
    return connection == publisher || connection == subscriber;
  }

  @Override
  public void subscribe(String topic) {
    subscriber.async().subscribe(TopicEnvelope.channel(topic));
  }

  @Override
  public void unsubscribe(String topic) {
    subscriber.async().unsubscribe(TopicEnvelope.channel(topic));
  }

  @Override
  public void publish(String topic, boolean text, byte[] payload) {
    byte[] message = TopicEnvelope.encode(text, serverId, payload);
    try {
      publisher.async().publish(TopicEnvelope.channel(topic), message)
          .whenComplete((receivers, error) -> {
            if (error != null) {
              lose();
            }
          });
    } catch (RuntimeException e) {
      lose();
    }
  }

  private void lose() {
    lost.increment();
    lostHere.increment();
  }

  @Override
  public long lostMessages() {
    return lostHere.sum();
  }

  @Override
  public void close() {
    closed = true;
    onClose.accept(this);
    subscriber.close();
    publisher.close();
  }
}
