package dev.ippo.cli.chat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * One room as this server sees it: its members here under their names, its history (what
 * this server saw while it followed the room, local and remote entries alike), and the user
 * list its members were last sent.
 *
 * <p>Not thread safe: {@link ChatRooms} guards every room with its lock.
 */
final class ChatRoom {
  private final String name;
  private final Map<Member, String> names = new LinkedHashMap<>();
  // The names in lower case: names are unique ignoring case.
  private final Set<String> keys = new HashSet<>();
  private final History history = new History();
  private List<String> usersSent = List.of();

  ChatRoom(String name) {
    this.name = name;
  }

  String name() {
    return name;
  }

  /** The key under which {@code name} is unique: its lower case. */
  static String key(String name) {
    return name.toLowerCase(Locale.ROOT);
  }

  boolean hasName(String memberName) {
    return keys.contains(key(memberName));
  }

  void add(Member member, String memberName) {
    names.put(member, memberName);
    keys.add(key(memberName));
  }

  /** Removes the member; returns its name, or null when it was not here. */
  String remove(Member member) {
    String memberName = names.remove(member);
    if (memberName != null) {
      keys.remove(key(memberName));
    }
    return memberName;
  }

  String nameOf(Member member) {
    return names.get(member);
  }

  boolean isEmpty() {
    return names.isEmpty();
  }

  Set<Member> members() {
    return names.keySet();
  }

  Collection<String> localNames() {
    return names.values();
  }

  List<JsonNode> history() {
    return history.entries();
  }

  /** Keeps the entry in history and sends it to the members here. */
  void record(JsonNode entry) {
    history.add(entry);
    sendToAll(ServerMessages.text(entry));
  }

  private void sendToAll(String text) {
    for (Member m : names.keySet()) {
      m.send(text);
    }
  }

  /** Sends {@code users} to the members when it differs from what they were last sent. */
  void sendUsersIfChanged(List<String> users) {
    if (!users.equals(usersSent)) {
      usersSent = List.copyOf(users);
      sendToAll(ServerMessages.users(users));
    }
  }
}
