package dev.ippo.internal.codec;

import dev.ippo.http.Headers;
import java.nio.ByteBuffer;
import java.util.Objects;

/**
 * The head of an HTTP/1.1 response, as a client reads the server's handshake answer.
 *
 * <p>Immutable once built (do not change the {@link Headers} given to the constructor
 * afterwards); thread safe.
 */
public final class HttpResponse {
  private final String version;
  private final int status;
  private final String reason;
  private final Headers headers;

  public HttpResponse(String version, int status, String reason, Headers headers) {
    this.version = Objects.requireNonNull(version, "version");
    this.status = status;
    this.reason = Objects.requireNonNull(reason, "reason");
    this.headers = Objects.requireNonNull(headers, "headers");
  }

  /**
   * Parses a response head: status line ({@code HTTP/1.1 101 Switching Protocols}) and
   * header fields, up to the blank line, as ISO-8859-1. Does not move {@code head}'s
   * position.
   *
   * @throws HandshakeException with status 0 when the answer is not a well-formed HTTP head
   */
  public static HttpResponse parse(ByteBuffer head) throws HandshakeException {
    HttpSyntax.Head parsed = HttpSyntax.parse(head, 0);
    String line = parsed.startLine();
    // status-line = HTTP-version SP status-code SP [ reason-phrase ]; a missing last SP is
    // tolerated, as most clients do.
    if (line.length() < 12
        || line.charAt(8) != ' '
        || !HttpSyntax.isHttpVersion(line.substring(0, 8))
        || !HttpSyntax.isDigit(line.charAt(9))
        || !HttpSyntax.isDigit(line.charAt(10))
        || !HttpSyntax.isDigit(line.charAt(11))
        || (line.length() > 12 && line.charAt(12) != ' ')) {
      throw new HandshakeException(0, "Malformed status line: " + line);
    }
    int status = Integer.parseInt(line.substring(9, 12));
    String reason = line.length() > 13 ? line.substring(13) : "";
    return new HttpResponse(line.substring(0, 8), status, reason, parsed.headers());
  }

  public String version() {
    return version;
  }

  public int status() {
    return status;
  }

  public String reason() {
    return reason;
  }

  public Headers headers() {
    return headers;
  }

  /** The first value of a header field, or null. */
  public String header(String name) {
    return headers.get(name);
  }

  @Override
  public String toString() {
    return version + " " + status + " " + reason;
  }
}
