package dev.ippo.cli;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * The {@code ippo} program: {@code ippo <command> [options]}.
 *
 * <p>Exit status: 0 on success, 1 when the command failed (a port in use), 2 for a wrong
 * command line. A server stopped by Ctrl-C ends as the JVM ends on SIGINT, with 130, once
 * the shutdown hook has closed it.
 *
 * <p>Not instantiable; {@link #run} is thread safe.
 */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    oneLineLogs();
    // Messages are Unicode; on JDK 17 System.out follows the locale (ASCII under LANG=C).
    PrintStream out = new PrintStream(new FileOutputStream(FileDescriptor.out), true,
        StandardCharsets.UTF_8);
    PrintStream err = new PrintStream(new FileOutputStream(FileDescriptor.err), true,
        StandardCharsets.UTF_8);
    int status = run(Arrays.asList(args), out, err);
    // A clean end returns normally so that a shutdown in progress is never blocked by exit.
    if (status != 0) {
      System.exit(status);
    }
  }

  /** Every command, in the order the usage lists them. */
  static List<Command> commands() {
    List<Command> commands = new ArrayList<>();
    commands.add(new EchoCommand());
    commands.add(new ListenCommand());
    commands.add(new BroadcastCommand());
    commands.add(new ChatCommand());
    commands.add(new ConnectCommand());
    List<Command> view = Collections.unmodifiableList(commands);
    commands.add(new HelpCommand(view));
    return view;
  }

  /**
   * Runs a command line (without the program name) to its end.
   *
   * @return the exit status
   */
  static int run(List<String> args, PrintStream out, PrintStream err) {
    List<Command> commands = commands();
    if (args.isEmpty()) {
      err.println("ippo: no command given");
      Usage.ofProgram(commands, err);
      return 2;
    }
    String name = args.get(0);
    if (name.equals("--help") || name.equals("-h")) {
      name = "help";
    }
    Command command = find(commands, name);
    if (command == null) {
      err.println("ippo: unknown command '" + name + "'");
      Usage.ofProgram(commands, err);
      return 2;
    }
    try {
      ParsedOptions options = OptionParser.parse(command.options(), args.subList(1, args.size()));
      if (options.has(Usage.HELP.name())) {
        Usage.ofCommand(command, out);
        return 0;
      }
      return command.run(options, out, err);
    } catch (UsageException e) {
      err.println("ippo " + command.name() + ": " + e.getMessage());
      Usage.ofCommand(command, err);
      return 2;
    }
  }

  private static Command find(List<Command> commands, String name) {
    for (Command command : commands) {
      if (command.name().equals(name)) {
        return command;
      }
    }
    return null;
  }

  /**
   * The core logs through System.Logger, which ends in java.util.logging and its two-line
   * records; one line each reads better next to the program's own output. A format given
   * with -D wins.
   */
  private static void oneLineLogs() {
    String key = "java.util.logging.SimpleFormatter.format";
    if (System.getProperty(key) == null) {
      System.setProperty(key, "ippo: %4$s: %5$s%6$s%n");
    }
  }
}
