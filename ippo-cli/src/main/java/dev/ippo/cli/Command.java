package dev.ippo.cli;

import java.io.PrintStream;
import java.util.List;

/**
 * One subcommand of the {@code ippo} program. {@link Main} finds it by name, parses its
 * options and answers {@code --help}; the command does the rest.
 *
 * <p>Implementations are stateless between runs and thread safe.
 */
interface Command {
  /** The word that selects it: {@code ippo <name>}. */
  String name();

  /** One sentence for the usage. */
  String summary();

  /** The options it accepts, {@code --help} included. */
  List<OptionSpec> options();

  /**
   * Runs the command to its end: a server command returns only once its server is closed.
   *
   * @return the exit status
   * @throws UsageException when an option's value is wrong
   */
  int run(ParsedOptions options, PrintStream out, PrintStream err) throws UsageException;
}
