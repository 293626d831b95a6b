package dev.ippo.cli;

import java.io.PrintStream;
import java.util.List;

/**
 * {@code ippo help}: prints the program's usage on standard output.
 *
 * <p>Immutable; thread safe.
 */
final class HelpCommand implements Command {
  private final List<Command> commands;

  /** @param commands every command of the program, this one included; read at each run */
  HelpCommand(List<Command> commands) {
    this.commands = commands;
  }

  @Override
  public String name() {
    return "help";
  }

  @Override
  public String summary() {
    return "Lists the commands and their options.";
  }

  @Override
  public List<OptionSpec> options() {
    return List.of(Usage.HELP);
  }

  @Override
  public int run(ParsedOptions options, PrintStream out, PrintStream err) {
    Usage.ofProgram(commands, out);
    return 0;
  }
}
