package dev.ippo.cli;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The options given on a command line, by name, after {@link OptionParser} checked them.
 * Operands are found by their name too.
 *
 * <p>Immutable; thread safe.
 */
final class ParsedOptions {
  private final Map<String, List<String>> values;

  /** @param values every value of each option given, in command-line order */
  ParsedOptions(Map<String, List<String>> values) {
    Map<String, List<String>> copy = new HashMap<>();
    values.forEach((name, given) -> copy.put(name, List.copyOf(given)));
    this.values = Map.copyOf(copy);
  }

  /** Whether the option was given (for a flag, whether it is on). */
  boolean has(String name) {
    return values.containsKey(name);
  }

  /** The value given last, or {@code fallback} when the option was not given. */
  String get(String name, String fallback) {
    List<String> given = values.get(name);
    return given == null ? fallback : given.get(given.size() - 1);
  }

  /** Every value given, in order: for an option meant to be repeated. Empty when none. */
  List<String> all(String name) {
    return values.getOrDefault(name, List.of());
  }

  /**
   * The value given as a TCP port, or {@code fallback} when the option was not given.
   *
   * @throws UsageException when the value is not a number from 0 to 65535
   */
  int port(String name, int fallback) throws UsageException {
    String value = get(name, null);
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

  /**
   * The value given as a number of seconds (decimals allowed, to the millisecond), or
   * {@code fallback} when the option was not given.
   *
   * @throws UsageException when the value is not a number of seconds, 0 or more
   */
  Duration seconds(String name, Duration fallback) throws UsageException {
    String value = get(name, null);
    if (value == null) {
      return fallback;
    }
    try {
      BigDecimal seconds = new BigDecimal(value);
      if (seconds.signum() >= 0) {
        return Duration.ofMillis(
            seconds.movePointRight(3).setScale(0, RoundingMode.HALF_UP).longValueExact());
      }
    } catch (NumberFormatException | ArithmeticException e) {
      // reported below, with the value the user typed
    }
    throw new UsageException("--" + name + " needs a number of seconds, 0 or more, not '"
        + value + "'");
  }
}
