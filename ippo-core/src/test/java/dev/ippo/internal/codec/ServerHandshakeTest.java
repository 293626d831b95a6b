package dev.ippo.internal.codec;

import dev.ippo.http.HttpRequest;
import dev.ippo.http.Headers;
import static dev.ippo.internal.codec.HttpRequestTest.ascii;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ServerHandshakeTest {
  static final String KEY = "dGhlIHNhbXBsZSBub25jZQ==";

  /** The RFC's example request with {@code replace} applied: "old=>new" pairs, "|" apart. */
  static HttpRequest request(String edits) throws HandshakeException {
    String head =
        "GET /chat HTTP/1.1\r\n"
            + "Host: server.example.com\r\n"
            + "Upgrade: websocket\r\n"
            + "Connection: Upgrade\r\n"
            + "Sec-WebSocket-Key: "
            + KEY
            + "\r\n"
            + "Sec-WebSocket-Version: 13\r\n"
            + "\r\n";
    if (!edits.isEmpty()) {
      for (String edit : edits.split("\\|")) {
        String[] parts = edit.split("=>", -1);
        head = head.replace(unescape(parts[0]), unescape(parts[1]));
      }
    }
    return HttpRequestParser.parse(ascii(head));
  }

  /** CSV sources cannot hold line breaks: they write CR LF as backslash-r backslash-n. */
  static String unescape(String s) {
    return s.replace("\\r\\n", "\r\n");
  }

  @Test
  void validRequestGivesTheKey() throws HandshakeException {
    assertEquals(KEY, ServerHandshake.validate(request("")));
    assertTrue(ServerHandshake.isUpgrade(request("")));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "Upgrade: websocket=>Upgrade: WebSocket",
        "Connection: Upgrade=>Connection: keep-alive, Upgrade",
        "Connection: Upgrade=>Connection: keep-alive\\r\\nConnection: upgrade",
        "HTTP/1.1=>HTTP/1.2",
        "Sec-WebSocket-Version: 13=>Sec-WebSocket-Version:13",
        "\r\n\r\n=>\r\nSec-WebSocket-Protocol: chat, , superchat\r\n\r\n",
      })
  void acceptedVariants(String edit) throws HandshakeException {
    assertEquals(KEY, ServerHandshake.validate(request(edit)));
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = ';',
      value = {
        "GET /chat=>POST /chat; 400",
        "GET /chat=>get /chat; 400",
        "HTTP/1.1=>HTTP/1.0; 400",
        "HTTP/1.1=>HTTP/2.0; 400",
        "Host: server.example.com\\r\\n=>; 400",
        "Host: server.example.com=>Host:; 400",
        "Host: server.example.com=>Host: a\\r\\nHost: b; 400",
        "Upgrade: websocket\\r\\n=>; 400",
        "Upgrade: websocket=>Upgrade: h2c; 400",
        "Connection: Upgrade\\r\\n=>; 400",
        "Connection: Upgrade=>Connection: keep-alive; 400",
        "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\\r\\n=>; 400",
        "dGhlIHNhbXBsZSBub25jZQ===>dGhlIHNhbXBsZSBub25j; 400",
        "dGhlIHNhbXBsZSBub25jZQ===>dGhlIHNhbXBsZSBub25jZQ; 400",
        "dGhlIHNhbXBsZSBub25jZQ===>dGhlIHNhbXBsZSBub25jZSE=; 400",
        "dGhlIHNhbXBsZSBub25jZQ===>dGhlIHNhbXBsZSBub2*jZQ==; 400",
        "Sec-WebSocket-Version: 13=>Sec-WebSocket-Key: AAAAAAAAAAAAAAAAAAAAAA==\\r"
            + "\\n"
            + "Sec-WebSocket-Version: 13; 400",
        "Sec-WebSocket-Version: 13=>Sec-WebSocket-Version: 8; 426",
        "Sec-WebSocket-Version: 13=>Sec-WebSocket-Version: 13, 8; 426",
        "Sec-WebSocket-Version: 13\\r\\n=>; 426",
        "\\r\\n\\r\\n=>\\r\\nSec-WebSocket-Protocol: chat, a b\\r\\n\\r\\n; 400",
        "\\r\\n\\r\\n=>\\r\\nSec-WebSocket-Protocol: chat, ch@t\\r\\n\\r\\n; 400",
        "\\r"
            + "\\n"
            + "\\r"
            + "\\n"
            + "=>\\r"
            + "\\n"
            + "Sec-WebSocket-Protocol: chat\\r"
            + "\\n"
            + "Sec-WebSocket-Protocol: chat\\r"
            + "\\n"
            + "\\r"
            + "\\n"
            + "; 400",
      })
  void refusedRequests(String edit, int status) throws HandshakeException {
    HttpRequest request = request(edit);
    HandshakeException e =
        assertThrows(HandshakeException.class, () -> ServerHandshake.validate(request));
    assertEquals(status, e.status(), e.getMessage());
    if (status == 426) {
      assertEquals(List.of("13"), e.headers().all("Sec-WebSocket-Version"));
    } else {
      assertEquals(0, e.headers().size());
    }
  }

  @Test
  void obsoleteDraftIsToldTheVersion() throws HandshakeException {
    HttpRequest hixie =
        HttpRequestParser.parse(
            ascii(
                "GET /demo HTTP/1.1\r\nHost: example.com\r\nConnection: Upgrade\r\n"
                    + "Sec-WebSocket-Key2: 12998 5 Y3 1  .P00\r\nUpgrade: WebSocket\r\n"
                    + "Sec-WebSocket-Key1: 4 @1  46546xW%0l 1 5\r\n\r\n"));
    assertEquals(
        426,
        assertThrows(HandshakeException.class, () -> ServerHandshake.validate(hixie)).status());
  }

  @Test
  void isUpgradeWhenAskingForWebSocketOrCarryingAKey() throws HandshakeException {
    assertFalse(
        ServerHandshake.isUpgrade(HttpRequestParser.parse(ascii("GET / HTTP/1.1\r\nHost: a\r\n\r\n"))));
    assertFalse(
        ServerHandshake.isUpgrade(
            HttpRequestParser.parse(ascii("GET / HTTP/1.1\r\nHost: a\r\nUpgrade: h2c\r\n\r\n"))));
    // A key without Upgrade is a broken handshake: it must get 400 from validate, not a page.
    HttpRequest keyOnly = request("Upgrade: websocket=>Upgrade: h2c");
    assertTrue(ServerHandshake.isUpgrade(keyOnly));
    assertEquals(
        400,
        assertThrows(HandshakeException.class, () -> ServerHandshake.validate(keyOnly)).status());
  }

  @Test
  void offeredProtocolsFromEveryField() throws HandshakeException {
    HttpRequest request =
        request(
            "\r\n\r\n=>\r\nSec-WebSocket-Protocol: chat,  superchat \r\n"
                + "sec-websocket-protocol: v2.json\r\n\r\n");
    assertEquals(
        List.of("chat", "superchat", "v2.json"), ServerHandshake.offeredProtocols(request));
    assertEquals(List.of(), ServerHandshake.offeredProtocols(request("")));
  }

  @Test
  void acceptResponse() {
    ByteBuffer response =
        ServerHandshake.accept(KEY, "chat", null, new Headers().add("Set-Cookie", "id=1"));
    assertEquals(
        "HTTP/1.1 101 Switching Protocols\r\n"
            + "Upgrade: websocket\r\n"
            + "Connection: Upgrade\r\n"
            + "Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\n"
            + "Sec-WebSocket-Protocol: chat\r\n"
            + "Set-Cookie: id=1\r\n"
            + "\r\n",
        StandardCharsets.ISO_8859_1.decode(response).toString());
    String minimal =
        StandardCharsets.ISO_8859_1
            .decode(ServerHandshake.accept(KEY, null, "permessage-deflate", null))
            .toString();
    assertTrue(minimal.endsWith("xOo=\r\nSec-WebSocket-Extensions: permessage-deflate\r\n\r\n"));
  }

  @Test
  void acceptRefusesHeaderInjection() {
    assertThrows(
        IllegalArgumentException.class,
        () -> ServerHandshake.accept(KEY, null, null, new Headers().add("X", "a\r\nEvil: 1")));
    assertThrows(
        IllegalArgumentException.class,
        () -> ServerHandshake.accept(KEY, null, null, new Headers().add("X Y", "a")));
  }

  @ParameterizedTest
  @CsvSource({
    "400, Bad Request",
    "401, Unauthorized",
    "403, Forbidden",
    "404, Not Found",
    "405, Method Not Allowed",
    "426, Upgrade Required",
    "429, Too Many Requests",
    "431, Request Header Fields Too Large",
    "500, Internal Server Error",
    "503, Service Unavailable",
  })
  void rejectResponse(int status, String reason) throws HandshakeException {
    String body = "no entry \u00e9";
    ByteBuffer bytes =
        ServerHandshake.reject(status, body, new Headers().add("Sec-WebSocket-Version", "13"));
    HttpHeadReader heads = new HttpHeadReader(1000);
    HttpResponse response = HttpResponse.parse(heads.read(bytes));
    assertEquals(status, response.status());
    assertEquals(reason, response.reason());
    assertEquals("close", response.header("Connection"));
    assertEquals("text/plain; charset=utf-8", response.header("Content-Type"));
    assertEquals("13", response.header("Sec-WebSocket-Version"));
    byte[] content = Bytes.remaining(bytes);
    assertEquals(Integer.toString(content.length), response.header("Content-Length"));
    assertEquals(body, new String(content, StandardCharsets.UTF_8));
  }

  @Test
  void rejectWithoutBodyOrExtra() throws HandshakeException {
    ByteBuffer bytes = ServerHandshake.reject(404, null, null);
    String text = StandardCharsets.ISO_8859_1.decode(bytes).toString();
    assertEquals(
        "HTTP/1.1 404 Not Found\r\nConnection: close\r\nContent-Length: 0\r\n"
            + "Content-Type: text/plain; charset=utf-8\r\n\r\n",
        text);
    String custom =
        StandardCharsets.ISO_8859_1
            .decode(
                ServerHandshake.reject(
                    499,
                    "{}",
                    new Headers()
                        .add("Content-Type", "application/json")
                        .add("Content-Length", "99")
                        .add("Connection", "keep-alive")))
            .toString();
    assertEquals(
        "HTTP/1.1 499 Unknown\r\nConnection: close\r\nContent-Length: 2\r\n"
            + "Content-Type: application/json\r\n\r\n{}",
        custom);
  }
}
