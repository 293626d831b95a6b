package dev.ippo.cli;

/**
 * One {@code --name} option a command accepts, or one operand: an argument without dashes,
 * such as the URL of {@code ippo connect <url>}.
 *
 * <p>Immutable; thread safe.
 *
 * @param name the option's name without the dashes: {@code port} for {@code --port}
 * @param valueName what the value is called in the usage ({@code N}), or null for a flag
 * @param description one line for the usage
 * @param operand whether it is an operand, given by position rather than by name
 */
record OptionSpec(String name, String valueName, String description, boolean operand) {
  /** An option that takes a value: {@code --name VALUE}. */
  static OptionSpec valued(String name, String valueName, String description) {
    return new OptionSpec(name, valueName, description, false);
  }

  /** An option that takes no value: {@code --name}. */
  static OptionSpec flag(String name, String description) {
    return new OptionSpec(name, null, description, false);
  }

  /**
   * An operand, {@code <name>} in the usage: operands take the arguments without dashes in
   * the order the command lists them. The command says when one is missing.
   */
  static OptionSpec operand(String name, String description) {
    return new OptionSpec(name, null, description, true);
  }

  boolean takesValue() {
    return valueName != null;
  }

  /** How the usage shows it: {@code --port N}, or {@code <url>} for an operand. */
  String synopsis() {
    if (operand) {
      return "<" + name + ">";
    }
    return takesValue() ? "--" + name + " " + valueName : "--" + name;
  }
}
