package dev.ippo.protocol;

import java.util.List;
import java.util.Set;
import java.util.function.BiConsumer;

/**
 * HTTP header fields: names compared without case, order and repeats kept.
 *
 * <p>Not thread safe while being changed; share it only after the last change.
 */
public final class Headers {

  public Headers() {}

  /** Adds a field, keeping any others of the same name. Returns this. */
  public Headers add(String name, String value) {
    throw new UnsupportedOperationException("todo");
  }

  /** Replaces every field of this name by one. Returns this. */
  public Headers set(String name, String value) {
    throw new UnsupportedOperationException("todo");
  }

  /** The first value of this field, or null. */
  public String get(String name) {
    throw new UnsupportedOperationException("todo");
  }

  /** Every value of this field, in order; empty if none. */
  public List<String> all(String name) {
    throw new UnsupportedOperationException("todo");
  }

  public boolean contains(String name) {
    throw new UnsupportedOperationException("todo");
  }

  /**
   * Whether any value of this field, read as a comma-separated list, holds {@code token}
   * (case-insensitive): {@code containsToken("Connection", "upgrade")}.
   */
  public boolean containsToken(String name, String token) {
    throw new UnsupportedOperationException("todo");
  }

  /** The field names as first written. */
  public Set<String> names() {
    throw new UnsupportedOperationException("todo");
  }

  /** Each field in order. */
  public void forEach(BiConsumer<String, String> action) {
    throw new UnsupportedOperationException("todo");
  }

  public int size() {
    throw new UnsupportedOperationException("todo");
  }
}
