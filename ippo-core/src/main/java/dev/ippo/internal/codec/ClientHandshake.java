package dev.ippo.internal.codec;

import dev.ippo.http.Headers;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/** The client's half of the opening handshake (RFC 6455 section 4.1). Thread safe: no state. */
public final class ClientHandshake {
  private ClientHandshake() {}

  /**
   * What the server agreed to. {@code protocol} and {@code extensions} are "" when none;
   * {@code deflate} is the permessage-deflate in use, or null.
   */
  public record Result(String protocol, String extensions, DeflateParameters deflate,
      HttpResponse response) {}

  /** A fresh {@code Sec-WebSocket-Key}: base64 of 16 random bytes. */
  public static String newKey(Random random) {
    byte[] nonce = new byte[16];
    random.nextBytes(nonce);
    return Base64.getEncoder().encodeToString(nonce);
  }

  /**
   * The GET request for {@code uri} ({@code ws} or {@code wss}; {@code http} and
   * {@code https} are taken as their equivalents): request target from path and query ("/"
   * when empty), {@code Host} (with the port unless it is the scheme's default; an IPv6
   * literal in brackets), {@code Upgrade}, {@code Connection}, {@code Sec-WebSocket-Key},
   * {@code Sec-WebSocket-Version: 13}, {@code Sec-WebSocket-Protocol} when {@code protocols}
   * is not empty, then {@code extra} (may be null; it may add Origin, Authorization,
   * Cookie...). A {@code Host} in {@code extra} replaces the one derived from the URI. User
   * info in the URI becomes {@code Authorization: Basic} unless {@code extra} has one.
   *
   * @throws IllegalArgumentException for another scheme, a URI without a host, a protocol
   *     that is not a token, or a field that would break the head
   */
  public static ByteBuffer request(URI uri, String key, List<String> protocols, Headers extra) {
    return request(uri, key, protocols, null, extra);
  }

  /**
   * The same request with a {@code Sec-WebSocket-Extensions} offer after
   * {@code Sec-WebSocket-Protocol}, when {@code extensions} is not null.
   */
  public static ByteBuffer request(URI uri, String key, List<String> protocols,
      String extensions, Headers extra) {
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    int defaultPort =
        switch (scheme) {
          case "ws", "http" -> 80;
          case "wss", "https" -> 443;
          default -> throw new IllegalArgumentException("Not a WebSocket URI: " + uri);
        };
    String host = uri.getHost();
    if (host == null || host.isEmpty()) {
      throw new IllegalArgumentException("No host in " + uri);
    }
    if (host.indexOf(':') >= 0 && !host.startsWith("[")) {
      host = "[" + host + "]";
    }
    int port = uri.getPort();
    if (port != -1 && port != defaultPort) {
      host = host + ":" + port;
    }
    String target = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
    if (uri.getRawQuery() != null) {
      target = target + "?" + uri.getRawQuery();
    }

    StringBuilder head = new StringBuilder(256);
    head.append("GET ").append(target).append(" HTTP/1.1\r\n");
    boolean hasHost = extra != null && extra.contains("Host");
    if (!hasHost) {
      HttpSyntax.appendField(head, "Host", host);
    }
    HttpSyntax.appendField(head, "Upgrade", "websocket");
    HttpSyntax.appendField(head, "Connection", "Upgrade");
    HttpSyntax.appendField(head, "Sec-WebSocket-Key", key);
    HttpSyntax.appendField(head, "Sec-WebSocket-Version", "13");
    if (protocols != null && !protocols.isEmpty()) {
      for (String protocol : protocols) {
        if (!HttpSyntax.isToken(protocol)) {
          throw new IllegalArgumentException("Invalid subprotocol: " + protocol);
        }
      }
      HttpSyntax.appendField(head, "Sec-WebSocket-Protocol", String.join(", ", protocols));
    }
    if (extensions != null) {
      HttpSyntax.appendField(head, "Sec-WebSocket-Extensions", extensions);
    }
    String userInfo = uri.getUserInfo();
    if (userInfo != null && (extra == null || !extra.contains("Authorization"))) {
      String credentials =
          Base64.getEncoder().encodeToString(userInfo.getBytes(StandardCharsets.UTF_8));
      HttpSyntax.appendField(head, "Authorization", "Basic " + credentials);
    }
    HttpSyntax.appendFields(head, extra);
    head.append("\r\n");
    return HttpSyntax.encode(head);
  }

  /**
   * Checks the server's answer: status 101, {@code Upgrade: websocket}, {@code Connection}
   * with the {@code upgrade} token, the right {@code Sec-WebSocket-Accept}, a subprotocol
   * only if it is one of {@code protocols} (the server may choose none), and no extension
   * (none was offered). A HandshakeException carries the status the server sent (101 when
   * the status was right but a field was not).
   */
  public static Result validate(HttpResponse response, String key, List<String> protocols)
      throws HandshakeException {
    return validate(response, key, protocols, null);
  }

  /**
   * The same checks, when permessage-deflate was offered with {@code deflateOffered} (null:
   * not offered): an extension answer must then be one that
   * {@link DeflateNegotiation#acceptAnswer} accepts.
   */
  public static Result validate(HttpResponse response, String key, List<String> protocols,
      DeflateParameters deflateOffered) throws HandshakeException {
    int status = response.status();
    if (status != 101) {
      // The headers go along: a 503's Retry-After tells a reconnecting client how long to wait.
      throw new HandshakeException(status, "Unexpected server response: " + status,
          response.headers());
    }
    Headers headers = response.headers();
    if (!headers.containsToken("Upgrade", "websocket")) {
      throw new HandshakeException(101, "Invalid Upgrade header");
    }
    if (!headers.containsToken("Connection", "upgrade")) {
      throw new HandshakeException(101, "Invalid Connection header");
    }
    List<String> accepts = headers.all("Sec-WebSocket-Accept");
    if (accepts.size() != 1 || !accepts.get(0).equals(WebSocketProtocol.acceptKey(key))) {
      throw new HandshakeException(101, "Invalid Sec-WebSocket-Accept header");
    }
    String protocol = "";
    List<String> chosen = headers.all("Sec-WebSocket-Protocol");
    if (chosen.size() > 1) {
      throw new HandshakeException(101, "More than one Sec-WebSocket-Protocol header");
    }
    if (chosen.size() == 1) {
      protocol = chosen.get(0);
      if (protocols == null || protocols.isEmpty()) {
        throw new HandshakeException(101, "Server sent a subprotocol but none was requested");
      }
      if (!protocols.contains(protocol)) {
        throw new HandshakeException(101, "Server sent an invalid subprotocol: " + protocol);
      }
    }
    List<Extension> answer = ExtensionHeader.parse(headers.all("Sec-WebSocket-Extensions"), 101);
    if (answer.isEmpty()) {
      return new Result(protocol, "", null, response);
    }
    if (deflateOffered == null) {
      throw new HandshakeException(
          101, "Server sent a Sec-WebSocket-Extensions header but no extension was requested");
    }
    DeflateParameters deflate = DeflateNegotiation.acceptAnswer(answer, deflateOffered);
    return new Result(protocol, answer.get(0).toString(), deflate, response);
  }
}
