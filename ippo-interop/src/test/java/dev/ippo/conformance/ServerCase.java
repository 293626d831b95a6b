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
 * @param path the request path, which a target may serve with a server of its own (e.g.
 *     {@code /small}, a small maxPayload)
 * @param offer the {@code Sec-WebSocket-Extensions} the client offers, or null for none; an
 *     offer the server must accept (a run fails the case when the answer is missing or not
 *     valid for the offer)
 * @param script the conversation
 */
record ServerCase(String id, String description, Duration timeout, String path, String offer,
    Script script) {
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
    return new ServerCase(id, description, DEFAULT_TIMEOUT, "/", null, script);
  }

  static ServerCase slow(String id, String description, Duration timeout, Script script) {
    return new ServerCase(id, description, timeout, "/", null, script);
  }

  /** This case with {@code offer} made, which the server must accept. */
  ServerCase offering(String offer) {
    return new ServerCase(id, description, timeout, path, offer, script);
  }

  /** This case on another path of the target. */
  ServerCase on(String path) {
    return new ServerCase(id, description, timeout, path, offer, script);
  }
}
