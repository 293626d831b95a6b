package dev.ippo.conformance;

/**
 * How a peer did on one case, in the Autobahn TestSuite's terms.
 *
 * <p>Immutable; thread safe.
 */
enum Outcome {
  /** Exactly what RFC 6455 asks, in time. */
  OK("OK"),
  /** The right result, but late: e.g. invalid UTF-8 found only at the end of the message. */
  NON_STRICT("NON-STRICT"),
  /** Anything else: a wrong echo, a wrong or missing close code, a hang. */
  FAILED("FAILED");

  private final String label;

  Outcome(String label) {
    this.label = label;
  }

  /** The word used in expected files and reports. */
  String label() {
    return label;
  }
}
