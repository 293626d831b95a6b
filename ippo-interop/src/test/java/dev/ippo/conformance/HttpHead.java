package dev.ippo.conformance;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;

/**
 * An HTTP/1.1 head (request or response) read by a raw peer, and the bits of the opening
 * handshake that the raw peers compute by hand.
 *
 * <p>Immutable; thread safe.
 */
final class HttpHead {
  static final String GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";

  private final String startLine;
  private final List<String[]> fields;

  private HttpHead(String startLine, List<String[]> fields) {
    this.startLine = startLine;
    this.fields = fields;
  }

  /** Parses a head as returned by {@link SocketInput#readHead}. */
  static HttpHead parse(String text) {
    String[] lines = text.split("\r\n");
    List<String[]> fields = new ArrayList<>();
    for (int i = 1; i < lines.length; i++) {
      int colon = lines[i].indexOf(':');
      if (colon > 0) {
        fields.add(new String[] {lines[i].substring(0, colon).trim(),
            lines[i].substring(colon + 1).trim()});
      }
    }
    return new HttpHead(lines[0], fields);
  }

  String startLine() {
    return startLine;
  }

  /** The status code of a response head, or -1 when the start line is not a status line. */
  int status() {
    String[] parts = startLine.split(" ", 3);
    if (parts.length < 2 || !parts[0].startsWith("HTTP/")) {
      return -1;
    }
    try {
      return Integer.parseInt(parts[1]);
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  /** The first value of a field, or null; names compare without case. */
  String header(String name) {
    for (String[] f : fields) {
      if (f[0].equalsIgnoreCase(name)) {
        return f[1];
      }
    }
    return null;
  }

  /** Whether a comma-separated field lists {@code token}, without case. */
  boolean headerHasToken(String name, String token) {
    for (String[] f : fields) {
      if (f[0].equalsIgnoreCase(name)) {
        for (String t : f[1].split(",")) {
          if (t.trim().toLowerCase(Locale.ROOT).equals(token.toLowerCase(Locale.ROOT))) {
            return true;
          }
        }
      }
    }
    return false;
  }

  @Override
  public String toString() {
    return startLine;
  }

  /** A fresh Sec-WebSocket-Key: 16 random bytes in Base64. */
  static String newKey() {
    byte[] nonce = new byte[16];
    ThreadLocalRandom.current().nextBytes(nonce);
    return Base64.getEncoder().encodeToString(nonce);
  }

  /** Sec-WebSocket-Accept for a key: Base64(SHA-1(key + GUID)), RFC 6455 section 4.2.2. */
  static String acceptFor(String key) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-1")
          .digest((key + GUID).getBytes(StandardCharsets.US_ASCII));
      return Base64.getEncoder().encodeToString(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new AssertionError("every JDK has SHA-1", e);
    }
  }
}
