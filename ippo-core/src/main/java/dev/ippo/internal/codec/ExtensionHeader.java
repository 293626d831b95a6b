package dev.ippo.internal.codec;

import java.util.ArrayList;
import java.util.List;

/**
 * Reads {@code Sec-WebSocket-Extensions} fields into {@link Extension}s, strictly by the
 * grammar of RFC 6455 section 9.1:
 *
 * <pre>
 * extension-list = 1#extension
 * extension      = token *( ";" extension-param )
 * extension-param = token [ "=" (token | quoted-string) ]
 * </pre>
 *
 * A quoted value must still be a token once unquoted. Empty list elements are skipped
 * (RFC 9110 section 5.6.1). Thread safe: no state.
 */
public final class ExtensionHeader {
  private ExtensionHeader() {}

  /**
   * The extensions of every field, in order.
   *
   * @param failStatus the status a syntax error carries: 400 at a server, 101 at a client
   * @throws HandshakeException on the first syntax error
   */
  public static List<Extension> parse(List<String> fields, int failStatus)
      throws HandshakeException {
    List<Extension> extensions = new ArrayList<>();
    for (String field : fields) {
      new Scanner(field, failStatus).readList(extensions);
    }
    return extensions;
  }

  /** A cursor over one field value. */
  private static final class Scanner {
    private final String s;
    private final int failStatus;
    private int p;

    Scanner(String s, int failStatus) {
      this.s = s;
      this.failStatus = failStatus;
    }

    void readList(List<Extension> into) throws HandshakeException {
      while (true) {
        skipOws();
        if (p == s.length()) {
          return;
        }
        if (s.charAt(p) == ',') {
          p++; // an empty element
          continue;
        }
        into.add(readExtension());
        skipOws();
        if (p == s.length()) {
          return;
        }
        expect(',');
      }
    }

    private Extension readExtension() throws HandshakeException {
      String name = readToken("an extension name");
      List<Extension.Parameter> parameters = new ArrayList<>();
      while (true) {
        skipOws();
        if (p == s.length() || s.charAt(p) == ',') {
          return new Extension(name, parameters);
        }
        expect(';');
        skipOws();
        String parameter = readToken("a parameter name");
        skipOws();
        String value = null;
        if (p < s.length() && s.charAt(p) == '=') {
          p++;
          skipOws();
          value = p < s.length() && s.charAt(p) == '"' ? readQuoted() : readToken("a value");
        }
        parameters.add(new Extension.Parameter(parameter, value));
      }
    }

    private String readToken(String what) throws HandshakeException {
      int start = p;
      while (p < s.length() && HttpSyntax.isTokenChar(s.charAt(p))) {
        p++;
      }
      if (p == start) {
        throw error("expected " + what);
      }
      return s.substring(start, p);
    }

    /** A quoted-string whose content, unescaped, must be a token. */
    private String readQuoted() throws HandshakeException {
      p++; // the opening quote
      StringBuilder value = new StringBuilder();
      while (p < s.length() && s.charAt(p) != '"') {
        char c = s.charAt(p++);
        if (c == '\\') {
          if (p == s.length()) {
            break;
          }
          c = s.charAt(p++);
        }
        value.append(c);
      }
      if (p == s.length()) {
        throw error("unterminated quoted value");
      }
      p++; // the closing quote
      if (!HttpSyntax.isToken(value.toString())) {
        throw error("a quoted value that is not a token");
      }
      return value.toString();
    }

    private void expect(char c) throws HandshakeException {
      if (p == s.length() || s.charAt(p) != c) {
        throw error("expected '" + c + "'");
      }
      p++;
    }

    private void skipOws() {
      while (p < s.length() && (s.charAt(p) == ' ' || s.charAt(p) == '\t')) {
        p++;
      }
    }

    private HandshakeException error(String what) {
      return new HandshakeException(
          failStatus, "Invalid Sec-WebSocket-Extensions header: " + what + " at " + p);
    }
  }
}
