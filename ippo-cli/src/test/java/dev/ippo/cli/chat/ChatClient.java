package dev.ippo.cli.chat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ippo.cli.TestClient;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A chat client: a {@link TestClient} on the chat's endpoint that speaks the chat's JSON.
 * Thread safe.
 */
final class ChatClient implements AutoCloseable {
  static final ObjectMapper JSON = new ObjectMapper();

  private final TestClient client;

  private ChatClient(TestClient client) {
    this.client = client;
  }

  /** Connects; the first message, the room list, is checked and taken. */
  static ChatClient connect(int port) throws Exception {
    ChatClient client = new ChatClient(TestClient.connect(port, ChatService.ENDPOINT));
    JsonNode rooms = client.nextJson();
    assertEquals("rooms", rooms.path("type").asText(), "expected the room list: " + rooms);
    return client;
  }

  /** Connects and joins as {@code name}; the welcome is taken and returned. */
  static ChatClient joined(int port, String name) throws Exception {
    ChatClient client = connect(port);
    client.sendJson(Map.of("type", "join", "name", name));
    JsonNode welcome = client.nextJson();
    assertEquals("welcome", welcome.path("type").asText(), "expected a welcome: " + welcome);
    return client;
  }

  void send(String message) throws Exception {
    client.send(message);
  }

  void send(byte[] message) throws Exception {
    client.send(message);
  }

  void sendJson(Object message) throws Exception {
    send(JSON.writeValueAsString(message));
  }

  void say(String text) throws Exception {
    sendJson(Map.of("type", "message", "text", text));
  }

  /** A barrier: see {@link TestClient#sync}. */
  void sync(String tag) throws Exception {
    client.sync(tag);
  }

  /** The next message, a String or a byte[]. */
  Object next() throws InterruptedException {
    return client.next();
  }

  JsonNode nextJson() throws Exception {
    Object message = next();
    assertInstanceOf(String.class, message, "expected a text message");
    return JSON.readTree((String) message);
  }

  byte[] nextBinary() throws Exception {
    Object message = next();
    assertInstanceOf(byte[].class, message, "expected a binary message");
    return (byte[]) message;
  }

  /** Takes the next message and checks it is this JSON (any field order). */
  void expect(String json) throws Exception {
    assertEquals(JSON.readTree(json), nextJson());
  }

  /** Takes the next message and checks it is an error with this code and a human text. */
  void expectError(ErrorCode code) throws Exception {
    JsonNode error = nextJson();
    assertEquals(List.of("type", "code", "message"), fieldNames(error), error.toString());
    assertEquals("error", error.get("type").textValue());
    assertEquals(code.wireName(), error.get("code").textValue(), error.toString());
    assertTrue(error.get("message").isTextual() && !error.get("message").textValue().isBlank(),
        error.toString());
  }

  /** Whether the connection is still open from this side. */
  boolean isOpen() {
    return client.isOpen();
  }

  static List<String> fieldNames(JsonNode node) {
    List<String> names = new ArrayList<>();
    node.fieldNames().forEachRemaining(names::add);
    return names;
  }

  /** Closes with 1000 and waits for the server's close frame. */
  @Override
  public void close() throws Exception {
    client.close();
  }
}
