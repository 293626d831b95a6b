package dev.ippo.protocol;

import java.nio.ByteBuffer;

/** The head of an HTTP/1.1 response, as a client reads the server's handshake answer. */
public final class HttpResponse {

  public HttpResponse(String version, int status, String reason, Headers headers) {
    throw new UnsupportedOperationException("todo");
  }

  /** Parses a response head: status line and header fields, up to the blank line. */
  public static HttpResponse parse(ByteBuffer head) throws HandshakeException {
    throw new UnsupportedOperationException("todo");
  }

  public String version() {
    throw new UnsupportedOperationException("todo");
  }

  public int status() {
    throw new UnsupportedOperationException("todo");
  }

  public String reason() {
    throw new UnsupportedOperationException("todo");
  }

  public Headers headers() {
    throw new UnsupportedOperationException("todo");
  }

  public String header(String name) {
    throw new UnsupportedOperationException("todo");
  }
}
