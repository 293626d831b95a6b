package dev.ippo.conformance;

/**
 * A case ended FAILED; the message says what was expected and what happened.
 *
 * <p>Immutable; thread safe.
 */
final class CaseFailure extends Exception {
  CaseFailure(String message) {
    super(message, null, false, false);
  }
}
