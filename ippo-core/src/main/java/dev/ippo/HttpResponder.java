package dev.ippo;

import dev.ippo.http.Headers;
import java.nio.charset.StandardCharsets;

/**
 * Sends the one answer to a plain HTTP request; the connection closes after it. Thread
 * safe; only the first call counts.
 */
public interface HttpResponder {
  /**
   * Sends status, header fields (may be null) and body. Content-Length is added.
   *
   * @param status the HTTP status code, such as 200 or 404
   * @param headers the header fields, or null for none; the server writes its own
   *     {@code Connection: close} and Content-Length in place of any given here
   * @param body the body, or null for none
   */
  void send(int status, Headers headers, byte[] body);

  /**
   * Sends status and a body of this content type.
   *
   * @param status the HTTP status code, such as 200 or 404
   * @param contentType the Content-Type field's value, such as {@code application/json}
   * @param body the body, or null for none
   */
  default void send(int status, String contentType, byte[] body) {
    send(status, new Headers().set("Content-Type", contentType), body);
  }

  /**
   * Sends status and a UTF-8 text body of this content type.
   *
   * @param status the HTTP status code, such as 200 or 404
   * @param contentType the media type without a charset, such as {@code text/plain};
   *     {@code ; charset=utf-8} is appended
   * @param body the text, sent as UTF-8
   */
  default void send(int status, String contentType, String body) {
    send(status, contentType + "; charset=utf-8", body.getBytes(StandardCharsets.UTF_8));
  }
}
