package dev.ippo.cli.chat;

/**
 * A client's message was refused: the code and the human text of the {@code error} message
 * that goes back to that client alone. Never reaches the other clients, never closes the
 * connection.
 *
 * <p>Immutable; thread safe.
 */
public final class ChatError extends Exception {
  private static final long serialVersionUID = 1L;

  private final ErrorCode code;

  ChatError(ErrorCode code, String message) {
    // No stack trace: this is an answer to a client, not a fault of the program.
    super(message, null, false, false);
    this.code = code;
  }

  public ErrorCode code() {
    return code;
  }
}
