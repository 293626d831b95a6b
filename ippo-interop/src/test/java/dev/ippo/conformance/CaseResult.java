package dev.ippo.conformance;

/**
 * The result of one case against one peer.
 *
 * <p>Immutable; thread safe.
 *
 * @param id the case id, e.g. {@code 6.3.1}
 * @param outcome how the peer did
 * @param closeCode the code of the close frame the peer sent (1005 for an empty one), or null
 *     when it sent none
 * @param detail why it failed or was late; empty when OK
 * @param millis how long the case took
 */
record CaseResult(String id, Outcome outcome, Integer closeCode, String detail, long millis) {

  /** The line of an expected file: {@code id OUTCOME [closeCode]}. */
  String line() {
    return id + " " + outcome.label() + (closeCode == null ? "" : " " + closeCode);
  }
}
