package dev.ippo.internal.codec;

import dev.ippo.http.HttpRequest;
import dev.ippo.http.Headers;
import static dev.ippo.internal.codec.HttpRequestTest.ascii;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ClientHandshakeTest {
  static final String KEY = "dGhlIHNhbXBsZSBub25jZQ==";

  static String text(ByteBuffer bytes) {
    return StandardCharsets.ISO_8859_1.decode(bytes.duplicate()).toString();
  }

  @Test
  void newKeyIsBase64Of16RandomBytes() {
    String key = ClientHandshake.newKey(new Random(1));
    assertEquals(16, Base64.getDecoder().decode(key).length);
    assertEquals(key, ClientHandshake.newKey(new Random(1)));
    assertNotEquals(key, ClientHandshake.newKey(new Random(2)));
  }

  @Test
  void requestForTheRfcExample() {
    ByteBuffer request =
        ClientHandshake.request(
            URI.create("ws://server.example.com/chat"),
            KEY,
            List.of("chat", "superchat"),
            new Headers().add("Origin", "http://example.com"));
    assertEquals(
        "GET /chat HTTP/1.1\r\n"
            + "Host: server.example.com\r\n"
            + "Upgrade: websocket\r\n"
            + "Connection: Upgrade\r\n"
            + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
            + "Sec-WebSocket-Version: 13\r\n"
            + "Sec-WebSocket-Protocol: chat, superchat\r\n"
            + "Origin: http://example.com\r\n"
            + "\r\n",
        text(request));
  }

  @ParameterizedTest
  @CsvSource({
    "ws://example.com, /, example.com",
    "ws://example.com:80/a?b=c%20d, /a?b=c%20d, example.com",
    "ws://example.com:443/, /, example.com:443",
    "wss://example.com:443/x, /x, example.com",
    "wss://example.com:8443/x, /x, example.com:8443",
    "ws://[::1]:9000/, /, [::1]:9000",
    "wss://[2001:db8::1]/, /, [2001:db8::1]",
    "ws://127.0.0.1:8080?q, /?q, 127.0.0.1:8080",
    "http://example.com/p, /p, example.com",
  })
  void targetAndHost(String uri, String target, String host) throws HandshakeException {
    ByteBuffer bytes = ClientHandshake.request(URI.create(uri), KEY, List.of(), null);
    HttpRequest request = HttpRequestParser.parse(bytes);
    assertEquals(target, request.target());
    assertEquals(host, request.header("Host"));
    assEquals(KEY, ServerHandshake.validate(request));
    assertEquals(List.of(), request.headers().all("Sec-WebSocket-Protocol"));
  }

  private static void assEquals(String expected, String actual) {
    assertEquals(expected, actual);
  }

  @Test
  void extraHostReplacesTheDerivedOneAndUserInfoBecomesBasicAuth() throws HandshakeException {
    HttpRequest request =
        HttpRequestParser.parse(
            ClientHandshake.request(
                URI.create("ws://user:pass@10.0.0.1:81/"),
                KEY,
                List.of(),
                new Headers().add("Host", "virtual.example")));
    assertEquals(List.of("virtual.example"), request.headers().all("Host"));
    assertEquals("Basic dXNlcjpwYXNz", request.header("Authorization"));
  }

  @Test
  void requestRefusesBadInput() {
    assertThrows(
        IllegalArgumentException.class,
        () -> ClientHandshake.request(URI.create("ftp://example.com/"), KEY, List.of(), null));
    assertThrows(
        IllegalArgumentException.class,
        () -> ClientHandshake.request(URI.create("ws://example.com/"), KEY, List.of("a b"), null));
    assertThrows(
        IllegalArgumentException.class,
        () ->
            ClientHandshake.request(
                URI.create("ws://example.com/"), KEY, List.of(), new Headers().add("X", "\n")));
  }

  static HttpResponse response(String head) throws HandshakeException {
    return HttpResponse.parse(ascii(head));
  }

  static final String GOOD =
      "HTTP/1.1 101 Switching Protocols\r\n"
          + "Upgrade: websocket\r\n"
          + "Connection: Upgrade\r\n"
          + "Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\n";

  @Test
  void validatesTheServersAccept() throws HandshakeException {
    HttpResponse response = HttpResponse.parse(ServerHandshake.accept(KEY, "chat", null, null));
    ClientHandshake.Result result =
        ClientHandshake.validate(response, KEY, List.of("superchat", "chat"));
    assertEquals("chat", result.protocol());
    assertEquals("", result.extensions());
    assertSame(response, result.response());

    ClientHandshake.Result none =
        ClientHandshake.validate(response(GOOD + "\r\n"), KEY, List.of("chat"));
    assertEquals("", none.protocol());
    ClientHandshake.Result caseless =
        ClientHandshake.validate(
            response(
                GOOD.replace("websocket", "WebSocket").replace("Upgrade\r", "upgrade\r") + "\r\n"),
            KEY,
            List.of());
    assertEquals("", caseless.protocol());
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = ';',
      value = {
        "101 Switching Protocols=>200 OK; 200",
        "101 Switching Protocols=>403 Forbidden; 403",
        "Upgrade: websocket\\r\\n=>; 101",
        "Upgrade: websocket=>Upgrade: h2c; 101",
        "Connection: Upgrade\\r\\n=>; 101",
        "Connection: Upgrade=>Connection: close; 101",
        "s3pPLMBiTxaQ9kYGzzhZRbK+xOo==>s3pPLMBiTxaQ9kYGzzhZRbK+xOO=; 101",
        "Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\\r\\n=>; 101",
        "\\r\\n\\r\\n=>\\r\\nSec-WebSocket-Protocol: superchat\\r\\n\\r\\n; 101",
        "\\r\\n\\r\\n=>\\r\\nSec-WebSocket-Protocol: chat, superchat\\r\\n\\r\\n; 101",
        "\\r\\n\\r\\n=>\\r\\nSec-WebSocket-Extensions: permessage-deflate\\r\\n\\r\\n; 101",
      })
  void refusedResponses(String edit, int status) throws HandshakeException {
    String[] parts = edit.split("=>", -1);
    HttpResponse response =
        response(
            (GOOD + "\r\n")
                .replace(
                    ServerHandshakeTest.unescape(parts[0]),
                    ServerHandshakeTest.unescape(parts[1])));
    HandshakeException e =
        assertThrows(
            HandshakeException.class,
            () -> ClientHandshake.validate(response, KEY, List.of("chat")));
    assertEquals(status, e.status(), e.getMessage());
  }

  @Test
  void subprotocolWhenNoneWasRequested() throws HandshakeException {
    HttpResponse response = response(GOOD + "Sec-WebSocket-Protocol: chat\r\n\r\n");
    assertEquals(
        101,
        assertThrows(
                HandshakeException.class, () -> ClientHandshake.validate(response, KEY, List.of()))
            .status());
  }
  @Test
  void offersAndTakesPermessageDeflate() throws HandshakeException {
    String request = StandardCharsets.ISO_8859_1.decode(ClientHandshake.request(
        URI.create("ws://example.com/"), KEY, List.of(), "permessage-deflate; x", null)).toString();
    assertTrue(request.contains("\r\nSec-WebSocket-Extensions: permessage-deflate; x\r\n"));

    HttpResponse response = response(GOOD
        + "Sec-WebSocket-Extensions: permessage-deflate; server_no_context_takeover\r\n\r\n");
    ClientHandshake.Result result =
        ClientHandshake.validate(response, KEY, List.of(), DeflateParameters.DEFAULT);
    assertEquals("permessage-deflate; server_no_context_takeover", result.extensions());
    assertEquals(new DeflateParameters(true, false, 15, 15), result.deflate());
    assertEquals(null, ClientHandshake.validate(response(GOOD + "\r\n"), KEY, List.of(),
        DeflateParameters.DEFAULT).deflate());
    HttpResponse unknown = response(GOOD + "Sec-WebSocket-Extensions: x-foo\r\n\r\n");
    assertEquals(101, assertThrows(HandshakeException.class, () ->
        ClientHandshake.validate(unknown, KEY, List.of(), DeflateParameters.DEFAULT)).status());
  }
}
