package dev.ippo.internal.codec;

import dev.ippo.http.Headers;
/**
 * An opening handshake that failed: on a server, the HTTP status to answer with (and any
 * header fields to add, such as {@code Sec-WebSocket-Version: 13} with 426); on a client,
 * what the server answered, or 0 when the answer was not HTTP or broke RFC 6455.
 */
public final class HandshakeException extends Exception {
  private final int status;
  private final Headers headers;

  public HandshakeException(int status, String message) {
    this(status, message, new Headers());
  }

  public HandshakeException(int status, String message, Headers headers) {
    super(message);
    this.status = status;
    this.headers = headers;
  }

  /** The HTTP status. */
  public int status() {
    return status;
  }

  /** Header fields that go with the status. */
  public Headers headers() {
    return headers;
  }
}
