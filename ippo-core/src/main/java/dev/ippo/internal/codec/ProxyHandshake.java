package dev.ippo.internal.codec;

import java.nio.ByteBuffer;

/**
 * The client's side of an HTTP proxy's CONNECT (RFC 9110 section 9.3.6), with no I/O: the
 * request that asks the proxy for a tunnel to the server, and the reading of its answer. A
 * 2xx answer opens the tunnel, and every byte after its head is the server's, for the layer
 * above (TLS, or the WebSocket handshake); any other answer ends the attempt with a
 * {@link ProxyException} that names the proxy and says what it answered.
 *
 * <pre>
 * CONNECT example.com:443 HTTP/1.1
 * Host: example.com:443
 * Proxy-Authorization: Basic dXNlcjpwYXNz      (only with credentials)
 *
 * HTTP/1.1 200 Connection established          (then the tunnel: the server's bytes)
 * </pre>
 *
 * <p>Not thread safe: one attempt's, read on its loop thread.
 */
public final class ProxyHandshake {
  /**
   * A proxy's answer head is a few hundred bytes; a 407 names its schemes in a line or two.
   * 16 KiB keeps a proxy (or something else at its address) from growing the head forever.
   */
  public static final int MAX_ANSWER_HEAD = 16 * 1024;

  private final String proxy;
  private final String target;
  private final String authorization;
  private final HttpHeadReader head = new HttpHeadReader(MAX_ANSWER_HEAD);

  /**
   * @param proxy the proxy as {@code host:port}, for the messages
   * @param target the server as {@code host:port} (an IPv6 literal in brackets): the
   *     tunnel's far end
   * @param authorization the {@code Proxy-Authorization} value ({@code Basic ...}), or null
   *     to send none
   */
  public ProxyHandshake(String proxy, String target, String authorization) {
    this.proxy = proxy;
    this.target = target;
    this.authorization = authorization;
  }

  /** The proxy as {@code host:port}. */
  public String proxy() {
    return proxy;
  }

  /** The server the tunnel leads to, as {@code host:port}. */
  public String target() {
    return target;
  }

  /** The CONNECT request, to send once the connection to the proxy is up. */
  public ByteBuffer request() {
    StringBuilder request = new StringBuilder(128);
    request.append("CONNECT ").append(target).append(" HTTP/1.1\r\n");
    // RFC 9112 asks for Host on every HTTP/1.1 request; for CONNECT it repeats the target.
    HttpSyntax.appendField(request, "Host", target);
    if (authorization != null) {
      HttpSyntax.appendField(request, "Proxy-Authorization", authorization);
    }
    request.append("\r\n");
    return HttpSyntax.encode(request);
  }

  /**
   * Reads the proxy's answer from {@code data}. Returns true once the tunnel is open, with
   * {@code data}'s position just after the answer's head, so what remains is the server's;
   * returns false while the head is not all there, having taken all of {@code data}.
   *
   * @throws ProxyException when the answer is not 2xx, not HTTP, or longer than
   *     {@link #MAX_ANSWER_HEAD}
   */
  public boolean read(ByteBuffer data) throws ProxyException {
    HttpResponse answer;
    try {
      ByteBuffer bytes = head.read(data);
      if (bytes == null) {
        return false;
      }
      answer = HttpResponse.parse(bytes);
    } catch (HandshakeException e) {
      throw e.status() == 431
          ? new ProxyException(0, "the proxy " + proxy + " answered CONNECT with a head over "
              + MAX_ANSWER_HEAD + " bytes", e)
          : new ProxyException(0, "the proxy " + proxy + " did not answer CONNECT in HTTP: "
              + e.getMessage(), e);
    }
    int status = answer.status();
    if (status >= 200 && status < 300) {
      // A 2xx to CONNECT has no body, whatever its fields say (RFC 9110 section 9.3.6).
      return true;
    }
    throw new ProxyException(status, refusal(answer), null);
  }

  private String refusal(HttpResponse answer) {
    String status = ("HTTP " + answer.status() + " " + answer.reason()).trim();
    if (answer.status() != 407) {
      return "the proxy " + proxy + " refused CONNECT to " + target + ": " + status;
    }
    String schemes = answer.header("Proxy-Authenticate");
    String asks = schemes == null ? "" : "; it asks for " + schemes;
    return authorization == null
        ? "the proxy " + proxy + " asks for credentials, and none were given (" + status
            + asks + ")"
        : "the proxy " + proxy + " refused the credentials given for it (" + status + asks
            + ")";
  }
}
