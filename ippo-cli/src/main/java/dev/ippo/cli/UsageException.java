package dev.ippo.cli;

/**
 * The command line is wrong: the message is the one line the user sees before the usage,
 * and the program exits with status 2.
 */
final class UsageException extends Exception {
  private static final long serialVersionUID = 1L;

  UsageException(String message) {
    super(message);
  }
}
