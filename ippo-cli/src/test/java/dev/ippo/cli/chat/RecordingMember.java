package dev.ippo.cli.chat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;

/** A room member that keeps what it is sent: a String or a byte[] each. Thread safe. */
final class RecordingMember implements Member {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final List<Object> received = new ArrayList<>();

  @Override
  public synchronized void send(String text) {
    received.add(text);
  }

  @Override
  public synchronized void send(byte[] data) {
    received.add(data);
  }

  /** Everything sent so far, in order. */
  synchronized List<Object> received() {
    return List.copyOf(received);
  }

  /** The text messages sent so far, parsed, in order; forgets them. */
  synchronized List<JsonNode> takeJson() throws Exception {
    List<JsonNode> json = new ArrayList<>();
    for (Object message : received) {
      json.add(JSON.readTree((String) message));
    }
    received.clear();
    return json;
  }
}
