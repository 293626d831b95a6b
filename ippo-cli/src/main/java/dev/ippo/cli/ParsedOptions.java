package dev.ippo.cli;

import java.util.Map;

/**
 * The options given on a command line, by name, after {@link OptionParser} checked them.
 *
 * <p>Immutable; thread safe.
 */
final class ParsedOptions {
  private final Map<String, String> values;

  ParsedOptions(Map<String, String> values) {
    this.values = Map.copyOf(values);
  }

  /** Whether the option was given (for a flag, whether it is on). */
  boolean has(String name) {
    return values.containsKey(name);
  }

  /** The value given, or {@code fallback} when the option was not given. */
  String get(String name, String fallback) {
    return values.getOrDefault(name, fallback);
  }

  /**
   * The value given as a TCP port, or {@code fallback} when the option was not given.
   *
   * @throws UsageException when the value is not a number from 0 to 65535
   */
  int port(String name, int fallback) throws UsageException {
    String value = values.get(name);
    if (value == null) {
      return fallback;
    }
    try {
      int port = Integer.parseInt(value);
      if (port >= 0 && port <= 65535) {
        return port;
      }
    } catch (NumberFormatException e) {
      // reported below, with the value the user typed
    }
    throw new UsageException("--" + name + " needs a port number from 0 to 65535, not '"
        + value + "'");
  }
}
