package dev.ippo.cli.chat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.LongSupplier;

/**
 * The chat on one server: its rooms, who is where, and what goes to whom. Rooms are shared
 * with the other servers through a {@link ChatNetwork}: each entry made here is published
 * for them, theirs arrive through {@link #remoteEntry} and {@link #remotePicture}, and every
 * server's roster tells the others who is in which room.
 *
 * <p>Thread safe. Every change and every send happens under one lock, so all members here
 * see the same entries in the same order, and a picture's JSON and its bytes arrive as a
 * pair with nothing between them. Sending under the lock is fine because {@code send} only
 * queues.
 */
final class ChatRooms {
  private static final Comparator<String> USER_ORDER =
      Comparator.comparing((String s) -> s.toLowerCase(Locale.ROOT))
          .thenComparing(Comparator.naturalOrder());

  private final Object lock = new Object();
  private final Clock wall;
  private final LongSupplier nanoTime;
  private final ChatNetwork network;
  // All guarded by lock.
  private final Map<String, ChatRoom> rooms = new HashMap<>();
  private final Map<Member, ChatRoom> roomOf = new HashMap<>();
  private final Set<Member> connected = new LinkedHashSet<>();
  private final Presence presence = new Presence();
  private List<String> roomsSent = List.of();

  /**
   * @param wall gives the {@code time} of each entry, in epoch milliseconds
   * @param nanoTime a monotonic clock, for the other servers' rosters to expire
   */
  ChatRooms(Clock wall, LongSupplier nanoTime, ChatNetwork network) {
    this.wall = wall;
    this.nanoTime = nanoTime;
    this.network = network;
    synchronized (lock) {
      // The lobby is always there, and keeps its history when it empties.
      room(ClientMessage.LOBBY);
      roomsSent = roomList();
    }
  }

  /** A new connection: it gets the room list now, and again whenever it changes. */
  void connect(Member member) {
    synchronized (lock) {
      connected.add(member);
      member.send(ServerMessages.rooms(roomsSent));
    }
  }

  /**
   * Puts the member in {@code roomName} under {@code name} (both already validated), moving
   * it out of the room it was in: it gets the welcome, then everyone in the room (it
   * included) gets the join notice and the new list of users.
   *
   * @throws ChatError already_joined when it is in that room already; name_taken when
   *     someone in the room, here or on another server, has the name (ignoring case)
   */
  void join(Member member, String name, String roomName) throws ChatError {
    synchronized (lock) {
      ChatRoom current = roomOf.get(member);
      if (current != null && current.name().equals(roomName)) {
        throw new ChatError(ErrorCode.ALREADY_JOINED, "you are in " + roomName + " already, as "
            + current.nameOf(member));
      }
      ChatRoom existing = rooms.get(roomName);
      if ((existing != null && existing.hasName(name)) || presence.hasName(roomName, name)) {
        throw new ChatError(ErrorCode.NAME_TAKEN,
            "someone in " + roomName + " is already called " + name);
      }
      if (current != null) {
        leaveRoom(member, current);
      }
      ChatRoom room = room(roomName);
      room.add(member, name);
      roomOf.put(member, room);
      member.send(ServerMessages.welcome(name, roomName, users(room), room.history()));
      recordHere(room, ServerMessages.joined(name, wall.millis()));
      if (current != null) {
        changed(current, room);
      } else {
        changed(room);
      }
    }
  }

  /** The member's connection closed: it leaves its room, if it was in one. */
  void disconnect(Member member) {
    synchronized (lock) {
      connected.remove(member);
      ChatRoom room = roomOf.get(member);
      if (room != null) {
        leaveRoom(member, room);
        changed(room);
      }
    }
  }

  /** Sends the member's text (already validated) to everyone in its room, the member included. */
  void say(Member member, String text) {
    synchronized (lock) {
      ChatRoom room = roomOf.get(member);
      if (room != null) {
        recordHere(room, ServerMessages.message(room.nameOf(member), text, wall.millis()));
      }
    }
  }

  /** Sends the member's picture to everyone in its room, the member included: JSON, then bytes. */
  void show(Member member, Picture picture) {
    synchronized (lock) {
      ChatRoom room = roomOf.get(member);
      if (room == null) {
        return;
      }
      String header = ServerMessages.image(room.nameOf(member), picture.mime(),
          picture.bytes().length, wall.millis());
      sendPicture(room, header, picture.bytes());
      network.publishPicture(room.name(), header, picture.bytes());
    }
  }

  /** The room the member is in, or null. */
  String roomOf(Member member) {
    synchronized (lock) {
      ChatRoom room = roomOf.get(member);
      return room == null ? null : room.name();
    }
  }

