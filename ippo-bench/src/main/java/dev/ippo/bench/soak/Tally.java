package dev.ippo.bench.soak;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What one kind of soak peer did: lives begun and finished, how each ended when a peer may
 * end more than one way (a slow reader kept up with, or dropped), and failures, the first
 * few kept word for word.
 *
 * <p>Thread safe: every slot of one kind counts into the same tally.
 */
final class Tally {
  private static final int KEPT_FAILURES = 5;

  final String kind;
  private final AtomicLong slots = new AtomicLong();
  private final AtomicLong lives = new AtomicLong();
  private final AtomicLong messages = new AtomicLong();
  private final AtomicLong failures = new AtomicLong();
  private final AtomicLong[] outcomes;
  private final String[] outcomeNames;
  private final List<String> firstFailures = new ArrayList<>();

  /** @param outcomeNames the ways a life may end well, counted apart */
  Tally(String kind, String... outcomeNames) {
    this.kind = kind;
    this.outcomeNames = outcomeNames;
    this.outcomes = new AtomicLong[outcomeNames.length];
    for (int i = 0; i < outcomes.length; i++) {
      outcomes[i] = new AtomicLong();
    }
  }

  /** One more slot lives this kind's lives. */
  void slotAdded() {
    slots.incrementAndGet();
  }

  long slots() {
    return slots.get();
  }

  /** A life that ended as it should, in the first (or only) way. */
  void lived() {
    lives.incrementAndGet();
  }

  /** A life that ended as it should, in the way named {@code outcomeNames[outcome]}. */
  void lived(int outcome) {
    lives.incrementAndGet();
    outcomes[outcome].incrementAndGet();
  }

  /** Messages this kind saw answered (echoes, its own chat lines heard back). */
  void answered(int count) {
    messages.addAndGet(count);
  }

  void failed(String what) {
    failures.incrementAndGet();
    synchronized (firstFailures) {
      if (firstFailures.size() < KEPT_FAILURES) {
        firstFailures.add(what);
      }
    }
  }

  long lives() {
    return lives.get();
  }

  long messages() {
    return messages.get();
  }

  long failures() {
    return failures.get();
  }

  /** The outcomes, as {@code name n, name n}; empty when there is only one way to end. */
  String outcomes() {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < outcomes.length; i++) {
      out.append(i == 0 ? "" : ", ").append(outcomeNames[i]).append(' ')
          .append(outcomes[i].get());
    }
    return out.toString();
  }

  List<String> firstFailures() {
    synchronized (firstFailures) {
      return List.copyOf(firstFailures);
    }
  }
}
