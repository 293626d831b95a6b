package dev.ippo.internal.codec;

import dev.ippo.http.HttpRequest;
import dev.ippo.http.Headers;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/** The server's half of the opening handshake (RFC 6455 section 4.2). Thread safe: no state. */
public final class ServerHandshake {
  private ServerHandshake() {}

  /**
   * Checks that a request is a valid WebSocket upgrade, in this order: GET and HTTP/1.1 (or a
   * later 1.x), {@code Host}, {@code Upgrade: websocket}, {@code Connection} with the
   * {@code upgrade} token (each 400 when wrong), {@code Sec-WebSocket-Version: 13} (426 with
   * {@code Sec-WebSocket-Version: 13} when not), a single {@code Sec-WebSocket-Key} that is
   * base64 of 16 bytes, and a {@code Sec-WebSocket-Protocol} list of distinct tokens (each
   * 400 when wrong).
   *
   * <p>The version is checked before the key so that clients of the obsolete drafts (which
   * send no version and no {@code Sec-WebSocket-Key}) learn with 426 which version to speak.
   *
   * @return the client's key
   */
  public static String validate(HttpRequest request) throws HandshakeException {
    if (!request.method().equals("GET")) {
      throw new HandshakeException(400, "Invalid HTTP method: " + request.method());
    }
    String version = request.version();
    if (!HttpSyntax.isHttpVersion(version)
        || !version.startsWith("HTTP/1.")
        || version.charAt(7) < '1') {
      throw new HandshakeException(400, "Invalid HTTP version: " + version);
    }
    Headers headers = request.headers();
    String host = headers.single("Host");
    if (host == null || host.isEmpty()) {
      throw new HandshakeException(400, "Missing or invalid Host header");
    }
    if (!headers.containsToken("Upgrade", "websocket")) {
      throw new HandshakeException(400, "Missing or invalid Upgrade header");
    }
    if (!headers.containsToken("Connection", "upgrade")) {
      throw new HandshakeException(400, "Missing or invalid Connection header");
    }
    if (!"13".equals(headers.single("Sec-WebSocket-Version"))) {
      throw new HandshakeException(
          426,
          "Unsupported Sec-WebSocket-Version",
          new Headers().add("Sec-WebSocket-Version", "13"));
    }
    String key = headers.single("Sec-WebSocket-Key");
    if (key == null || !isValidKey(key)) {
      throw new HandshakeException(400, "Missing or invalid Sec-WebSocket-Key header");
    }
    List<String> offered = new ArrayList<>();
    for (String field : headers.all("Sec-WebSocket-Protocol")) {
      for (String element : field.split(",", -1)) {
        String protocol = HttpSyntax.stripOws(element);
        if (protocol.isEmpty()) {
          continue; // RFC 9110 5.6.1: recipients accept empty list elements
        }
        if (!HttpSyntax.isToken(protocol) || offered.contains(protocol)) {
          throw new HandshakeException(400, "Invalid Sec-WebSocket-Protocol header");
        }
        offered.add(protocol);
      }
    }
    return key;
  }