  /** Everyone in the room, here and on the other servers, sorted ignoring case. */
  List<String> users(String roomName) {
    synchronized (lock) {
      ChatRoom room = rooms.get(roomName);
      return room != null ? users(room) : sorted(presence.names(roomName));
    }
  }

  /** An entry another server made in a room: kept and sent as if made here. */
  void remoteEntry(String roomName, JsonNode entry) {
    synchronized (lock) {
      ChatRoom room = rooms.get(roomName);
      if (room != null) {
        room.record(entry);
      }
    }
  }

  /** A picture shown on another server. */
  void remotePicture(String roomName, String header, byte[] bytes) {
    synchronized (lock) {
      ChatRoom room = rooms.get(roomName);
      if (room != null) {
        sendPicture(room, header, bytes);
      }
    }
  }

  /** Another server's roster; when that server is new here, it gets this one's at once. */
  void remoteRoster(String server, Map<String, List<String>> roster) {
    synchronized (lock) {
      if (presence.update(server, roster, nanoTime.getAsLong())) {
        network.publishRoster(roster());
      }
      refresh();
    }
  }

  /**
   * Called every {@link Presence#HEARTBEAT_NANOS}: sends this server's roster, and forgets
   * the servers that fell silent.
   */
  void heartbeat() {
    synchronized (lock) {
      network.publishRoster(roster());
      if (presence.expire(nanoTime.getAsLong())) {
        refresh();
      }
    }
  }

  /** Must hold lock. */
  private ChatRoom room(String roomName) {
    return rooms.computeIfAbsent(roomName, r -> {
      network.follow(r);
      return new ChatRoom(r);
    });
  }

  /** Must hold lock. The leave notice goes to those left; an empty room goes, but the lobby. */
  private void leaveRoom(Member member, ChatRoom room) {
    String name = room.remove(member);
    roomOf.remove(member);
    recordHere(room, ServerMessages.left(name, wall.millis()));
    if (room.isEmpty() && !room.name().equals(ClientMessage.LOBBY)) {
      rooms.remove(room.name());
      network.unfollow(room.name());
    }
  }

  /** Must hold lock. An entry made here: to the members here, and to the other servers. */
  private void recordHere(ChatRoom room, JsonNode entry) {
    room.record(entry);
    network.publishEntry(room.name(), entry);
  }

  /**
   * Must hold lock. Someone joined or left {@code touched} here: the other servers hear, and
   * only those rooms' user lists can have changed, with the room list. Refreshing every room
   * instead, as this did, sorted every room's users at each join and leave: 14 % of the
   * loops' CPU in the soak's chat (JFR execution samples), all of it under this lock.
   */
  private void changed(ChatRoom... touched) {
    network.publishRoster(roster());
    for (ChatRoom room : touched) {
      room.sendUsersIfChanged(users(room));
    }
    refreshRoomList();
  }

  /** Must hold lock. Another server's roster changed: any user list may have. */
  private void refresh() {
    for (ChatRoom room : rooms.values()) {
      room.sendUsersIfChanged(users(room));
    }
    refreshRoomList();
  }

  /** Must hold lock. Sends the room list to every connection, when it changed. */
  private void refreshRoomList() {
    List<String> list = roomList();
    if (!list.equals(roomsSent)) {
      roomsSent = list;
      String message = ServerMessages.rooms(list);
      connected.forEach(m -> m.send(message));
    }
  }

  private static void sendPicture(ChatRoom room, String header, byte[] bytes) {
    for (Member m : room.members()) {
      m.send(header);
      m.send(bytes);
    }
  }

  private List<String> users(ChatRoom room) {
    List<String> users = new ArrayList<>(room.localNames());
    users.addAll(presence.names(room.name()));
    return sorted(users);
  }

  private static List<String> sorted(List<String> users) {
    users.sort(USER_ORDER);
    return users;
  }

  /** The rooms someone is in, here or elsewhere, and the lobby, sorted. */
  private List<String> roomList() {
    Set<String> list = new TreeSet<>(presence.rooms());
    list.add(ClientMessage.LOBBY);
    rooms.forEach((name, room) -> {
      if (!room.isEmpty()) {
        list.add(name);
      }
    });
    return List.copyOf(list);
  }

  private Map<String, List<String>> roster() {
    Map<String, List<String>> roster = new TreeMap<>();
    rooms.forEach((name, room) -> {
      if (!room.isEmpty()) {
        roster.put(name, List.copyOf(room.localNames()));
      }
    });
    return roster;
  }
}
