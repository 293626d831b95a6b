package dev.ippo.conformance;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * An HTTP request head that a raw client writes by hand: a valid opening handshake to start
 * from, which a case bends one field at a time.
 *
 * <p>Not thread safe.
 */
final class RequestHead {
  private String requestLine;
  private final Map<String, String[]> fields = new LinkedHashMap<>();

  private RequestHead(String requestLine) {
    this.requestLine = requestLine;
  }

  /** A valid upgrade request for {@code path}, with a fresh key. */
  static RequestHead upgrade(String host, int port, String path) {
    return new RequestHead("GET " + path + " HTTP/1.1")
        .set("Host", host + ":" + port)
        .set("Upgrade", "websocket")
        .set("Connection", "Upgrade")
        .set("Sec-WebSocket-Key", HttpHead.newKey())
        .set("Sec-WebSocket-Version", "13");
  }

  RequestHead requestLine(String line) {
    this.requestLine = line;
    return this;
  }

  /** Sets a field, replacing one of the same name (any case). */
  RequestHead set(String name, String value) {
    fields.put(name.toLowerCase(Locale.ROOT), new String[] {name, value});
    return this;
  }

  RequestHead remove(String name) {
    fields.remove(name.toLowerCase(Locale.ROOT));
    return this;
  }

  String header(String name) {
    String[] f = fields.get(name.toLowerCase(Locale.ROOT));
    return f == null ? null : f[1];
  }

  byte[] bytes() {
    StringBuilder sb = new StringBuilder(requestLine).append("\r\n");
    for (String[] f : fields.values()) {
      sb.append(f[0]).append(": ").append(f[1]).append("\r\n");
    }
    return sb.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1);
  }
}
