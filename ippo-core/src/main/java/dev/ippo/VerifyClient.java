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
  /**
   * Decides one handshake by calling one of {@code verdict}'s methods, now or later.
   *
   * @param request the opening handshake's request
   * @param verdict takes the answer, from any thread
   */
  void verify(HttpRequest request, Verdict verdict);

  /** The answer to one handshake. Only the first call counts. */
  interface Verdict {
    /** Accepts the handshake: the server answers 101 and the connection opens. */
    void accept();

    /**
     * Refuses with this HTTP status, a text body and extra header fields (may be null).
     *
     * @param status the HTTP status code, such as 401 or 403
     * @param message the body's text, sent as UTF-8 ({@code text/plain} unless
     *     {@code headers} has a Content-Type); null for none
     * @param headers extra header fields, or null for none
     */
    void reject(int status, String message, Headers headers);

    /**
     * Refuses with this HTTP status.
     *
     * @param status the HTTP status code, such as 401 or 403; the body is empty
     */
    default void reject(int status) {
      reject(status, "", null);
    }
  }
}
