package dev.ippo.cli.chat;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

/**
 * Reads a client's text frame into a {@link ClientMessage}: one JSON object with a known
 * {@code type} and the fields that type needs, as strings. Fields it does not know are
 * ignored. The values are not validated here; see {@link ClientMessage}.
 *
 * <p>Stateless; thread safe.
 */
public final class ClientMessageParser {
  private static final ObjectMapper JSON = JsonMapper.builder()
      // "{...} junk" and {"a":1,"a":2} are not one clear object.
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
      .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
      .build();

  private ClientMessageParser() {}

  /**
   * @throws ChatError invalid_json, unknown_type, missing_field, or name_invalid /
   *     room_invalid / text_invalid when the field is there but is not a string
   */
  public static ClientMessage parse(String frame) throws ChatError {
    JsonNode root;
    try {
      root = JSON.readTree(frame);
    } catch (JacksonException e) {
      throw new ChatError(ErrorCode.INVALID_JSON, "the message is not valid JSON");
    }
    if (root == null || !root.isObject()) {
      throw new ChatError(ErrorCode.INVALID_JSON, "the message is not a JSON object");
    }
    JsonNode type = root.get("type");
    if (type == null) {
      throw new ChatError(ErrorCode.MISSING_FIELD, "the message has no \"type\"");
    }
    String kind = type.isTextual() ? type.textValue() : null;
    if ("join".equals(kind)) {
      JsonNode room = root.get("room");
      return new ClientMessage.Join(
          string(root, "name", ErrorCode.NAME_INVALID, "the name is not a string"),
          room == null || room.isNull() ? null
              : string(root, "room", ErrorCode.ROOM_INVALID, "the room is not a string"));
    }
    if ("message".equals(kind)) {
      return new ClientMessage.Say(
          string(root, "text", ErrorCode.TEXT_INVALID, "the text is not a string"));
    }
    throw new ChatError(ErrorCode.UNKNOWN_TYPE, "the type is not \"join\" or \"message\"");
  }

  private static String string(JsonNode root, String field, ErrorCode notString, String why)
      throws ChatError {
    JsonNode value = root.get(field);
    if (value == null || value.isNull()) {
      throw new ChatError(ErrorCode.MISSING_FIELD, "the message has no \"" + field + "\"");
    }
    if (!value.isTextual()) {
      throw new ChatError(notString, why);
    }
    return value.textValue();
  }
}
