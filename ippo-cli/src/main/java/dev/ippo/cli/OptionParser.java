package dev.ippo.cli;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads {@code --name value}, {@code --name=value} and {@code --flag} arguments against the
 * options a command declares. Arguments without dashes fill the command's operands in order
 * and are refused beyond them. An option given twice keeps every value: {@link
 * ParsedOptions#get} gives the last, as most Unix programs do, and {@link ParsedOptions#all}
 * all of them, for options meant to be repeated.
 *
 * <p>Stateless; thread safe.
 */
final class OptionParser {
  private OptionParser() {}

  /**
   * Parses {@code args} against {@code specs}.
   *
   * @throws UsageException for an unknown option, a missing value, a value given to a flag,
   *     or an argument without dashes beyond the operands; its message names the culprit
   */
  static ParsedOptions parse(List<OptionSpec> specs, List<String> args) throws UsageException {
    Map<String, List<String>> values = new HashMap<>();
    List<OptionSpec> operands = specs.stream().filter(OptionSpec::operand).toList();
    int operandsGiven = 0;
    for (int i = 0; i < args.size(); i++) {
      String arg = args.get(i);
      if (arg.startsWith("-") && !arg.startsWith("--")) {
        throw new UsageException("unknown option " + arg + " (options are spelt --name)");
      }
      if (!arg.startsWith("--") || arg.equals("--")) {
        if (arg.equals("--") || operandsGiven == operands.size()) {
          throw new UsageException("unexpected argument '" + arg + "'");
        }
        add(values, operands.get(operandsGiven++).name(), arg);
        continue;
      }
      int equals = arg.indexOf('=');
      String name = equals < 0 ? arg.substring(2) : arg.substring(2, equals);
      OptionSpec spec = find(specs, name);
      if (spec == null) {
        throw new UsageException("unknown option --" + name);
      }
      String value;
      if (!spec.takesValue()) {
        if (equals >= 0) {
          throw new UsageException("--" + name + " takes no value");
        }
        value = "";
      } else if (equals >= 0) {
        value = arg.substring(equals + 1);
      } else if (i + 1 < args.size() && !args.get(i + 1).startsWith("--")) {
        value = args.get(++i);
      } else {
        throw new UsageException("--" + name + " needs a value (" + spec.synopsis() + ")");
      }
      add(values, name, value);
    }
    return new ParsedOptions(values);
  }

  private static void add(Map<String, List<String>> values, String name, String value) {
    values.computeIfAbsent(name, n -> new ArrayList<>()).add(value);
  }

  private static OptionSpec find(List<OptionSpec> specs, String name) {
    for (OptionSpec spec : specs) {
      if (spec.name().equals(name) && !spec.operand()) {
        return spec;
      }
    }
    return null;
  }
}
