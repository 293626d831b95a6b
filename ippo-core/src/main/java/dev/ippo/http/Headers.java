package dev.ippo.http;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.BiConsumer;

/**
 * HTTP header fields: names compared without case, order and repeats kept.
 *
 * <pre>{@code
 * Headers headers = new Headers().add("Set-Cookie", "a=1").add("Set-Cookie", "b=2");
 * headers.all("set-cookie"); // [a=1, b=2]
 * }</pre>
 *
 * <p>Not thread safe while being changed. A {@link #readOnlyCopy()} cannot be changed, so it
 * is thread safe: that is what Ippo hands to code that may run on any thread (the headers of
 * an {@link HttpRequest}, those of built options).
 */
public final class Headers {
  // Parallel lists: handshakes carry a dozen fields, so a scan beats a map.
  private final List<String> names;
  private final List<String> values;
  private final boolean readOnly;

  /** No fields yet. */
  public Headers() {
    this.names = new ArrayList<>();
    this.values = new ArrayList<>();
    this.readOnly = false;
  }

  private Headers(Headers from) {
    // Copied to exact size: every upgrade request makes one of these.
    this.names = new ArrayList<>(from.names);
    this.values = new ArrayList<>(from.values);
    this.readOnly = true;
  }

  /**
   * The same fields, in a copy that cannot be changed (this one itself if it cannot be).
   *
   * @return the read-only copy, or this object when it is read-only already
   */
  public Headers readOnlyCopy() {
    return readOnly ? this : new Headers(this);
  }

  /**
   * Whether {@link #add}, {@link #set} and {@link #remove} throw.
   *
   * @return true for a {@link #readOnlyCopy()}
   */
  public boolean isReadOnly() {
    return readOnly;
  }

  private void checkWritable() {
    if (readOnly) {
      throw new UnsupportedOperationException("these header fields are read-only");
    }
  }

  /**
   * Adds a field, keeping any others of the same name. Returns this.
   *
   * @param name the field's name, not null
   * @param value the field's value, not null
   * @return this object, for chaining
   * @throws UnsupportedOperationException on a read-only copy
   */
  public Headers add(String name, String value) {
    checkWritable();
    names.add(Objects.requireNonNull(name, "name"));
    values.add(Objects.requireNonNull(value, "value"));
    return this;
  }

  /**
   * Replaces every field of this name by one. Returns this.
   *
   * @param name the field's name, in any case; not null
   * @param value the one value it keeps, not null
   * @return this object, for chaining
   * @throws UnsupportedOperationException on a read-only copy
   */
  public Headers set(String name, String value) {
    remove(name);
    return add(name, value);
  }

  /**
   * Removes every field of this name. Returns this.
   *
   * @param name the field's name, in any case
   * @return this object, for chaining
   * @throws UnsupportedOperationException on a read-only copy
   */
  public Headers remove(String name) {
    checkWritable();
    for (int i = names.size() - 1; i >= 0; i--) {
      if (names.get(i).equalsIgnoreCase(name)) {
        names.remove(i);
        values.remove(i);
      }
    }
    return this;
  }

  /**
   * The first value of this field, or null.
   *
   * @param name the field's name, in any case
   * @return the first value, or null when the field is absent
   */
  public String get(String name) {
    for (int i = 0; i < names.size(); i++) {
      if (names.get(i).equalsIgnoreCase(name)) {
        return values.get(i);
      }
    }
    return null;
  }

  /**
   * Every value of this field, in order; empty if none.
   *
   * @param name the field's name, in any case
   * @return the values, in a new list
   */
  public List<String> all(String name) {
    List<String> found = new ArrayList<>(1);
    for (int i = 0; i < names.size(); i++) {
      if (names.get(i).equalsIgnoreCase(name)) {
        found.add(values.get(i));
      }
    }
    return found;
  }

  /**
   * Whether a field of this name is present.
   *
   * @param name the field's name, in any case
   * @return true when at least one field has this name
   */
  public boolean contains(String name) {
    return get(name) != null;
  }

  /**
   * Whether any value of this field, read as a comma-separated list, holds {@code token}
   * (case-insensitive): {@code containsToken("Connection", "upgrade")}.
   *
   * @param name the field's name, in any case
   * @param token the list element to look for, such as {@code upgrade}
   * @return true when some value of the field lists it
   */
  public boolean containsToken(String name, String token) {
    for (int i = 0; i < names.size(); i++) {
      if (names.get(i).equalsIgnoreCase(name) && listHolds(values.get(i), token)) {
        return true;
      }
    }
    return false;
  }

  /** Whether the comma-separated {@code list} has an element equal to {@code token}, ignoring
   * case and the whitespace around elements. Scans in place: no split, no substrings. */
  private static boolean listHolds(String list, String token) {
    int start = 0;
    while (start <= list.length()) {
      int comma = list.indexOf(',', start);
      int end = comma < 0 ? list.length() : comma;
      int from = start;
      int to = end;
      while (from < to && isOws(list.charAt(from))) {
        from++;
      }
      while (to > from && isOws(list.charAt(to - 1))) {
        to--;
      }
      if (to - from == token.length() && list.regionMatches(true, from, token, 0, to - from)) {
        return true;
      }
      start = end + 1;
    }
    return false;
  }

  private static boolean isOws(char c) {
    return c == ' ' || c == '\t';
  }

  /**
   * The value of this field when it occurs exactly once; null when it is absent or repeated.
   *
   * @param name the field's name, in any case
   * @return the value, or null
   */
  public String single(String name) {
    String found = null;
    for (int i = 0; i < names.size(); i++) {
      if (names.get(i).equalsIgnoreCase(name)) {
        if (found != null) {
          return null;
        }
        found = values.get(i);
      }
    }
    return found;
  }

  /**
   * The distinct field names, each as first written, in order.
   *
   * @return the names, unmodifiable
   */
  public Set<String> names() {
    Map<String, String> byLowerCase = new LinkedHashMap<>();
    for (String name : names) {
      byLowerCase.putIfAbsent(name.toLowerCase(Locale.ROOT), name);
    }
    return Collections.unmodifiableSet(new LinkedHashSet<>(byLowerCase.values()));
  }

  /**
   * Each field in order.
   *
   * @param action called with each field's name and value, in order
   */
  public void forEach(BiConsumer<String, String> action) {
    for (int i = 0; i < names.size(); i++) {
      action.accept(names.get(i), values.get(i));
    }
  }

  /**
   * The number of fields, repeats included.
   *
   * @return the number, 0 when there is none
   */
  public int size() {
    return names.size();
  }

  @Override
  public String toString() {
    StringBuilder text = new StringBuilder();
    forEach((name, value) -> text.append(name).append(": ").append(value).append("\r\n"));
    return text.toString();
  }
}
