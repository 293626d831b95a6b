package dev.ippo.cli.chat;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ippo.MessageEvent;
import dev.ippo.TopicListener;
import dev.ippo.WebSocketServer;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The {@link ChatNetwork} on the server's topics, so that chat servers sharing a broker
 * (Redis) share their rooms. The server itself subscribes ({@link WebSocketServer#subscribe})
 * to two kinds of topic; its connections subscribe to nothing, because what they get depends
 * on this server's state (the room's history, who is where), kept by {@link ChatRooms}.
 *
 * <ul>
 *   <li>{@code chat/room/<room>}, followed while this server has members in the room: each
 *       entry as the JSON the clients get, and each picture as one binary message (4 bytes
 *       of length, the {@code image} JSON, the picture), so that its two halves cannot be
 *       parted on the way.
 *   <li>{@code chat/presence}, always followed: every server's roster,
 *       {@code {"server":"<id>","rooms":{"lobby":["alice"]}}}, on each change and every
 *       {@link Presence#HEARTBEAT_NANOS}.
 * </ul>
 *
 * <p>Thread safe. Publishes go out on one thread of its own, in the order they were asked
 * for: the rooms ask under their lock, and a broker in this JVM would deliver to the other
 * server's rooms on the publishing thread, which must not hold this server's lock.
 */
final class ChatCluster implements ChatNetwork, AutoCloseable {
  static final String PRESENCE_TOPIC = "chat/presence";
  static final String ROOM_TOPIC_PREFIX = "chat/room/";
  private static final ObjectMapper JSON = new ObjectMapper();

  private final WebSocketServer server;
  private final String id = UUID.randomUUID().toString();
  private final ScheduledExecutorService relay = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "ippo-chat-relay");
    t.setDaemon(true);
    return t;
  });
  private final TopicListener roomListener = this::roomMessage;
  private volatile ChatRooms rooms;

  ChatCluster(WebSocketServer server) {
    this.server = server;
  }

  /**
   * Hands the other servers' messages to {@code rooms} and starts the heartbeat; called
   * before the server starts, so that nothing arrives before it.
   */
  void start(ChatRooms chatRooms) {
    this.rooms = chatRooms;
    server.subscribe(PRESENCE_TOPIC, this::rosterMessage);
    long period = Presence.HEARTBEAT_NANOS;
    relay.scheduleAtFixedRate(chatRooms::heartbeat, period, period, TimeUnit.NANOSECONDS);
  }

  @Override
  public void follow(String room) {
    server.subscribe(ROOM_TOPIC_PREFIX + room, roomListener);
  }

  @Override
  public void unfollow(String room) {
    server.unsubscribe(ROOM_TOPIC_PREFIX + room, roomListener);
  }

  @Override
  public void publishEntry(String room, JsonNode entry) {
    queue(() -> server.publish(ROOM_TOPIC_PREFIX + room, ServerMessages.text(entry)));
  }

  @Override
  public void publishPicture(String room, String header, byte[] bytes) {
    queue(() -> {
      byte[] json = header.getBytes(StandardCharsets.UTF_8);
      server.publish(ROOM_TOPIC_PREFIX + room, ByteBuffer.allocate(4 + json.length + bytes.length)
          .putInt(json.length).put(json).put(bytes).array());
    });
  }

  @Override
  public void publishRoster(Map<String, List<String>> roster) {
    queue(() -> {
      ObjectNode message = JSON.createObjectNode().put("server", id);
      message.set("rooms", JSON.valueToTree(roster));
      server.publish(PRESENCE_TOPIC, ServerMessages.text(message));
    });
  }

  /** Stops the heartbeat and the relay; after the server has closed. */
  @Override
  public void close() {
    relay.shutdownNow();
  }

  private void queue(Runnable publish) {
    try {
      relay.execute(publish);
    } catch (RejectedExecutionException closed) {
      // A connection closing with the server: nobody is left to tell.
    }
  }

  // Other chat servers wrote what arrives here: a message that does not parse is a bug of
  // theirs, and the core logs the exception of a listener and carries on.

  private void roomMessage(String topic, MessageEvent message) {
    String room = topic.substring(ROOM_TOPIC_PREFIX.length());
    if (message.isText()) {
      rooms.remoteEntry(room, parse(message.text()));
      return;
    }
    ByteBuffer envelope = ByteBuffer.wrap(message.bytes());
    byte[] json = new byte[envelope.getInt()];
    envelope.get(json);
    byte[] picture = new byte[envelope.remaining()];
    envelope.get(picture);
    rooms.remotePicture(room, new String(json, StandardCharsets.UTF_8), picture);
  }

  private void rosterMessage(String topic, MessageEvent message) {
    JsonNode roster = parse(message.text());
    Map<String, List<String>> byRoom = new LinkedHashMap<>();
    roster.path("rooms").fields().forEachRemaining(room -> {
      List<String> names = new ArrayList<>();
      room.getValue().forEach(name -> names.add(name.asText()));
      byRoom.put(room.getKey(), names);
    });
    rooms.remoteRoster(roster.path("server").asText(), byRoom);
  }

  private static JsonNode parse(String text) {
    try {
      return JSON.readTree(text);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }
}
