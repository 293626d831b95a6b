package dev.ippo.cli.chat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The room: who has joined under which name, the history, and what goes to everyone.
 *
 * <p>Thread safe. Every change and every broadcast happens under one lock, so all members
 * see the same entries in the same order, and a picture's JSON and its bytes arrive as a
 * pair. Sending under the lock is fine because {@code send} only queues.
 */
final class ChatRoom {
  private final Clock clock;
  private final Object lock = new Object();
  // Guarded by lock. Keys of byKey are names in lower case: names are unique ignoring case.
  private final Map<Member, String> names = new LinkedHashMap<>();
  private final Map<String, Member> byKey = new HashMap<>();
  private final History history = new History();

  /** @param clock gives the {@code time} of each entry, in epoch milliseconds */
  ChatRoom(Clock clock) {
    this.clock = clock;
  }

  /**
   * Adds the member under {@code name} (already validated): it gets the welcome, then
   * everyone (it included) gets the join notice and the new list of users.
   *
   * @throws ChatError name_taken when someone in the room has it, ignoring case
   */
  void join(Member member, String name) throws ChatError {
    synchronized (lock) {
      if (names.containsKey(member)) {
        throw new IllegalStateException("already a member: " + names.get(member));
      }
      String key = name.toLowerCase(Locale.ROOT);
      if (byKey.containsKey(key)) {
        throw new ChatError(ErrorCode.NAME_TAKEN, "someone here is already called " + name);
      }
      names.put(member, name);
      byKey.put(key, member);
      member.send(ServerMessages.welcome(name, sortedUsers(), history.entries()));
      record(ServerMessages.joined(name, clock.millis()));
      sendToAll(ServerMessages.users(sortedUsers()));
    }
  }

  /** Removes the member, if it had joined: the others get the leave notice and the users. */
  void leave(Member member) {
    synchronized (lock) {
      String name = names.remove(member);
      if (name == null) {
        return;
      }
      byKey.remove(name.toLowerCase(Locale.ROOT));
      record(ServerMessages.left(name, clock.millis()));
      sendToAll(ServerMessages.users(sortedUsers()));
    }
  }

  /** Sends the member's text (already validated) to everyone, the member included. */
  void say(Member member, String text) {
    synchronized (lock) {
      String name = names.get(member);
      if (name != null) {
        record(ServerMessages.message(name, text, clock.millis()));
      }
    }
  }

  /** Sends the member's picture to everyone, the member included: its JSON, then its bytes. */
  void show(Member member, Picture picture) {
    synchronized (lock) {
      String name = names.get(member);
      if (name == null) {
        return;
      }
      String header = ServerMessages.image(name, picture.mime(), picture.bytes().length,
          clock.millis());
      for (Member m : names.keySet()) {
        m.send(header);
        m.send(picture.bytes());
      }
    }
  }

  /** The names of the members, sorted ignoring case (then exactly, for a stable order). */
  List<String> users() {
    synchronized (lock) {
      return sortedUsers();
    }
  }

  private List<String> sortedUsers() {
    List<String> users = new ArrayList<>(names.values());
    users.sort(Comparator.comparing((String s) -> s.toLowerCase(Locale.ROOT))
        .thenComparing(Comparator.naturalOrder()));
    return users;
  }

  /** Keeps the entry in history and sends it to everyone. */
  private void record(JsonNode entry) {
    history.add(entry);
    sendToAll(ServerMessages.text(entry));
  }

  private void sendToAll(String text) {
    for (Member m : names.keySet()) {
      m.send(text);
    }
  }
}
