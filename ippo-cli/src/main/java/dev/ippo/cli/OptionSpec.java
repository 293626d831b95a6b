package dev.ippo.cli;

/**
 * One {@code --name} option a command accepts.
 *
 * <p>Immutable; thread safe.
 *
 * @param name the option's name without the dashes: {@code port} for {@code --port}
 * @param valueName what the value is called in the usage ({@code N}), or null for a flag
 * @param description one line for the usage
 */
record OptionSpec(String name, String valueName, String description) {
  /** An option that takes a value: {@code --name VALUE}. */
  static OptionSpec valued(String name, String valueName, String description) {
    return new OptionSpec(name, valueName, description);
  }

  /** An option that takes no value: {@code --name}. */
  static OptionSpec flag(String name, String description) {
    return new OptionSpec(name, null, description);
  }

  boolean takesValue() {
    return valueName != null;
  }

  /** How the usage shows it: {@code --port N}. */
  String synopsis() {
    return takesValue() ? "--" + name + " " + valueName : "--" + name;
  }
}
