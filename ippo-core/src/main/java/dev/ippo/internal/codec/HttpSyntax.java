package dev.ippo.internal.codec;

import dev.ippo.http.Headers;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * The pieces of HTTP/1.1 syntax (RFC 9112) that handshakes share: splitting a head into its
 * start line and header fields, tokens, and writing fields safely.
 *
 * <p>Thread safe: no state.
 */
final class HttpSyntax {
  private HttpSyntax() {}

  /** A head split into its first line and its fields. */
  record Head(String startLine, Headers headers) {}

  /**
   * Splits a head (ISO-8859-1, lines ending in CRLF, up to the first empty line or the end)
   * strictly: control characters (bare CR or LF included), obsolete line folding, a field
   * without a colon or with a name that is not a token all fail with {@code failStatus}.
   */
  static Head parse(ByteBuffer head, int failStatus) throws HandshakeException {
    byte[] raw;
    int pos;
    int end;
    if (head.hasArray()) {
      raw = head.array();
      pos = head.arrayOffset() + head.position();
      end = head.arrayOffset() + head.limit();
    } else {
      raw = new byte[head.remaining()];
      head.duplicate().get(raw);
      pos = 0;
      end = raw.length;
    }
    // RFC 9112 2.2: a server should ignore at least one empty line before the request line.
    while (pos + 1 < end && raw[pos] == '\r' && raw[pos + 1] == '\n') {
      pos += 2;
    }
    // Straight from the bytes to the strings kept: no string of the whole head or its lines.
    String startLine = null;
    Headers headers = new Headers();
    while (pos < end) {
      int lineEnd = lineEnd(raw, pos, end);
      int next = lineEnd + 2;
      if (lineEnd == pos) {
        break;
      }
      checkNoControl(raw, pos, lineEnd, failStatus);
      if (startLine == null) {
        startLine = latin1(raw, pos, lineEnd);
        pos = next;
        continue;
      }
      if (raw[pos] == ' ' || raw[pos] == '\t') {
        throw new HandshakeException(failStatus, "Obsolete line folding in header fields");
      }
      int colon = indexOf(raw, pos, lineEnd, (byte) ':');
      if (colon < 0) {
        throw new HandshakeException(failStatus, "Header field without a colon");
      }
      String name = latin1(raw, pos, colon);
      if (!isToken(name)) {
        throw new HandshakeException(failStatus, "Invalid header field name: " + name);
      }
      int valueStart = colon + 1;
      int valueEnd = lineEnd;
      while (valueStart < valueEnd && isOws(raw[valueStart])) {
        valueStart++;
      }
      while (valueEnd > valueStart && isOws(raw[valueEnd - 1])) {
        valueEnd--;
      }
      headers.add(name, latin1(raw, valueStart, valueEnd));
      pos = next;
    }
    if (startLine == null) {
      throw new HandshakeException(failStatus, "Empty HTTP head");
    }
    return new Head(startLine, headers);
  }

  /** Where the line starting at {@code from} ends: its CR LF, or {@code end} if it has none. */
  private static int lineEnd(byte[] raw, int from, int end) {
    for (int i = from; i + 1 < end; i++) {
      if (raw[i] == '\r' && raw[i + 1] == '\n') {
        return i;
      }
    }
    return end;
  }

  private static int indexOf(byte[] raw, int from, int to, byte b) {
    for (int i = from; i < to; i++) {
      if (raw[i] == b) {
        return i;
      }
    }
    return -1;
  }

  private static String latin1(byte[] raw, int from, int to) {
    return new String(raw, from, to - from, StandardCharsets.ISO_8859_1);
  }

  private static boolean isOws(byte b) {
    return b == ' ' || b == '\t';
  }

  private static void checkNoControl(byte[] raw, int from, int to, int failStatus)
      throws HandshakeException {
    for (int i = from; i < to; i++) {
      int c = raw[i] & 0xFF;
      if ((c < 0x20 && c != '\t') || c == 0x7F) {
        throw new HandshakeException(
            failStatus, "Control character 0x" + Integer.toHexString(c) + " in HTTP head");
      }
    }
  }

  /** Removes optional whitespace (SP and HTAB) at both ends. */
  static String stripOws(String s) {
    int start = 0;
    int end = s.length();
    while (start < end && (s.charAt(start) == ' ' || s.charAt(start) == '\t')) {
      start++;
    }
    while (end > start && (s.charAt(end - 1) == ' ' || s.charAt(end - 1) == '\t')) {
      end--;
    }
    return s.substring(start, end);
  }

  /** Whether {@code s} is a non-empty RFC 9110 token. */
  static boolean isToken(String s) {
    if (s.isEmpty()) {
      return false;
    }
    for (int i = 0; i < s.length(); i++) {
      if (!isTokenChar(s.charAt(i))) {
        return false;
      }
    }
    return true;
  }

  static boolean isTokenChar(char c) {
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) {
      return true;
    }
    return "!#$%&'*+-.^_`|~".indexOf(c) >= 0;
  }

  /**
   * Appends {@code name: value CRLF}, refusing what would break the head (a name that is not
   * a token, a value with CR, LF or NUL, which could smuggle in fields).
   */
  static void appendField(StringBuilder out, String name, String value) {
    if (!isToken(name)) {
      throw new IllegalArgumentException("Invalid header field name: " + name);
    }
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c == '\r' || c == '\n' || c == 0 || c > 0xFF) {
        throw new IllegalArgumentException("Invalid character in header field " + name);
      }
    }
    out.append(name).append(": ").append(value).append("\r\n");
  }

  /** Appends every field of {@code headers} (null is none). */
  static void appendFields(StringBuilder out, Headers headers) {
    if (headers != null) {
      headers.forEach((name, value) -> appendField(out, name, value));
    }
  }

  /** The head as bytes on the wire. */
  static ByteBuffer encode(CharSequence head) {
    return ByteBuffer.wrap(head.toString().getBytes(StandardCharsets.ISO_8859_1));
  }

  /** Whether {@code version} is {@code HTTP/d.d}. */
  static boolean isHttpVersion(String version) {
    return version.length() == 8
        && version.startsWith("HTTP/")
        && isDigit(version.charAt(5))
        && version.charAt(6) == '.'
        && isDigit(version.charAt(7));
  }

  static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }
}
