package dev.ippo.http;

import java.io.ByteArrayOutputStream;
import java.net.InetSocketAddress;
import java.security.cert.X509Certificate;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The head of an HTTP/1.1 request: what a WebSocket server sees of the opening handshake
 * (and of plain HTTP requests on the same port).
 *
 * <pre>{@code
 * .verifyClient(request -> "https://example.com".equals(request.header("Origin")))
 * }</pre>
 *
 * <p>Immutable: its header fields are a read-only copy of those it was built with. Thread
 * safe.
 */
public final class HttpRequest {
  private final String method;
  private final String target;
  private final String version;
  private final Headers headers;
  private final InetSocketAddress remoteAddress;
  private final List<X509Certificate> clientCertificates;
  private final String path;
  private final String query;

  /**
   * A request head as parsed, with no remote address. None of the arguments may be null.
   *
   * @param method the method, such as {@code GET}
   * @param target the request target as sent: {@code /chat?room=1}, or the absolute form
   *     {@code http://host/chat?room=1}
   * @param version the HTTP version, such as {@code HTTP/1.1}
   * @param headers the header fields; the request keeps a read-only copy
   */
  public HttpRequest(String method, String target, String version, Headers headers) {
    this(method, target, version, headers, null, List.of());
  }

  private HttpRequest(
      String method,
      String target,
      String version,
      Headers headers,
      InetSocketAddress remoteAddress,
      List<X509Certificate> clientCertificates) {
    this.method = Objects.requireNonNull(method, "method");
    this.target = Objects.requireNonNull(target, "target");
    this.version = Objects.requireNonNull(version, "version");
    // A read-only copy: verifyClient and the HTTP handler may read it from any thread.
    this.headers = Objects.requireNonNull(headers, "headers").readOnlyCopy();
    this.remoteAddress = remoteAddress;
    this.clientCertificates = List.copyOf(clientCertificates);
    String pathAndQuery = withoutSchemeAndAuthority(target);
    int question = pathAndQuery.indexOf('?');
    this.path = question < 0 ? pathAndQuery : pathAndQuery.substring(0, question);
    this.query = question < 0 ? "" : pathAndQuery.substring(question + 1);
  }

  /** The absolute form ({@code http://host/chat?x}) keeps only what follows the authority. */
  private static String withoutSchemeAndAuthority(String target) {
    int scheme = target.indexOf("://");
    if (target.startsWith("/") || scheme < 0) {
      return target;
    }
    int slash = target.indexOf('/', scheme + 3);
    int question = target.indexOf('?', scheme + 3);
    if (slash < 0 || (question >= 0 && question < slash)) {
      return question < 0 ? "/" : "/" + target.substring(question);
    }
    return target.substring(slash);
  }

  /**
   * A copy that knows the peer's address.
   *
   * @param remote the peer's address, or null when not known
   * @return a new request, the same but for the address
   */
  public HttpRequest withRemoteAddress(InetSocketAddress remote) {
    return new HttpRequest(method, target, version, headers, remote, clientCertificates);
  }

  /**
   * A copy that knows the certificates the client presented over TLS.
   *
   * @param chain the client's chain as verified, its own certificate first; empty for none
   * @return a new request, the same but for the certificates
   */
  public HttpRequest withClientCertificates(List<X509Certificate> chain) {
    if (chain.isEmpty() && clientCertificates.isEmpty()) {
      return this; // plain TCP, or no certificate: no copy per handshake
    }
    return new HttpRequest(method, target, version, headers, remoteAddress, chain);
  }

  /**
   * {@code GET}, {@code POST}... as sent.
   *
   * @return the method, in the case sent
   */
  public String method() {
    return method;
  }

  /**
   * The request target as sent: {@code /chat?room=1}.
   *
   * @return the target, unchanged
   */
  public String target() {
    return target;
  }

  /**
   * {@code HTTP/1.1}.
   *
   * @return the HTTP version as sent, such as {@code HTTP/1.1}
   */
  public String version() {
    return version;
  }

  /**
   * The target's path, without the query: {@code /chat}.
   *
   * @return the path, not percent-decoded
   */
  public String path() {
    return path;
  }

