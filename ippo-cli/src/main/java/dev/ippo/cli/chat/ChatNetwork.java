package dev.ippo.cli.chat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;

/**
 * How {@link ChatRooms} reaches the other chat servers: {@link ChatCluster} on the server's
 * topics, or a recorder in tests. Called under the rooms' lock: implementations only queue.
 */
interface ChatNetwork {
  /** This server has members in {@code room} now: it wants the room's remote entries. */
  void follow(String room);

  /** This server has no member in {@code room} any more. */
  void unfollow(String room);

  /** An entry of the room (message, join, leave) made here. */
  void publishEntry(String room, JsonNode entry);

  /** A picture shown here: its {@code image} message and its bytes, kept together. */
  void publishPicture(String room, String header, byte[] bytes);

  /** Who is in which room on this server, sent on every change and every heartbeat. */
  void publishRoster(Map<String, List<String>> rooms);

}
