package dev.ippo.cli;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads {@code --name value}, {@code --name=value} and {@code --flag} arguments against the
 * options a command declares. Positional arguments are refused: no command takes any yet.
 * An option given twice keeps its last value, as most Unix programs do.
 *
 * <p>Stateless; thread safe.
 */
final class OptionParser {
  private OptionParser() {}

  /**
   * Parses {@code args} against {@code specs}.
   *
   * @throws UsageException for an unknown option, a missing value, a value given to a flag,
   *     or a positional argument; its message names the culprit
   */
  static ParsedOptions parse(List<OptionSpec> specs, List<String> args) throws UsageException {
    Map<String, String> values = new HashMap<>();
    for (int i = 0; i < args.size(); i++) {
      String arg = args.get(i);
      if (arg.startsWith("-") && !arg.startsWith("--")) {
        throw new UsageException("unknown option " + arg + " (options are spelt --name)");
      }
      if (!arg.startsWith("--") || arg.equals("--")) {
        throw new UsageException("unexpected argument '" + arg + "'");
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
      values.put(name, value);
    }
    return new ParsedOptions(values);
  }

  private static OptionSpec find(List<OptionSpec> specs, String name) {
    for (OptionSpec spec : specs) {
      if (spec.name().equals(name)) {
        return spec;
      }
    }
    return null;
  }
}