  private static boolean isValidKey(String key) {
    if (key.length() != 24) {
      return false;
    }
    try {
      return Base64.getDecoder().decode(key).length == 16;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  /**
   * Whether the request is meant as a WebSocket handshake: it asks for
   * {@code Upgrade: websocket} or carries a {@code Sec-WebSocket-Key}. Such a request gets a
   * WebSocket answer (101, or 400/426 from {@link #validate}); any other is plain HTTP.
   */
  public static boolean isUpgrade(HttpRequest request) {
    return request.headers().containsToken("Upgrade", "websocket")
        || request.headers().contains("Sec-WebSocket-Key");
  }

  /**
   * The subprotocols the client offers in {@code Sec-WebSocket-Protocol}, in order, from
   * every such field. Syntax is checked by {@link #validate}, not here.
   */
  public static List<String> offeredProtocols(HttpRequest request) {
    List<String> offered = new ArrayList<>();
    for (String field : request.headers().all("Sec-WebSocket-Protocol")) {
      for (String element : field.split(",", -1)) {
        String protocol = HttpSyntax.stripOws(element);
        if (!protocol.isEmpty()) {
          offered.add(protocol);
        }
      }
    }
    return offered;
  }

  /**
   * The 101 response: {@code Upgrade}, {@code Connection}, {@code Sec-WebSocket-Accept},
   * then {@code Sec-WebSocket-Protocol} and {@code Sec-WebSocket-Extensions} when not null,
   * then {@code extra} (may be null).
   *
   * @throws IllegalArgumentException when a field name is not a token or a value holds CR,
   *     LF or NUL
   */
  public static ByteBuffer accept(String key, String protocol, String extensions, Headers extra) {
    if (protocol == null && extensions == null && (extra == null || extra.size() == 0)) {
      // The usual answer: a fixed text and the accept key, in one array of its exact size.
      byte[] acceptKey = WebSocketProtocol.acceptKey(key).getBytes(StandardCharsets.ISO_8859_1);
      byte[] answer = new byte[PLAIN_101_START.length + acceptKey.length + 4];
      System.arraycopy(PLAIN_101_START, 0, answer, 0, PLAIN_101_START.length);
      System.arraycopy(acceptKey, 0, answer, PLAIN_101_START.length, acceptKey.length);
      System.arraycopy(CRLF_CRLF, 0, answer, answer.length - 4, 4);
      return ByteBuffer.wrap(answer);
    }
    StringBuilder head = new StringBuilder(256);
    head.append("HTTP/1.1 101 Switching Protocols\r\n");
    HttpSyntax.appendField(head, "Upgrade", "websocket");
    HttpSyntax.appendField(head, "Connection", "Upgrade");
    HttpSyntax.appendField(head, "Sec-WebSocket-Accept", WebSocketProtocol.acceptKey(key));
    if (protocol != null) {
      HttpSyntax.appendField(head, "Sec-WebSocket-Protocol", protocol);
    }
    if (extensions != null) {
      HttpSyntax.appendField(head, "Sec-WebSocket-Extensions", extensions);
    }
    HttpSyntax.appendFields(head, extra);
    head.append("\r\n");
    return HttpSyntax.encode(head);
  }

  private static final byte[] PLAIN_101_START = ("HTTP/1.1 101 Switching Protocols\r\n"
      + "Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: ")
      .getBytes(StandardCharsets.ISO_8859_1);
  private static final byte[] CRLF_CRLF = {'\r', '\n', '\r', '\n'};

  /**
   * A refusal: status line with the standard reason phrase, {@code Connection: close},
   * {@code Content-Type: text/plain; charset=utf-8} (unless {@code extra} has its own),
   * {@code Content-Length}, the {@code extra} fields (may be null; its own
   * {@code Connection} and {@code Content-Length} are left out, as this response owns the
   * framing) and {@code body} (may be empty or null), as UTF-8.
   *
   * @throws IllegalArgumentException for a status outside 100-999, or a field name that is
   *     not a token or a value holding CR, LF or NUL
   */
  public static ByteBuffer reject(int status, String body, Headers extra) {
    Headers headers = new Headers();
    if (extra == null || !extra.contains("Content-Type")) {
      headers.add("Content-Type", "text/plain; charset=utf-8");
    }
    if (extra != null) {
      extra.forEach(headers::add);
    }
    return response(status, headers,
        body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * Any HTTP response after which the server closes the connection (the answer to a plain
   * HTTP request on a WebSocket port): status line with the standard reason phrase,
   * {@code Connection: close}, {@code Content-Length}, the {@code headers} (may be null;
   * their own Connection and Content-Length are left out) and {@code body}.
   */
  public static ByteBuffer response(int status, Headers headers, byte[] body) {
    if (status < 100 || status > 999) {
      throw new IllegalArgumentException("HTTP status out of range: " + status);
    }
    byte[] content = body == null ? new byte[0] : body;
    StringBuilder head = new StringBuilder(256);
    head.append("HTTP/1.1 ").append(status).append(' ').append(reasonPhrase(status));
    head.append("\r\n");
    HttpSyntax.appendField(head, "Connection", "close");
    HttpSyntax.appendField(head, "Content-Length", Integer.toString(content.length));
    if (headers != null) {
      headers.forEach(
          (name, value) -> {
            if (!name.equalsIgnoreCase("Connection") && !name.equalsIgnoreCase("Content-Length")) {
              HttpSyntax.appendField(head, name, value);
            }
          });
    }
    head.append("\r\n");
    ByteBuffer headBytes = HttpSyntax.encode(head);
    ByteBuffer response = ByteBuffer.allocate(headBytes.remaining() + content.length);
    response.put(headBytes).put(content).flip();
    return response;
  }


  /** The standard reason phrase of a status (RFC 9110 section 15, RFC 6585), or "Unknown". */
  public static String reasonPhrase(int status) {
    return switch (status) {
      case 100 -> "Continue";
      case 101 -> "Switching Protocols";
      case 200 -> "OK";
      case 201 -> "Created";
      case 204 -> "No Content";
      case 301 -> "Moved Permanently";
      case 302 -> "Found";
      case 303 -> "See Other";
      case 304 -> "Not Modified";
      case 307 -> "Temporary Redirect";
      case 308 -> "Permanent Redirect";
      case 400 -> "Bad Request";
      case 401 -> "Unauthorized";
      case 403 -> "Forbidden";
      case 404 -> "Not Found";
      case 405 -> "Method Not Allowed";
      case 406 -> "Not Acceptable";
      case 408 -> "Request Timeout";
      case 409 -> "Conflict";
      case 410 -> "Gone";
      case 411 -> "Length Required";
      case 413 -> "Content Too Large";
      case 414 -> "URI Too Long";
      case 415 -> "Unsupported Media Type";
      case 426 -> "Upgrade Required";
      case 429 -> "Too Many Requests";
      case 431 -> "Request Header Fields Too Large";
      case 500 -> "Internal Server Error";
      case 501 -> "Not Implemented";
      case 502 -> "Bad Gateway";
      case 503 -> "Service Unavailable";
      case 504 -> "Gateway Timeout";
      default -> "Unknown";
    };
  }
}
