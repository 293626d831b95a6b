package dev.ippo.internal.codec;

import dev.ippo.http.HttpRequest;
import java.nio.ByteBuffer;

/** Reads an HTTP/1.1 request head into an {@link HttpRequest}. Stateless; thread safe. */
public final class HttpRequestParser {
  private HttpRequestParser() {}

  /**
   * Parses a request head: request line ({@code METHOD SP target SP HTTP/x.y}) and header
   * fields, up to the blank line, as ISO-8859-1. Does not move {@code head}'s position.
   *
   * @throws HandshakeException 400 when the head is malformed
   */
  public static HttpRequest parse(ByteBuffer head) throws HandshakeException {
    HttpSyntax.Head parsed = HttpSyntax.parse(head, 400);
    String line = parsed.startLine();
    int first = line.indexOf(' ');
    int second = first < 0 ? -1 : line.indexOf(' ', first + 1);
    if (second < 0 || line.indexOf(' ', second + 1) >= 0) {
      throw new HandshakeException(400, "Malformed request line");
    }
    String method = line.substring(0, first);
    String target = line.substring(first + 1, second);
    String version = line.substring(second + 1);
    if (!HttpSyntax.isToken(method)) {
      throw new HandshakeException(400, "Invalid method");
    }
    if (target.isEmpty() || target.indexOf('\t') >= 0) {
      throw new HandshakeException(400, "Invalid request target");
    }
    if (!HttpSyntax.isHttpVersion(version)) {
      throw new HandshakeException(400, "Invalid HTTP version");
    }
    return new HttpRequest(method, target, version, parsed.headers());
  }

}
