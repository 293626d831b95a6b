package dev.ippo.cli.chat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Who is in which room on the other chat servers: the last roster each server sent, for as
 * long as it keeps sending them. A server that falls silent (stopped, or cut off from Redis)
 * is forgotten after {@link #MAX_AGE_NANOS}, so its users leave the lists.
 *
 * <p>Not thread safe: {@link ChatRooms} guards it with its lock.
 */
final class Presence {
  /** How often a server sends its roster though nothing changed. */
  static final long HEARTBEAT_NANOS = 5_000_000_000L;
  /** How long a roster counts without a newer one: three heartbeats. */
  static final long MAX_AGE_NANOS = 3 * HEARTBEAT_NANOS;

  private record Roster(Map<String, List<String>> rooms, long receivedAt) {}

  private final Map<String, Roster> byServer = new HashMap<>();

  /**
   * Takes the server's roster (room to names) in place of its last one.
   *
   * @return true when the server was not known: it is new, or it came back
   */
  boolean update(String server, Map<String, List<String>> rooms, long now) {
    return byServer.put(server, new Roster(Map.copyOf(rooms), now)) == null;
  }

  /** Forgets the servers silent for too long; tells whether there were any. */
  boolean expire(long now) {
    return byServer.values().removeIf(r -> now - r.receivedAt() > MAX_AGE_NANOS);
  }

  /** The names in {@code room} on the other servers. */
  List<String> names(String room) {
    List<String> names = new ArrayList<>();
    for (Roster r : byServer.values()) {
      names.addAll(r.rooms().getOrDefault(room, List.of()));
    }
    return names;
  }

  /** Whether someone on another server is called {@code name} in {@code room}, ignoring case. */
  boolean hasName(String room, String name) {
    String key = ChatRoom.key(name);
    return names(room).stream().anyMatch(n -> ChatRoom.key(n).equals(key));
  }

  /** The rooms someone is in on the other servers. */
  Set<String> rooms() {
    Set<String> rooms = new TreeSet<>();
    for (Roster r : byServer.values()) {
      r.rooms().forEach((room, names) -> {
        if (!names.isEmpty()) {
          rooms.add(room);
        }
      });
    }
    return rooms;
  }
}
