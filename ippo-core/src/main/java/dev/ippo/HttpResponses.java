package dev.ippo;

import dev.ippo.protocol.Headers;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/** Encodes the answers of {@link HttpHandler}s. Thread safe: no state. */
final class HttpResponses {
  private HttpResponses() {}

  static ByteBuffer encode(int status, Headers headers, byte[] body) {
    byte[] content = body == null ? new byte[0] : body;
    StringBuilder head = new StringBuilder("HTTP/1.1 ").append(status).append(' ')
        .append(reason(status)).append("\r\n");
    if (headers != null) {
      headers.forEach((name, value) -> {
        if (!name.equalsIgnoreCase("Content-Length") && !name.equalsIgnoreCase("Connection")) {
          head.append(name).append(": ").append(value).append("\r\n");
        }
      });
    }
    head.append("Content-Length: ").append(content.length).append("\r\n")
        .append("Connection: close\r\n\r\n");
    byte[] headBytes = head.toString().getBytes(StandardCharsets.ISO_8859_1);
    return ByteBuffer.allocate(headBytes.length + content.length).put(headBytes).put(content)
        .flip();
  }

  private static String reason(int status) {
    return switch (status) {
      case 200 -> "OK";
      case 204 -> "No Content";
      case 301 -> "Moved Permanently";
      case 302 -> "Found";
      case 304 -> "Not Modified";
      case 400 -> "Bad Request";
      case 401 -> "Unauthorized";
      case 403 -> "Forbidden";
      case 404 -> "Not Found";
      case 405 -> "Method Not Allowed";
      case 426 -> "Upgrade Required";
      case 429 -> "Too Many Requests";
      case 500 -> "Internal Server Error";
      case 503 -> "Service Unavailable";
      default -> "Status " + status;
    };
  }
}
