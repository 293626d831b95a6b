package dev.ippo.internal.codec;

import dev.ippo.http.HttpRequest;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class HttpRequestTest {

  static ByteBuffer ascii(String s) {
    return ByteBuffer.wrap(s.getBytes(StandardCharsets.ISO_8859_1));
  }

  static HttpRequest parse(String head) throws HandshakeException {
    return HttpRequestParser.parse(ascii(head));
  }

  @Test
  void parsesAHeadInADirectBufferOrAtAnOffsetInItsArray() throws HandshakeException {
    String text = "GET /x HTTP/1.1\r\nHost: h\r\nX-A:  a b \r\n\r\n";
    ByteBuffer direct = ByteBuffer.allocateDirect(text.length()).put(ascii(text)).flip();
    ByteBuffer inside = ByteBuffer.wrap(("junk" + text + "junk").getBytes(StandardCharsets.ISO_8859_1),
        4, text.length()).slice();
    for (ByteBuffer head : List.of(direct, inside)) {
      HttpRequest request = HttpRequestParser.parse(head);
      assertEquals("/x", request.target());
      assertEquals("h", request.header("Host"));
      assertEquals("a b", request.header("x-a"));
      assertEquals(2, request.headers().size());
    }
  }

  @Test
  void parsesTheRfcExample() throws HandshakeException {
    ByteBuffer head =
        ascii(
            "GET /chat?room=1 HTTP/1.1\r\n"
                + "Host: server.example.com\r\n"
                + "Upgrade: websocket\r\n"
                + "Connection: Upgrade\r\n"
                + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                + "Origin:http://example.com\r\n"
                + "Sec-WebSocket-Protocol: chat, superchat\r\n"
                + "Sec-WebSocket-Version: 13\r\n"
                + "X-Empty:\r\n"
                + "X-Padded: \t spaced value \t\r\n"
                + "\r\n");
    HttpRequest request = HttpRequestParser.parse(head);
    assertEquals(0, head.position());
    assertEquals("GET", request.method());
    assertEquals("/chat?room=1", request.target());
    assertEquals("HTTP/1.1", request.version());
    assertEquals("/chat", request.path());
    assertEquals("room=1", request.query());
    assertEquals("server.example.com", request.header("host"));
    assertEquals("http://example.com", request.header("Origin"));
    assertEquals("", request.header("X-Empty"));
    assertEquals("spaced value", request.header("x-padded"));
    assertEquals(9, request.headers().size());
    assertNull(request.remoteAddress());
    InetSocketAddress peer = new InetSocketAddress("127.0.0.1", 1234);
    HttpRequest located = request.withRemoteAddress(peer);
    assertSame(peer, located.remoteAddress());
    assertEquals("/chat", located.path());
    assertNull(request.remoteAddress());
  }

  @Test
  void headerValuesAreIso88591() throws HandshakeException {
    HttpRequest request =
        HttpRequestParser.parse(
            ByteBuffer.wrap(
                new byte[] {
                  'G',
                  'E',
                  'T',
                  ' ',
                  '/',
                  ' ',
                  'H',
                  'T',
                  'T',
                  'P',
                  '/',
                  '1',
                  '.',
                  '1',
                  '\r',
                  '\n',
                  'X',
                  ':',
                  (byte) 0xE9,
                  '\r',
                  '\n',
                  '\r',
                  '\n'
                }));
    assertEquals("\u00e9", request.header("X"));
  }

  @Test
  void pathAndQuery() throws HandshakeException {
    HttpRequest plain = parse("GET /a/b HTTP/1.1\r\n\r\n");
    assertEquals("/a/b", plain.path());
    assertEquals("", plain.query());
    assertNull(plain.queryParameter("x"));
    HttpRequest emptyQuery = parse("GET /a? HTTP/1.1\r\n\r\n");
    assertEquals("/a", emptyQuery.path());
    assertEquals("", emptyQuery.query());
    HttpRequest absolute = parse("GET http://example.com:8080/ws?x=1 HTTP/1.1\r\n\r\n");
    assertEquals("/ws", absolute.path());
    assertEquals("x=1", absolute.query());
  }

  @Test
  void queryParametersArePercentDecoded() throws HandshakeException {
    HttpRequest request =
        parse(
            "GET /?name=J%C3%BCrgen+M&empty=&flag&x=1&x=2&%E3%81%82=kana&bad=%zz%4&plus=a%2Bb"
                + " HTTP/1.1\r\n\r\n");
    assertEquals("J\u00fcrgen M", request.queryParameter("name"));
    assertEquals("", request.queryParameter("empty"));
    assertEquals("", request.queryParameter("flag"));
    assertEquals("1", request.queryParameter("x"));
    assertEquals("kana", request.queryParameter("\u3042"));
    assertEquals("%zz%4", request.queryParameter("bad"));
    assertEquals("a+b", request.queryParameter("plus"));
    assertNull(request.queryParameter("missing"));
  }

  @Test
  void cookiesFromEveryCookieField() throws HandshakeException {
    HttpRequest request =
        parse(
            "GET / HTTP/1.1\r\nCookie: a=1; b=2\r\ncookie: c=\"quoted\";d=x=y; a=again;"
                + " junk\r\n\r\n");
    assertEquals(Map.of("a", "1", "b", "2", "c", "quoted", "d", "x=y"), request.cookies());
    assertEquals(List.of("a", "b", "c", "d"), List.copyOf(request.cookies().keySet()));
    assertEquals(Map.of(), parse("GET / HTTP/1.1\r\n\r\n").cookies());
  }

  @Test
  void leadingEmptyLineIsIgnored() throws HandshakeException {
    assertEquals("/", parse("\r\nGET / HTTP/1.1\r\n\r\n").path());
  }

  @Test
  void obsoleteLineFoldingIsNamed() {
    HandshakeException e =
        assertThrows(
            HandshakeException.class, () -> parse("GET / HTTP/1.1\r\nX: a\r\n b: c\r\n\r\n"));
    assertEquals(400, e.status());
    assertTrue(e.getMessage().contains("folding"), e.getMessage());
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "GET / HTTP/1.1\r\nHost: a\r\n folded\r\n\r\n", // obsolete line folding
        "GET / HTTP/1.1\r\nHost: a\r\n\tfolded\r\n\r\n",
        "GET / HTTP/1.1\r\nHost a\r\n\r\n", // missing colon
        "GET / HTTP/1.1\r\nHost : a\r\n\r\n", // space before colon
        "GET / HTTP/1.1\r\n: a\r\n\r\n", // empty name
        "GET / HTTP/1.1\r\nBad Name: a\r\n\r\n",
        "GET / HTTP/1.1\r\nBad@Name: a\r\n\r\n",
        "GET / HTTP/1.1\r\nX: a\u0000b\r\n\r\n", // control character
        "GET / HTTP/1.1\r\nX: a\nY: b\r\n\r\n", // bare LF
        "GET / HTTP/1.1\r\nX: a\rb\r\n\r\n", // bare CR
        "GET / HTTP/1.1\r\nX: a\u007f\r\n\r\n",
        "GET /\u0001 HTTP/1.1\r\n\r\n",
        "GET / HTTP/1.1 extra\r\n\r\n",
        "GET /\r\n\r\n",
        "GET  / HTTP/1.1\r\n\r\n",
        "GET / HTTP/11\r\n\r\n",
        "GET / http/1.1\r\n\r\n",
        "G(T / HTTP/1.1\r\n\r\n",
        "\r\n\r\n",
        "",
      })
  void malformedHeadsAre400(String head) {
    HandshakeException e = assertThrows(HandshakeException.class, () -> parse(head));
    assertEquals(400, e.status());
  }
}
