package dev.ippo.interop;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One line of JSON that a Node test script printed: a flat object whose values are strings,
 * numbers, booleans or null. Enough for the scripts' result lines, and strict about anything
 * else, so a malformed line fails the test that reads it.
 *
 * <p>Immutable; thread safe.
 */
final class JsonLine {
  private final String source;
  private final Map<String, Object> fields;

  private JsonLine(String source, Map<String, Object> fields) {
    this.source = source;
    this.fields = fields;
  }

  static JsonLine parse(String line) {
    return new JsonLine(line, new Parser(line).object());
  }

  /** The string field {@code key}; fails when it is missing or not a string. */
  String string(String key) {
    return (String) get(key, String.class);
  }

  /** The number field {@code key} as a long; fails when it is missing or not a whole number. */
  long number(String key) {
    return (Long) get(key, Long.class);
  }

  boolean bool(String key) {
    return (Boolean) get(key, Boolean.class);
  }

  boolean has(String key) {
    return fields.containsKey(key);
  }

  private Object get(String key, Class<?> type) {
    Object value = fields.get(key);
    if (!type.isInstance(value)) {
      throw new AssertionError(
          "expected a " + type.getSimpleName() + " '" + key + "' in " + source);
    }
    return value;
  }

  @Override
  public String toString() {
    return source;
  }

  /** A recursive-descent reader of one flat JSON object. */
  private static final class Parser {
    private final String s;
    private int i;

    Parser(String s) {
      this.s = s;
    }

    Map<String, Object> object() {
      Map<String, Object> out = new LinkedHashMap<>();
      skipSpace();
      expect('{');
      skipSpace();
      if (peek() == '}') {
        i++;
        return end(out);
      }
      while (true) {
        skipSpace();
        String key = string();
        skipSpace();
        expect(':');
        skipSpace();
        out.put(key, value());
        skipSpace();
        char c = next();
        if (c == '}') {
          return end(out);
        }
        if (c != ',') {
          throw error("expected ',' or '}'");
        }
      }
    }

    private Map<String, Object> end(Map<String, Object> out) {
      skipSpace();
      if (i != s.length()) {
        throw error("text after the object");
      }
      return out;
    }

    private Object value() {
      char c = peek();
      if (c == '"') {
        return string();
      }
      if (s.startsWith("true", i)) {
        i += 4;
        return Boolean.TRUE;
      }
      if (s.startsWith("false", i)) {
        i += 5;
        return Boolean.FALSE;
      }
      if (s.startsWith("null", i)) {
        i += 4;
        return null;
      }
      int start = i;
      if (c == '-') {
        i++;
      }
      while (i < s.length() && Character.isDigit(s.charAt(i))) {
        i++;
      }
      if (start == i) {
        throw error("expected a value");
      }
      return Long.parseLong(s.substring(start, i));
    }

    private String string() {
      expect('"');
      StringBuilder b = new StringBuilder();
      while (true) {
        char c = next();
        if (c == '"') {
          return b.toString();
        }
        if (c != '\\') {
          b.append(c);
          continue;
        }
        char e = next();
        switch (e) {
          case '"', '\\', '/' -> b.append(e);
          case 'b' -> b.append('\b');
          case 'f' -> b.append('\f');
          case 'n' -> b.append('\n');
          case 'r' -> b.append('\r');
          case 't' -> b.append('\t');
          case 'u' -> {
            if (i + 4 > s.length()) {
              throw error("short \\u escape");
            }
            b.append((char) Integer.parseInt(s.substring(i, i + 4), 16));
            i += 4;
          }
          default -> throw error("bad escape \\" + e);
        }
      }
    }

    private void skipSpace() {
      while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
        i++;
      }
    }

    private char peek() {
      if (i >= s.length()) {
        throw error("unexpected end");
      }
      return s.charAt(i);
    }

    private char next() {
      char c = peek();
      i++;
      return c;
    }

    private void expect(char c) {
      if (next() != c) {
        throw error("expected '" + c + "'");
      }
    }

    private AssertionError error(String what) {
      return new AssertionError("bad JSON from node (" + what + " at " + i + "): " + s);
    }
  }
}
