package dev.ippo.cli.chat;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.UncheckedIOException;
import java.util.Collection;
import java.util.List;

/**
 * Builds the JSON text messages the server sends, fields in the order the protocol lists
 * them. The nodes it returns are never changed afterwards, so history may share them.
 *
 * <p>Stateless; thread safe.
 */
public final class ServerMessages {
  private static final ObjectMapper JSON = new ObjectMapper();

  private ServerMessages() {}

  /** {@code {"type":"message","name":..,"text":..,"time":..}}; kept in history. */
  static ObjectNode message(String name, String text, long time) {
    return JSON.createObjectNode()
        .put("type", "message").put("name", name).put("text", text).put("time", time);
  }

  /** {@code {"type":"join","name":..,"time":..}}; kept in history. */
  static ObjectNode joined(String name, long time) {
    return notice("join", name, time);
  }

  /** {@code {"type":"leave","name":..,"time":..}}; kept in history. */
  static ObjectNode left(String name, long time) {
    return notice("leave", name, time);
  }

  private static ObjectNode notice(String type, String name, long time) {
    return JSON.createObjectNode().put("type", type).put("name", name).put("time", time);
  }

  /** {@code {"type":"welcome","name":..,"room":..,"users":[..],"history":[..]}}. */
  static String welcome(String name, String room, Collection<String> users,
      List<JsonNode> history) {
    ObjectNode welcome = JSON.createObjectNode().put("type", "welcome").put("name", name)
        .put("room", room);
    welcome.set("users", names(users));
    welcome.putArray("history").addAll(history);
    return text(welcome);
  }

  /** {@code {"type":"users","users":[..]}}. */
  static String users(Collection<String> users) {
    ObjectNode message = JSON.createObjectNode().put("type", "users");
    message.set("users", names(users));
    return text(message);
  }

  /** {@code {"type":"rooms","rooms":[..]}}: the rooms someone is in, and the lobby. */
  static String rooms(Collection<String> rooms) {
    ObjectNode message = JSON.createObjectNode().put("type", "rooms");
    message.set("rooms", names(rooms));
    return text(message);
  }

  /** {@code {"type":"image","name":..,"mime":..,"size":..,"time":..}}, before the bytes. */
  static String image(String name, String mime, int size, long time) {
    return text(JSON.createObjectNode().put("type", "image").put("name", name)
        .put("mime", mime).put("size", size).put("time", time));
  }

  /** {@code {"type":"error","code":..,"message":..}}. */
  static String error(ErrorCode code, String message) {
    return text(JSON.createObjectNode()
        .put("type", "error").put("code", code.wireName()).put("message", message));
  }

  /** The node as one line of JSON. */
  static String text(JsonNode node) {
    try {
      return JSON.writeValueAsString(node);
    } catch (JsonProcessingException e) {
      // A tree of strings and numbers always serialises; this would be a Jackson bug.
      throw new UncheckedIOException(e);
    }
  }

  private static ArrayNode names(Collection<String> strings) {
    ArrayNode array = JSON.createArrayNode();
    strings.forEach(array::add);
    return array;
  }
}
