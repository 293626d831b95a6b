package dev.ippo.cli.chat;

/**
 * A text message from a client, as {@link ClientMessageParser} read it. The fields are the
 * client's strings as sent; {@code validName()} and {@code validText()} apply the rules, so
 * that a message in the wrong state (a second join, a message before joining) is refused for
 * that first.
 *
 * <p>Immutable; thread safe.
 */
public sealed interface ClientMessage {
  /** The longest name, in characters (code points). */
  int MAX_NAME_LENGTH = 32;
  /** The longest text, in characters (code points). */
  int MAX_TEXT_LENGTH = 2000;

  /** The room a join without one goes to. */
  String LOBBY = "lobby";

  /**
   * {@code {"type":"join","name":"...","room":"..."}}; the room may be left out (null here),
   * which means the {@link #LOBBY}. Joining another room while in one moves there.
   */
  record Join(String name, String room) implements ClientMessage {
    /**
     * The name trimmed.
     *
     * @throws ChatError name_invalid when it is empty, over 32 characters or has a control
     *     character (a line break would forge lines in the page and in the log)
     */
    public String validName() throws ChatError {
      return label(name, "name", ErrorCode.NAME_INVALID);
    }

    /** The room trimmed, the lobby when none was given; the rules of a name. */
    public String validRoom() throws ChatError {
      return room == null ? LOBBY : label(room, "room", ErrorCode.ROOM_INVALID);
    }

    private static String label(String value, String what, ErrorCode invalid)
        throws ChatError {
      String trimmed = value.strip();
      int length = trimmed.codePointCount(0, trimmed.length());
      if (length == 0 || length > MAX_NAME_LENGTH) {
        throw new ChatError(invalid, "a " + what + " has 1 to " + MAX_NAME_LENGTH
            + " characters");
      }
      if (trimmed.codePoints().anyMatch(Join::isControl)) {
        throw new ChatError(invalid, "a " + what + " has no control characters");
      }
      return trimmed;
    }

    private static boolean isControl(int c) {
      int type = Character.getType(c);
      return Character.isISOControl(c)
          || type == Character.LINE_SEPARATOR || type == Character.PARAGRAPH_SEPARATOR;
    }
  }

  /** {@code {"type":"message","text":"..."}}. */
  record Say(String text) implements ClientMessage {
    /**
     * The text trimmed.
     *
     * @throws ChatError text_invalid when it is empty, text_too_long when over 2000 characters
     */
    public String validText() throws ChatError {
      String trimmed = text.strip();
      if (trimmed.isEmpty()) {
        throw new ChatError(ErrorCode.TEXT_INVALID, "the text is empty");
      }
      int length = trimmed.codePointCount(0, trimmed.length());
      if (length > MAX_TEXT_LENGTH) {
        throw new ChatError(ErrorCode.TEXT_TOO_LONG, "the text has " + length
            + " characters; at most " + MAX_TEXT_LENGTH + " are allowed");
      }
      return trimmed;
    }
  }
}
