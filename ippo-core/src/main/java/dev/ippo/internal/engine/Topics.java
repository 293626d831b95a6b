package dev.ippo.internal.engine;

import dev.ippo.BinaryType;
import dev.ippo.Broker;
import dev.ippo.MessageEvent;
import dev.ippo.ReadyState;
import dev.ippo.SendResult;
import dev.ippo.SlowConsumerPolicy;
import dev.ippo.TopicListener;
import dev.ippo.internal.codec.WebSocketProtocol;
import dev.ippo.internal.fault.SafeLogger;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;

/**
 * One server's topics: who subscribes to what (its connections, and the server's own
 * {@link TopicListener}s), local delivery of a publish (its frame encoded once for all
 * subscribers), and the server's {@link Broker.Link}, told of the first subscriber and the
 * last one of each topic and handed every local publish.
 *
 * <p>Thread safe. A connection's subscriptions change under its entry's lock in
 * {@code byConnection}, and a topic's subscribers under its entry's lock in
 * {@code subscribers} (taken second, never the other way), so the link hears of a topic's
 * first and last subscriber in the order they happened. A connection that is CLOSED can no
 * longer subscribe, and {@link #drop} takes away what it had.
 */
public final class Topics implements Broker.Receiver {
  private static final System.Logger LOG = SafeLogger.get("dev.ippo.WebSocketServer");

  private final ConcurrentHashMap<String, Subscribers> subscribers = new ConcurrentHashMap<>();
  // Each set is guarded by its entry's lock: read and written only inside compute.
  private final ConcurrentHashMap<Connection, Set<String>> byConnection = new ConcurrentHashMap<>();
  private volatile Broker.Link link;
  private final LongAdder publishes = new LongAdder();
  private final LongAdder deliveries = new LongAdder();
  private final LongAdder relayedIn = new LongAdder();

  /** A topic's subscribers here; changed only under its entry's lock in {@code subscribers}. */
  private static final class Subscribers {
    final Set<Connection> connections = ConcurrentHashMap.newKeySet();
    final List<TopicListener> listeners = new CopyOnWriteArrayList<>();
    /** Whether the link was told of this topic, so that it is told when it goes. */
    boolean linked;

    boolean isEmpty() {
      return connections.isEmpty() && listeners.isEmpty();
    }
  }

  /**
   * Starts relaying through {@code link}, and tells it of the topics that have subscribers
   * already: the server's listeners may subscribe before it starts.
   */
  public void attach(Broker.Link link) {
    this.link = link;
    for (String topic : subscribers.keySet()) {
      subscribers.computeIfPresent(topic, (t, s) -> {
        linkIfNeeded(t, s);
        return s;
      });
    }
  }

  /** Stops relaying; returns the link that was attached, or null. */
  public Broker.Link detach() {
    Broker.Link l = link;
    link = null;
    return l;
  }

  public boolean subscribe(Connection ws, String topic) {
    Objects.requireNonNull(topic, "topic");
    boolean[] added = {false};
    byConnection.compute(ws, (k, topics) -> {
      if (ws.readyState() == ReadyState.CLOSED) {
        return topics;
      }
      Set<String> set = topics == null ? new HashSet<>() : topics;
      if (set.add(topic)) {
        added[0] = true;
        join(topic, s -> s.connections.add(ws));
      }
      return set;
    });
    return added[0];
  }

  public boolean unsubscribe(Connection ws, String topic) {
    Objects.requireNonNull(topic, "topic");
    boolean[] removed = {false};
    byConnection.computeIfPresent(ws, (k, topics) -> {
      if (topics.remove(topic)) {
        removed[0] = true;
        leave(topic, s -> s.connections.remove(ws));
      }
      return topics.isEmpty() ? null : topics;
    });
    return removed[0];
  }

  /** The connection's topics, a snapshot. */
  public Set<String> topicsOf(Connection ws) {
    AtomicReference<Set<String>> copy = new AtomicReference<>(Set.of());
    byConnection.computeIfPresent(ws, (k, topics) -> {
      copy.set(Set.copyOf(topics));
      return topics;
    });
    return copy.get();
  }

  /** The connection closed: it leaves every topic. */
  void drop(Connection ws) {
    byConnection.computeIfPresent(ws, (k, topics) -> {
      for (String topic : topics) {
        leave(topic, s -> s.connections.remove(ws));
      }
      return null;
    });
  }

  /** The server itself subscribes {@code listener} to what other servers publish on topic. */
  public void subscribe(String topic, TopicListener listener) {
    Objects.requireNonNull(topic, "topic");
    Objects.requireNonNull(listener, "listener");
    join(topic, s -> s.listeners.add(listener));
  }

