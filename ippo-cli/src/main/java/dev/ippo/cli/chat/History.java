package dev.ippo.cli.chat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayDeque;
import java.util.List;

/**
 * The last entries of the room (messages, joins and leaves), oldest first, that a newcomer
 * gets in its welcome. Pictures are not kept: 50 of them would be 25 MiB per welcome.
 *
 * <p>Not thread safe: {@link ChatRoom} guards it with its lock.
 */
final class History {
  /** How many entries a welcome carries. */
  static final int CAPACITY = 50;

  private final int capacity;
  private final ArrayDeque<JsonNode> entries;

  History() {
    this(CAPACITY);
  }

  History(int capacity) {
    if (capacity < 1) {
      throw new IllegalArgumentException("capacity < 1: " + capacity);
    }
    this.capacity = capacity;
    this.entries = new ArrayDeque<>(capacity);
  }

  /** Adds the newest entry, forgetting the oldest when full. */
  void add(JsonNode entry) {
    if (entries.size() == capacity) {
      entries.removeFirst();
    }
    entries.addLast(entry);
  }

  /** A copy of the entries, oldest first. */
  List<JsonNode> entries() {
    return List.copyOf(entries);
  }
}
