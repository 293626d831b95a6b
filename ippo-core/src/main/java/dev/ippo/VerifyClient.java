package dev.ippo;

import dev.ippo.http.Headers;
import dev.ippo.http.HttpRequest;

/**
 * Decides whether to accept an opening handshake, now or later (after a database look-up,
 * say): call exactly one of the {@link Verdict}'s methods, from any thread. Like
 * {@code verifyClient} of Node's {@code ws} with its callback.
 *
 * <pre>{@code
 * .verifyClient((request, verdict) -> {
 *   if ("https://example.com".equals(request.header("Origin"))) verdict.accept();
 *   else verdict.reject(403, "origin not allowed");
 * })
 * }</pre>
 *
 * <p>Called on the connection's event loop thread; do not block it.
 */
@FunctionalInterface
public interface VerifyClient {
  void verify(HttpRequest request, Verdict verdict);

  /** The answer to one handshake. Only the first call counts. */
  interface Verdict {
    void accept();

    /** Refuses with this HTTP status, a text body and extra header fields (may be null). */
    void reject(int status, String message, Headers headers);

    /** Refuses with this HTTP status. */
    default void reject(int status) {
      reject(status, "", null);
    }
  }
}
