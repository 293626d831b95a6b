package dev.ippo.protocol;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.Map;

/**
 * The head of an HTTP/1.1 request: what a WebSocket server sees of the opening handshake
 * (and of plain HTTP requests on the same port).
 *
 * <p>Immutable once built; thread safe.
 */
public final class HttpRequest {

  public HttpRequest(String method, String target, String version, Headers headers) {
    throw new UnsupportedOperationException("todo");
  }

  /** Parses a request head: request line and header fields, up to the blank line. */
  public static HttpRequest parse(ByteBuffer head) throws HandshakeException {
    throw new UnsupportedOperationException("todo");
  }

  /** A copy that knows the peer's address. */
  public HttpRequest withRemoteAddress(InetSocketAddress remote) {
    throw new UnsupportedOperationException("todo");
  }

  /** {@code GET}, {@code POST}... as sent. */
  public String method() {
    throw new UnsupportedOperationException("todo");
  }

  /** The request target as sent: {@code /chat?room=1}. */
  public String target() {
    throw new UnsupportedOperationException("todo");
  }

  /** {@code HTTP/1.1}. */
  public String version() {
    throw new UnsupportedOperationException("todo");
  }

  /** The target's path, without the query: {@code /chat}. */
  public String path() {
    throw new UnsupportedOperationException("todo");
  }

  /** The raw query after {@code ?}, or the empty string. */
  public String query() {
    throw new UnsupportedOperationException("todo");
  }

  /** The first value of a query parameter, percent-decoded, or null. */
  public String queryParameter(String name) {
    throw new UnsupportedOperationException("todo");
  }

  public Headers headers() {
    throw new UnsupportedOperationException("todo");
  }

  /** The first value of a header field, or null. */
  public String header(String name) {
    throw new UnsupportedOperationException("todo");
  }

  /** The cookies of the {@code Cookie} fields, by name. */
  public Map<String, String> cookies() {
    throw new UnsupportedOperationException("todo");
  }

  /** The peer's address, or null when not known. */
  public InetSocketAddress remoteAddress() {
    throw new UnsupportedOperationException("todo");
  }
}
