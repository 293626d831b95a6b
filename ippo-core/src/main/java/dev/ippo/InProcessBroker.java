package dev.ippo;

import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A {@link Broker} inside one JVM: servers built with the same instance share their topics,
 * for instance a server on a plain port and one on a TLS port. Each server that is given no
 * broker gets one of its own, which relays nothing.
 *
 * <pre>{@code
 * InProcessBroker broker = new InProcessBroker();
 * WebSocketServer a = WebSocketServer.builder().port(8080).broker(broker).build();
 * WebSocketServer b = WebSocketServer.builder().port(8081).broker(broker).build();
 * // a.publish("news", "hi") reaches the subscribers of "news" on both.
 * }</pre>
 *
 * <p>A publish is handed to the other servers on the publishing thread (they only queue it
 * for their connections). Thread safe.
 */
public final class InProcessBroker implements Broker {
  private final CopyOnWriteArrayList<InProcessLink> links = new CopyOnWriteArrayList<>();

  /** A broker with no server linked yet: give it to each server's builder. */
  public InProcessBroker() {}

  @Override
  public Link connect(Receiver receiver) {
    InProcessLink link = new InProcessLink(Objects.requireNonNull(receiver));
    links.add(link);
    return link;
  }

  private final class InProcessLink implements Link {
    private final Receiver receiver;
    private final Set<String> topics = ConcurrentHashMap.newKeySet();

    InProcessLink(Receiver receiver) {
      this.receiver = receiver;
    }

    @Override
    public void subscribe(String topic) {
      topics.add(topic);
    }

    @Override
    public void unsubscribe(String topic) {
      topics.remove(topic);
    }

    @Override
    public void publish(String topic, boolean text, byte[] payload) {
      for (InProcessLink other : links) {
        if (other != this && other.topics.contains(topic)) {
          other.receiver.deliver(topic, text, payload);
        }
      }
    }

    @Override
    public void close() {
      links.remove(this);
      topics.clear();
    }
  }
}
