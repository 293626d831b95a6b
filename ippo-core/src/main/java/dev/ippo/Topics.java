package dev.ippo;

import dev.ippo.protocol.WebSocketProtocol;
import java.util.HashSet;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One server's topics: who subscribes to what, local delivery of a publish (its frame
 * encoded once for all subscribers), and the server's {@link Broker.Link}, told of the first
 * subscriber and the last one of each topic and handed every local publish.
 *
 * <p>Thread safe. A connection's subscriptions change under its entry's lock in
 * {@code byConnection}, and a topic's subscriber set under its entry's lock in
 * {@code subscribers} (taken second, never the other way), so the link hears of a topic's
 * first and last subscriber in the order they happened. A connection that is CLOSED can no
 * longer subscribe, and {@link #drop} takes away what it had.
 */
final class Topics implements Broker.Receiver {
  private final ConcurrentHashMap<String, Set<WebSocket>> subscribers = new ConcurrentHashMap<>();
  // Each set is guarded by its entry's lock: read and written only inside compute.
  private final ConcurrentHashMap<WebSocket, Set<String>> byConnection = new ConcurrentHashMap<>();
  private volatile Broker.Link link;

  /**
   * Starts relaying through {@code link}. The server attaches it when it starts, before any
   * connection exists, so no topic has a subscriber yet.
   */
  void attach(Broker.Link link) {
    this.link = link;
  }

  /** Stops relaying; returns the link that was attached, or null. */
  Broker.Link detach() {
    Broker.Link l = link;
    link = null;
    return l;
  }

  boolean subscribe(WebSocket ws, String topic) {
    Objects.requireNonNull(topic, "topic");
    boolean[] added = {false};
    byConnection.compute(ws, (k, topics) -> {
      if (ws.readyState() == ReadyState.CLOSED) {
        return topics;
      }
      Set<String> set = topics == null ? new HashSet<>() : topics;
      if (set.add(topic)) {
        added[0] = true;
        subscribers.compute(topic, (t, members) -> {
          Set<WebSocket> m = members;
          if (m == null) {
            m = ConcurrentHashMap.newKeySet();
            Broker.Link l = link;
            if (l != null) {
              l.subscribe(t);
            }
          }
          m.add(ws);
          return m;
        });
      }
      return set;
    });
    return added[0];
  }

  boolean unsubscribe(WebSocket ws, String topic) {
    Objects.requireNonNull(topic, "topic");
    boolean[] removed = {false};
    byConnection.computeIfPresent(ws, (k, topics) -> {
      if (topics.remove(topic)) {
        removed[0] = true;
        leave(ws, topic);
      }
      return topics.isEmpty() ? null : topics;
    });
    return removed[0];
  }

  /** The connection's topics, a snapshot. */
  Set<String> topicsOf(WebSocket ws) {
    @SuppressWarnings("unchecked")
    Set<String>[] copy = new Set[] {Set.of()};
    byConnection.computeIfPresent(ws, (k, topics) -> {
      copy[0] = Set.copyOf(topics);
      return topics;
    });
    return copy[0];
  }

  /** The connection closed: it leaves every topic. */
  void drop(WebSocket ws) {
    byConnection.computeIfPresent(ws, (k, topics) -> {
      for (String topic : topics) {
        leave(ws, topic);
      }
      return null;
    });
  }

  int subscriberCount(String topic) {
    Set<WebSocket> members = subscribers.get(topic);
    return members == null ? 0 : members.size();
  }

  /**
   * Sends the message to the topic's subscribers here but {@code except} (null for none),
   * then hands it to the broker for the other servers.
   */
  void publish(String topic, int opcode, byte[] payload, WebSocket except) {
    Objects.requireNonNull(topic, "topic");
    deliver(topic, opcode, payload, except);
    Broker.Link l = link;
    if (l != null) {
      l.publish(topic, opcode == WebSocketProtocol.OPCODE_TEXT, payload);
    }
  }

  /** A message another server published: to the subscribers here. */
  @Override
  public void deliver(String topic, boolean text, byte[] payload) {
    deliver(topic, text ? WebSocketProtocol.OPCODE_TEXT : WebSocketProtocol.OPCODE_BINARY,
        payload, null);
  }

  private void deliver(String topic, int opcode, byte[] payload, WebSocket except) {
    Set<WebSocket> members = subscribers.get(topic);
    if (members == null) {
      return;
    }
    SharedFrames frames = new SharedFrames(opcode, payload);
    for (WebSocket ws : members) {
      if (ws != except) {
        ws.sendBroadcast(frames);
      }
    }
  }

  private void leave(WebSocket ws, String topic) {
    subscribers.computeIfPresent(topic, (t, members) -> {
      members.remove(ws);
      if (!members.isEmpty()) {
        return members;
      }
      Broker.Link l = link;
      if (l != null) {
        l.unsubscribe(t);
      }
      return null;
    });
  }
}
