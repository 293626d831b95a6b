package dev.ippo.internal.engine;

/**
 * The HTTP proxy a client connection goes through, as the engine needs it: where it is, and
 * what to send it in {@code Proxy-Authorization}. The client looks up the proxy's name, not
 * the server's, which only the proxy resolves.
 *
 * <p>Immutable; thread safe.
 *
 * @param host the proxy's name or address (an IPv6 literal in brackets, as in a URL)
 * @param port the proxy's port
 * @param authorization the {@code Proxy-Authorization} value, or null to send none
 */
public record ProxyRoute(String host, int port, String authorization) {
  /** {@code host:port}, as messages name the proxy. */
  public String address() {
    return host + ":" + port;
  }

  /** Leaves the credentials out, so a log line cannot show them. */
  @Override
  public String toString() {
    return "ProxyRoute[" + address() + (authorization == null ? "" : ", with credentials") + "]";
  }
}
