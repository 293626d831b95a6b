package dev.ippo.redis;

import dev.ippo.Broker;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisChannelHandler;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisConnectionStateListener;
import io.lettuce.core.RedisURI;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultClientResources;
import java.lang.System.Logger.Level;
import io.lettuce.core.resource.Delay;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;

/**
 * A {@link Broker} on Redis pub/sub: servers given brokers on the same Redis share their
 * topics, whatever process or machine they run in.
 *
 * <pre>{@code
 * RedisBroker redis = RedisBroker.create("redis://127.0.0.1:6379");
 * WebSocketServer server = WebSocketServer.builder().port(8080).broker(redis).build();
 * server.onConnection((ws, request) -> ws.subscribe("lobby"));
 * server.start();
 * server.publish("lobby", "hello"); // reaches "lobby" on every server of this Redis
 * }</pre>
 *
 * <p>Each server that starts with it gets two connections to Redis: one publishes, one
 * subscribes to channel {@code ippo:<topic>} while the server has a subscriber to the
 * topic. Text and binary messages keep their type; messages one server publishes from one
 * thread arrive everywhere in that order; a server skips its own, which it delivered itself.
 * {@link dev.ippo.WebSocketServer#start()} fails when Redis cannot be reached then.
 *
 * <p>When Redis goes away: each server still delivers to its own subscribers; what is
 * published meanwhile does not reach the other servers and is lost, not sent late, as
 * pub/sub promises no more ({@link #lostMessages()} counts it); one warning is logged;
 * {@link #connected()} reads false. Lettuce reconnects in the background, subscribes again
 * to every topic, and one line is logged when Redis is back.
 *
 * <p>Thread safe. {@link #close()} it after the servers that use it.
 */
public final class RedisBroker implements Broker, AutoCloseable {
  private static final System.Logger LOG = System.getLogger(RedisBroker.class.getName());
  /**
   * Lettuce's reconnecting logs a line at every attempt and every reconnected connection
   * when it logs through java.util.logging (no SLF4J binding); this class logs the outage
   * and its end once each instead. Held here because java.util.logging forgets a level set
   * on a logger nobody references.
   */
  private static final List<java.util.logging.Logger> RECONNECT_LOGS = List.of(
      quiet("io.lettuce.core.protocol.ConnectionWatchdog"),
      quiet("io.lettuce.core.protocol.ReconnectionHandler"));
  /** Between reconnection attempts: from 50 ms, doubling, at most 2 s. */
  private static final Delay RECONNECT_DELAY =
      Delay.exponential(Duration.ofMillis(50), Duration.ofSeconds(2), 2, TimeUnit.MILLISECONDS);

  private final String address;
  private final ClientResources resources;
  private final RedisClient publishing;
  private final RedisClient subscribing;
  private final List<RedisLink> links = new CopyOnWriteArrayList<>();
  private final LongAdder lost = new LongAdder();
  private final AtomicBoolean down = new AtomicBoolean();
  private volatile boolean closed;

  private RedisBroker(RedisURI uri) {
    this.address = uri.getHost() + ":" + uri.getPort();
    this.resources = DefaultClientResources.builder().reconnectDelay(RECONNECT_DELAY).build();
    this.publishing = RedisClient.create(resources, uri);
    this.subscribing = RedisClient.create(resources, uri);
    publishing.setOptions(ClientOptions.builder()
        .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS).build());
    subscribing.setOptions(ClientOptions.builder()
        .disconnectedBehavior(ClientOptions.DisconnectedBehavior.ACCEPT_COMMANDS).build());
    RedisConnectionStateListener watch = new RedisConnectionStateListener() {
      @Override
      public void onRedisConnected(RedisChannelHandler<?, ?> connection, SocketAddress a) {
        if (!closed && connected() && down.compareAndSet(true, false)) {
          LOG.log(Level.INFO, "Redis at " + address + " is back: topics subscribed again");
        }
      }

      @Override
      public void onRedisDisconnected(RedisChannelHandler<?, ?> connection) {
        if (!closed && ours(connection) && down.compareAndSet(false, true)) {
          LOG.log(Level.WARNING, "Redis at " + address + " is unreachable: each server goes "
              + "on delivering its own publishes; the others' are lost until it is back");
        }
      }
    };
    publishing.addListener(watch);
    subscribing.addListener(watch);
  }

  private static java.util.logging.Logger quiet(String name) {
    java.util.logging.Logger logger = java.util.logging.Logger.getLogger(name);
    if (logger.getLevel() == null) {
      logger.setLevel(java.util.logging.Level.SEVERE);
    }
    return logger;
  }

  /**
   * A broker on the Redis at {@code uri}, e.g. {@code redis://127.0.0.1:6379}; nothing
   * connects before a server starts with it.
   */
  public static RedisBroker create(String uri) {
    return new RedisBroker(RedisURI.create(uri));
  }

  /** Opens the server's two connections; throws Lettuce's exception if Redis is out of reach. */
  @Override
  public Link connect(Receiver receiver) {
    if (closed) {
      throw new IllegalStateException("the broker is closed");
    }
    RedisLink link = new RedisLink(publishing, subscribing, receiver, lost, links::remove);
    links.add(link);
    return link;
  }

  /** Whether every server's connections to Redis are up; false before any server starts. */
  public boolean connected() {
    return !links.isEmpty() && links.stream().allMatch(RedisLink::connected);
  }

  /** How many publishes never reached Redis (published while it was away). */
  public long lostMessages() {
    return lost.sum();
  }

  private boolean ours(Object connection) {
    return links.stream().anyMatch(l -> l.owns(connection));
  }

  /** Closes every connection and stops Lettuce's threads. */
  @Override
  public void close() {
    closed = true;
    for (RedisLink link : links) {
      link.close();
    }
    publishing.shutdown(0, 2, TimeUnit.SECONDS);
    subscribing.shutdown(0, 2, TimeUnit.SECONDS);
    resources.shutdown(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(3, TimeUnit.SECONDS);
  }
}
