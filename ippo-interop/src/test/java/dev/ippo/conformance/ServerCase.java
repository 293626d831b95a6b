package dev.ippo.conformance;

import java.time.Duration;

/**
 * One case of the server suite: what a client sends and what it must see back.
 *
 * <p>Immutable; thread safe (a script keeps no state between runs).
 *
 * @param id the Autobahn-style id, e.g. {@code 5.3}
 * @param description what the case sends and expects, in a few words
 * @param timeout how long the whole case may take before it is FAILED as a hang
 * @param script the conversation
 */
record ServerCase(String id, String description, Duration timeout, Script script) {
  static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(4);

  /** A case's conversation with the server over a fresh connection. */
  @FunctionalInterface
  interface Script {
    /**
     * Runs the conversation.
     *
     * @return OK or NON_STRICT; a failure is thrown as {@link CaseFailure}
     */
    Outcome run(CaseSession session) throws Exception;
  }

  static ServerCase of(String id, String description, Script script) {
    return new ServerCase(id, description, DEFAULT_TIMEOUT, script);
  }

  static ServerCase slow(String id, String description, Duration timeout, Script script) {
    return new ServerCase(id, description, timeout, script);
  }
}