  /**
   * The raw query after {@code ?}, or the empty string.
   *
   * @return the query, not percent-decoded; "" when there is none
   */
  public String query() {
    return query;
  }

  /**
   * The first value of a query parameter, percent-decoded as UTF-8 with {@code +} as a
   * space, or null. A parameter without {@code =} has the value "".
   *
   * @param name the parameter's name, compared with the decoded names
   * @return the decoded value, "" for a parameter without {@code =}, or null when absent
   */
  public String queryParameter(String name) {
    if (query.isEmpty()) {
      return null;
    }
    for (String pair : query.split("&")) {
      int equals = pair.indexOf('=');
      String key = equals < 0 ? pair : pair.substring(0, equals);
      if (decode(key).equals(name)) {
        return equals < 0 ? "" : decode(pair.substring(equals + 1));
      }
    }
    return null;
  }

  /** Percent-decoding; a {@code %} not followed by two hex digits stays as it is. */
  static String decode(String s) {
    if (s.indexOf('%') < 0 && s.indexOf('+') < 0) {
      return s;
    }
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '+') {
        bytes.write(' ');
      } else if (c == '%'
          && i + 2 < s.length()
          && hex(s.charAt(i + 1)) >= 0
          && hex(s.charAt(i + 2)) >= 0) {
        bytes.write(hex(s.charAt(i + 1)) * 16 + hex(s.charAt(i + 2)));
        i += 2;
      } else {
        // Only ISO-8859-1 reaches here (the head was decoded so), but be safe for others.
        byte[] encoded = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
        bytes.write(encoded, 0, encoded.length);
      }
    }
    return bytes.toString(StandardCharsets.UTF_8);
  }

  private static int hex(char c) {
    if (c >= '0' && c <= '9') {
      return c - '0';
    }
    if (c >= 'a' && c <= 'f') {
      return c - 'a' + 10;
    }
    if (c >= 'A' && c <= 'F') {
      return c - 'A' + 10;
    }
    return -1;
  }

  /**
   * The header fields, read-only.
   *
   * @return the fields, in the order sent
   */
  public Headers headers() {
    return headers;
  }

  /**
   * The first value of a header field, or null.
   *
   * @param name the field's name, in any case
   * @return the first value, or null when the field is absent
   */
  public String header(String name) {
    return headers.get(name);
  }

  /**
   * The cookies of every {@code Cookie} field ({@code a=1; b=2}), by name, in order; the
   * first of two cookies with one name wins. Values lose their surrounding double quotes.
   *
   * @return the cookies, unmodifiable; empty when there is none
   */
  public Map<String, String> cookies() {
    Map<String, String> cookies = new LinkedHashMap<>();
    for (String field : headers.all("Cookie")) {
      for (String pair : field.split(";")) {
        int equals = pair.indexOf('=');
        if (equals <= 0) {
          continue;
        }
        String name = pair.substring(0, equals).strip();
        String value = pair.substring(equals + 1).strip();
        if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
          value = value.substring(1, value.length() - 1);
        }
        if (!name.isEmpty()) {
          cookies.putIfAbsent(name, value);
        }
      }
    }
    return Collections.unmodifiableMap(cookies);
  }

  /**
   * The peer's address, or null when not known.
   *
   * @return the address, or null
   */
  public InetSocketAddress remoteAddress() {
    return remoteAddress;
  }

  /**
   * The certificate chain the client presented over TLS and the server verified (mutual TLS,
   * see {@code ServerTls.Builder.clientCertificates}), its own certificate first; empty
   * without TLS or when the client presented none.
   *
   * <pre>{@code
   * .verifyClient(request -> !request.clientCertificates().isEmpty()
   *     && request.clientCertificates().get(0).getSubjectX500Principal().getName()
   *         .equals("CN=dashboard"))
   * }</pre>
   *
   * @return the chain, unmodifiable
   */
  public List<X509Certificate> clientCertificates() {
    return clientCertificates;
  }

  @Override
  public String toString() {
    return method + " " + target + " " + version;
  }
}
