package dev.ippo;

import dev.ippo.http.Headers;
import java.nio.charset.StandardCharsets;

/**
 * Sends the one answer to a plain HTTP request; the connection closes after it. Thread
 * safe; only the first call counts.
 */
public interface HttpResponder {
  /** Sends status, header fields (may be null) and body. Content-Length is added. */
  void send(int status, Headers headers, byte[] body);

  /** Sends status and a body of this content type. */
  default void send(int status, String contentType, byte[] body) {
    send(status, new Headers().set("Content-Type", contentType), body);
  }

  /** Sends status and a UTF-8 text body of this content type. */
  default void send(int status, String contentType, String body) {
    send(status, contentType + "; charset=utf-8", body.getBytes(StandardCharsets.UTF_8));
  }
}
