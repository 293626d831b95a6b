package dev.ippo.cli.chat;

import java.util.Locale;

/**
 * Why the server refused a client's message: the {@code code} of an {@code error} message,
 * which pages and scripts may test. The wire name is the constant's name in lower case.
 *
 * <p>Immutable; thread safe.
 */
public enum ErrorCode {
  /** The text frame is not one JSON object. */
  INVALID_JSON,
  /** {@code type} is not {@code join} or {@code message}. */
  UNKNOWN_TYPE,
  /** A field the type needs ({@code type}, {@code name}, {@code text}) is absent. */
  MISSING_FIELD,
  /** A message or picture came before a successful join. */
  NOT_JOINED,
  /** A join to the room the connection is in already. */
  ALREADY_JOINED,
  /** The name is not a string of 1 to 32 characters without control characters. */
  NAME_INVALID,
  /** The room is not a string of 1 to 32 characters without control characters. */
  ROOM_INVALID,
  /** Someone in the room already has this name, ignoring case. */
  NAME_TAKEN,
  /** The text is not a string, or is empty once trimmed. */
  TEXT_INVALID,
  /** The text is over 2000 characters once trimmed. */
  TEXT_TOO_LONG,
  /** The binary message is not a PNG, JPEG, GIF or WebP picture. */
  NOT_AN_IMAGE,
  /** The picture is over 512 KiB. */
  IMAGE_TOO_LARGE,
  /** Over 10 messages a second (bursts of 20): the message was dropped. */
  RATE_LIMITED;

  /** The name on the wire: {@code invalid_json}. */
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