  public void unsubscribe(String topic, TopicListener listener) {
    Objects.requireNonNull(topic, "topic");
    leave(topic, s -> s.listeners.remove(listener));
  }

  /** How many connections subscribe to the topic (the server's listeners not counted). */
  public int subscriberCount(String topic) {
    Subscribers s = subscribers.get(topic);
    return s == null ? 0 : s.connections.size();
  }

  /**
   * Sends the message to the topic's subscribers here but {@code except} (null for none),
   * then hands it to the broker for the other servers. {@code policy}, when not null,
   * replaces the server's for the subscribers here; the other servers apply their own.
   */
  public void publish(String topic, int opcode, byte[] payload, Connection except,
      SlowConsumerPolicy policy) {
    Objects.requireNonNull(topic, "topic");
    publishes.increment();
    Subscribers s = subscribers.get(topic);
    if (s != null) {
      send(s, opcode, payload, except, policy);
    }
    Broker.Link l = link;
    if (l != null) {
      l.publish(topic, opcode == WebSocketProtocol.OPCODE_TEXT, payload);
    }
  }

  /** A message another server published: to the connections and listeners here. */
  @Override
  public void deliver(String topic, boolean text, byte[] payload) {
    relayedIn.increment();
    Subscribers s = subscribers.get(topic);
    if (s == null) {
      return;
    }
    send(s, text ? WebSocketProtocol.OPCODE_TEXT : WebSocketProtocol.OPCODE_BINARY, payload,
        null, null);
    if (s.listeners.isEmpty()) {
      return;
    }
    MessageEvent message = text
        ? MessageEvent.ofText(null, new String(payload, StandardCharsets.UTF_8))
        : MessageEvent.ofBinary(null, payload, BinaryType.BYTES);
    for (TopicListener listener : s.listeners) {
      try {
        listener.onMessage(topic, message);
      } catch (RuntimeException e) {
        // The broker's thread serves every topic: one listener's bug must not stop them.
        LOG.log(Level.WARNING, "a listener of topic " + topic + " threw", e);
      }
    }
  }

  /** To the topic's connections here but {@code except}, the frame encoded once for all. */
  private void send(Subscribers s, int opcode, byte[] payload, Connection except,
      SlowConsumerPolicy policy) {
    if (s.connections.isEmpty()) {
      return;
    }
    SharedFrames frames = new SharedFrames(opcode, payload, policy);
    int delivered = 0;
    for (Connection ws : s.connections) {
      if (ws != except) {
        SendResult result = ws.sendShared(frames);
        if (result == SendResult.SENT || result == SendResult.QUEUED) {
          delivered++;
        }
      }
    }
    deliveries.add(delivered);
  }

  /** Topics with a subscriber here now, connection or listener. */
  public int topicCount() {
    return subscribers.size();
  }

  /** Connections' subscriptions now, summed over the topics. */
  public long subscriptionCount() {
    long n = 0;
    for (Subscribers s : subscribers.values()) {
      n += s.connections.size();
    }
    return n;
  }

  /** Messages published here so far, by the server or its connections. */
  public long publishes() {
    return publishes.sum();
  }

  /** Messages queued for subscribers here so far, one per subscriber. */
  public long deliveries() {
    return deliveries.sum();
  }

  /** Messages other servers published, received through the broker so far. */
  public long relayedIn() {
    return relayedIn.sum();
  }

  /** Whether the broker's link reaches the other servers now; false before start. */
  public boolean brokerConnected() {
    Broker.Link l = link;
    return l != null && l.connected();
  }

  /** Messages the broker's link could not relay so far; 0 before start. */
  public long brokerLost() {
    Broker.Link l = link;
    return l == null ? 0 : l.lostMessages();
  }

  /** Adds a subscriber to the topic, telling the link when it is the topic's first. */
  private void join(String topic, Consumer<Subscribers> add) {
    subscribers.compute(topic, (t, existing) -> {
      Subscribers s = existing == null ? new Subscribers() : existing;
      add.accept(s);
      linkIfNeeded(t, s);
      return s;
    });
  }

  /** Removes a subscriber from the topic, telling the link when it was the topic's last. */
  private void leave(String topic, Consumer<Subscribers> remove) {
    subscribers.computeIfPresent(topic, (t, s) -> {
      remove.accept(s);
      if (!s.isEmpty()) {
        return s;
      }
      Broker.Link l = link;
      if (l != null && s.linked) {
        l.unsubscribe(t);
      }
      return null;
    });
  }

  private void linkIfNeeded(String topic, Subscribers s) {
    Broker.Link l = link;
    if (l != null && !s.linked) {
      l.subscribe(topic);
      s.linked = true;
    }
  }
}
