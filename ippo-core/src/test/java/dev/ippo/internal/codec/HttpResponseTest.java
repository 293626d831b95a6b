package dev.ippo.internal.codec;

import static dev.ippo.internal.codec.HttpRequestTest.ascii;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class HttpResponseTest {

  @Test
  void parsesStatusLineAndFields() throws HandshakeException {
    HttpResponse response =
        HttpResponse.parse(
            ascii(
                "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n"
                    + "Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\n\r\n"));
    assertEquals("HTTP/1.1", response.version());
    assertEquals(101, response.status());
    assertEquals("Switching Protocols", response.reason());
    assertEquals("websocket", response.header("UPGRADE"));
    assertEquals(2, response.headers().size());
  }

  @Test
  void reasonMayBeEmptyOrMissing() throws HandshakeException {
    assertEquals("", HttpResponse.parse(ascii("HTTP/1.1 404 \r\n\r\n")).reason());
    assertEquals(404, HttpResponse.parse(ascii("HTTP/1.1 404\r\n\r\n")).status());
    assertEquals(
        "Not Found Here",
        HttpResponse.parse(ascii("HTTP/1.1 404 Not Found Here\r\n\r\n")).reason());
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "HTTP/1.1 10 Short\r\n\r\n",
        "HTTP/1.1 1011 Long\r\n\r\n",
        "HTTP/1.1 abc Letters\r\n\r\n",
        "HTTP/1.1  101 Two spaces\r\n\r\n",
        "SSH-2.0-OpenSSH_9.6\r\n\r\n",
        "HTTP/1.1 101 OK\r\nNo colon\r\n\r\n",
        "HTTP/1.1 101 OK\r\nX: a\nb\r\n\r\n",
        "",
      })
  void malformedIsStatus0(String head) {
    HandshakeException e =
        assertThrows(HandshakeException.class, () -> HttpResponse.parse(ascii(head)));
    assertEquals(0, e.status());
  }
}
