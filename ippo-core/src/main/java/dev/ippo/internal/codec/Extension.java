package dev.ippo.internal.codec;

import java.util.List;

/**
 * One element of a {@code Sec-WebSocket-Extensions} list: an extension's name and its
 * parameters in the order they came (RFC 6455 section 9.1).
 *
 * <pre>{@code
 * // permessage-deflate; client_max_window_bits; server_max_window_bits=10
 * new Extension("permessage-deflate", List.of(
 *     new Extension.Parameter("client_max_window_bits", null),
 *     new Extension.Parameter("server_max_window_bits", "10")));
 * }</pre>
 *
 * @param name the extension token
 * @param parameters its parameters; a parameter's value is null when it has none, and a
 *     quoted value comes unquoted
 */
public record Extension(String name, List<Parameter> parameters) {
  public Extension {
    parameters = List.copyOf(parameters);
  }

  /** A parameter: {@code name} or {@code name=value}. */
  public record Parameter(String name, String value) {}

  /** The element as it goes in a header: {@code name; p1; p2=v}. */
  @Override
  public String toString() {
    StringBuilder out = new StringBuilder(name);
    for (Parameter p : parameters) {
      out.append("; ").append(p.name());
      if (p.value() != null) {
        out.append('=').append(p.value());
      }
    }
    return out.toString();
  }
}
