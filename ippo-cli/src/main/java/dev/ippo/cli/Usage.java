package dev.ippo.cli;

import java.io.PrintStream;
import java.util.List;

/**
 * Writes the usage text of the program and of each command.
 *
 * <p>Stateless; thread safe.
 */
final class Usage {
  private Usage() {}

  /** The help flag every command takes. */
  static final OptionSpec HELP = OptionSpec.flag("help", "show this help and exit");

  /** The program's usage: every command with its options. */
  static void ofProgram(List<Command> commands, PrintStream to) {
    to.println("usage: ippo <command> [options]");
    to.println();
    to.println("commands:");
    for (Command command : commands) {
      to.println("  " + synopsis(command));
      to.println("      " + command.summary());
    }
    to.println();
    to.println("'ippo <command> --help' describes the options of a command.");
  }

  /** One command's usage: its synopsis, summary and options. */
  static void ofCommand(Command command, PrintStream to) {
    to.println("usage: " + synopsis(command));
    to.println();
    to.println(command.summary());
    to.println();
    to.println("options:");
    int width = 0;
    for (OptionSpec option : command.options()) {
      width = Math.max(width, option.synopsis().length());
    }
    for (OptionSpec option : command.options()) {
      to.println("  " + pad(option.synopsis(), width) + "  " + option.description());
    }
  }

  /**
   * {@code ippo echo [--port N] [--host H]}, operands first and unbracketed
   * ({@code ippo connect <url> ...}); {@code --help} goes without saying.
   */
  private static String synopsis(Command command) {
    StringBuilder line = new StringBuilder("ippo ").append(command.name());
    for (OptionSpec option : command.options()) {
      if (option.operand()) {
        line.append(' ').append(option.synopsis());
      }
    }
    for (OptionSpec option : command.options()) {
      if (!option.equals(HELP) && !option.operand()) {
        line.append(" [").append(option.synopsis()).append(']');
      }
    }
    return line.toString();
  }

  private static String pad(String s, int width) {
    return s + " ".repeat(width - s.length());
  }
}
