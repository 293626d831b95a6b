package dev.ippo.cli.chat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** A {@link ChatNetwork} that writes down what the rooms ask of it, one line each. */
final class RecordingNetwork implements ChatNetwork {
  private final List<String> calls = new ArrayList<>();

  @Override
  public synchronized void follow(String room) {
    calls.add("follow " + room);
  }

  @Override
  public synchronized void unfollow(String room) {
    calls.add("unfollow " + room);
  }

  @Override
  public synchronized void publishEntry(String room, JsonNode entry) {
    calls.add("entry " + room + " " + entry);
  }

  @Override
  public synchronized void publishPicture(String room, String header, byte[] bytes) {
    calls.add("picture " + room + " " + header + " " + bytes.length);
  }

  @Override
  public synchronized void publishRoster(Map<String, List<String>> rooms) {
    calls.add("roster " + rooms);
  }

  /** The calls so far, in order; forgets them. */
  synchronized List<String> take() {
    List<String> taken = List.copyOf(calls);
    calls.clear();
    return taken;
  }
}
