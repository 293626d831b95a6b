package dev.ippo.internal.codec;

import static dev.ippo.internal.codec.HttpRequestTest.ascii;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The CONNECT step fed bytes: the request it writes, and every way a proxy may answer. */
class ProxyHandshakeTest {
  private static final String PROXY = "proxy.test:3128";
  private static final String TARGET = "example.com:443";
  /** A TLS ServerHello's first bytes: what a server sends as soon as the tunnel is open. */
  private static final byte[] SERVER_BYTES = Bytes.hex("16 03 03 00 7a 02");

  private static ProxyHandshake handshake(String authorization) {
    return new ProxyHandshake(PROXY, TARGET, authorization);
  }

  private static String text(ByteBuffer buf) {
    return StandardCharsets.ISO_8859_1.decode(buf).toString();
  }

  private static ProxyException refusal(ProxyHandshake handshake, String answer) {
    return assertThrows(ProxyException.class, () -> handshake.read(ascii(answer)));
  }

  @Test
  void theRequestAsksForTheTargetWithItsHostAndNoCredentialsUnlessGiven() {
    assertEquals("CONNECT example.com:443 HTTP/1.1\r\nHost: example.com:443\r\n\r\n",
        text(handshake(null).request()));
    assertEquals("CONNECT [::1]:8080 HTTP/1.1\r\nHost: [::1]:8080\r\n"
            + "Proxy-Authorization: Basic dXNlcjpwYXNz\r\n\r\n",
        text(new ProxyHandshake(PROXY, "[::1]:8080", "Basic dXNlcjpwYXNz").request()));
  }

  @Test
  void a200OpensTheTunnelAndLeavesTheServersBytesAfterTheHead() throws ProxyException {
    byte[] answer = "HTTP/1.1 200 Connection established\r\nVia: 1.1 squid\r\n\r\n"
        .getBytes(StandardCharsets.ISO_8859_1);
    ByteBuffer data = ByteBuffer.wrap(Bytes.concat(answer, SERVER_BYTES));
    assertTrue(handshake(null).read(data));
    assertEquals(answer.length, data.position());
    assertArrayEquals(SERVER_BYTES, Bytes.remaining(data));
  }

  @Test
  void anyOther2xxInHttp10OpensItTooAndItsContentLengthIsIgnored() throws ProxyException {
    ByteBuffer data = ascii("HTTP/1.0 204 \r\nContent-Length: 5\r\n\r\nabc");
    assertTrue(handshake(null).read(data));
    assertEquals("abc", text(data), "a 2xx to CONNECT has no body: these bytes are the server's");
  }

  @Test
  void anAnswerSplitAtEveryOffsetOpensTheTunnelWithTheSameBytesAfterIt()
      throws ProxyException {
    byte[] all = Bytes.concat("HTTP/1.1 200 OK\r\nX: y\r\n\r\n"
        .getBytes(StandardCharsets.ISO_8859_1), SERVER_BYTES);
    int headLength = all.length - SERVER_BYTES.length;
    for (int cut = 0; cut <= all.length; cut++) {
      ProxyHandshake handshake = handshake(null);
      ByteBuffer first = ByteBuffer.wrap(all, 0, cut).slice();
      ByteBuffer second = ByteBuffer.wrap(all, cut, all.length - cut).slice();
      boolean openAfterFirst = handshake.read(first);
      assertEquals(cut >= headLength, openAfterFirst, "cut at " + cut);
      byte[] rest;
      if (openAfterFirst) {
        rest = Bytes.concat(Bytes.remaining(first), Bytes.remaining(second));
      } else {
        assertFalse(first.hasRemaining(), "all of an incomplete head is taken");
        assertTrue(handshake.read(second), "cut at " + cut);
        rest = Bytes.remaining(second);
      }
      assertArrayEquals(SERVER_BYTES, rest, "cut at " + cut);
    }
  }

  @Test
  void a407WithoutCredentialsSaysTheProxyAsksForThem() {
    ProxyException e = refusal(handshake(null), "HTTP/1.1 407 Proxy Authentication Required\r\n"
        + "Proxy-Authenticate: Basic realm=\"corp\"\r\n\r\n");
    assertEquals(407, e.status());
    assertEquals("the proxy proxy.test:3128 asks for credentials, and none were given"
        + " (HTTP 407 Proxy Authentication Required; it asks for Basic realm=\"corp\")",
        e.getMessage());
  }

  @Test
  void a407WithCredentialsSaysTheProxyRefusedThem() {
    ProxyException e = refusal(handshake("Basic eDp5"),
        "HTTP/1.1 407 Proxy Authentication Required\r\n\r\n");
    assertEquals(407, e.status());
    assertEquals("the proxy proxy.test:3128 refused the credentials given for it"
        + " (HTTP 407 Proxy Authentication Required)", e.getMessage());
  }

  @Test
  void anotherStatusIsARefusalToConnectToTheTarget() {
    ProxyException e = refusal(handshake(null), "HTTP/1.1 502 Bad Gateway\r\n\r\n<html>");
    assertEquals(502, e.status());
    assertEquals("the proxy proxy.test:3128 refused CONNECT to example.com:443:"
        + " HTTP 502 Bad Gateway", e.getMessage());
    assertEquals("the proxy proxy.test:3128 refused CONNECT to example.com:443: HTTP 403",
        refusal(handshake(null), "HTTP/1.1 403\r\n\r\n").getMessage());
    assertEquals(101, refusal(handshake(null), "HTTP/1.1 101 Switching\r\n\r\n").status(),
        "only 2xx opens a tunnel");
  }

  @Test
  void anAnswerThatIsNotHttpIsNamedAsSuch() {
    ProxyException e = refusal(handshake(null), "SSH-2.0-OpenSSH_9.6\r\n\r\n");
    assertEquals(0, e.status());
    assertTrue(e.getMessage().startsWith(
        "the proxy proxy.test:3128 did not answer CONNECT in HTTP: "), e.getMessage());
  }

  @Test
  void anEndlessHeadFailsAtTheLimitWithoutHoldingMore() throws ProxyException {
    ProxyHandshake handshake = handshake(null);
    assertFalse(handshake.read(ascii("HTTP/1.1 200 OK\r\n")));
    ByteBuffer line = ascii("X-Filler: " + "a".repeat(1000) + "\r\n");
    ProxyException e = null;
    int fed = 0;
    while (e == null && fed <= ProxyHandshake.MAX_ANSWER_HEAD + line.capacity()) {
      try {
        assertFalse(handshake.read(line.duplicate()));
      } catch (ProxyException thrown) {
        e = thrown;
      }
      fed += line.capacity();
    }
    assertTrue(e != null, "no failure after " + fed + " bytes");
    assertTrue(fed <= ProxyHandshake.MAX_ANSWER_HEAD + line.capacity(), fed + " bytes");
    assertEquals("the proxy proxy.test:3128 answered CONNECT with a head over 16384 bytes",
        e.getMessage());
  }
}
