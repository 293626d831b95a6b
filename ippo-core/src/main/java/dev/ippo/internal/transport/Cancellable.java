package dev.ippo.internal.transport;

/** A scheduled task that can still be called off. Thread safe. */
@FunctionalInterface
public interface Cancellable {
  /** Calls it off; nothing happens if it already ran. */
  void cancel();
}
