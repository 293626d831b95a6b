package dev.ippo.conformance;

import static dev.ippo.conformance.HandshakeConformanceTest.assertRefused;
import static dev.ippo.conformance.HandshakeConformanceTest.assertStillServes;
import static dev.ippo.conformance.HandshakeConformanceTest.good;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.ippo.EchoFixture;
import dev.ippo.PerMessageDeflate;
import dev.ippo.WebSocketServer;
import java.io.IOException;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Opening handshakes with permessage-deflate offers, sent by hand to Ippo's server with
 * deflate on: a malformed offer (RFC 7692 section 7.1, RFC 6455 section 9.1) gets 400, after
 * which a good client is still served; an offer of other extensions only, or any offer to a
 * server without deflate, gets 101 with no {@code Sec-WebSocket-Extensions}.
 *
 * <p>Not thread safe; JUnit runs it on one thread.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DeflateHandshakeConformanceTest {
  private static final String HOST = "127.0.0.1";
  private static final Duration TIMEOUT = Duration.ofSeconds(3);

  private WebSocketServer deflating;
  private WebSocketServer plain;

  @BeforeAll
  void startServers() throws IOException {
    deflating = EchoFixture.start(WebSocketServer.builder().port(0).host(HOST)
        .perMessageDeflate(PerMessageDeflate.DEFAULTS));
    plain = EchoFixture.start(WebSocketServer.builder().port(0).host(HOST));
  }

  @AfterAll
  void stopServers() {
    if (deflating != null) {
      deflating.close();
    }
    if (plain != null) {
      plain.close();
    }
  }

  @ParameterizedTest(name = "HD.1 malformed offer ''{0}'' -> 400")
  @ValueSource(strings = {
      "permessage-deflate; foo",
      "permessage-deflate; foo=1",
      "permessage-deflate; server_no_context_takeover; server_no_context_takeover",
      "permessage-deflate; client_max_window_bits; client_max_window_bits=10",
      "permessage-deflate; server_max_window_bits",
      "permessage-deflate; server_max_window_bits=7",
      "permessage-deflate; server_max_window_bits=16",
      "permessage-deflate; server_max_window_bits=010",
      "permessage-deflate; server_max_window_bits=abc",
      "permessage-deflate; server_max_window_bits=\"16\"",
      "permessage-deflate; client_max_window_bits=7",
      "permessage-deflate; client_max_window_bits=16",
      "permessage-deflate; client_no_context_takeover=1",
      "permessage-deflate; server_no_context_takeover=\"\"",
      "permessage-deflate, permessage-deflate; server_max_window_bits=16",
      "permessage-deflate;",
      "permessage-deflate; server_max_window_bits=\"10",
      "permessage-deflate; =10",
      "permessage-deflate server_no_context_takeover",
      ";permessage-deflate",
  })
  void malformedOffer(String offer) throws Exception {
    assertRefused(deflating, good(deflating).set("Sec-WebSocket-Extensions", offer), 400);
    assertStillServes(deflating, good(deflating));
  }

  @ParameterizedTest(name = "HD.2 offer ''{0}'' of other extensions only -> 101, none agreed")
  @ValueSource(strings = {"x-foo", "x-foo; bar=1, x-webkit-deflate-frame"})
  void otherExtensionsOnly(String offer) throws Exception {
    HttpHead response = handshake(deflating, offer);
    assertNull(response.header("Sec-WebSocket-Extensions"), "answered " + response);
  }

  @Test
  @DisplayName("HD.3 'x-foo; bar=1, permessage-deflate' -> 101 with permessage-deflate only")
  void otherExtensionFirst() throws Exception {
    String offer = "x-foo; bar=1, permessage-deflate";
    HttpHead response = handshake(deflating, offer);
    DeflateAgreement.check(offer, response.header("Sec-WebSocket-Extensions"));
    assertEquals("permessage-deflate",
        response.header("Sec-WebSocket-Extensions").split(";")[0].strip());
  }

  @Test
  @DisplayName("HD.4 server_max_window_bits=\"10\" (quoted) -> 101 with a window of 10 or less")
  void quotedValue() throws Exception {
    String offer = "permessage-deflate; server_max_window_bits=\"10\"";
    HttpHead response = handshake(deflating, offer);
    DeflateAgreement agreed =
        DeflateAgreement.check(offer, response.header("Sec-WebSocket-Extensions"));
    assertEquals(true, agreed != null && agreed.serverMaxWindowBits() <= 10, "agreed " + agreed);
  }

  @Test
  @DisplayName("HD.5 permessage-deflate offered to a server without it -> 101, none agreed")
  void serverWithoutDeflate() throws Exception {
    HttpHead response = handshake(plain, "permessage-deflate; client_max_window_bits");
    assertNull(response.header("Sec-WebSocket-Extensions"), "answered " + response);
  }

  /** Completes a handshake with {@code offer} and returns the 101, then closes. */
  private static HttpHead handshake(WebSocketServer server, String offer) throws Exception {
    RequestHead request = good(server).set("Sec-WebSocket-Extensions", offer);
    try (RawClient client = RawClient.open(HOST, server.port(), request, TIMEOUT)) {
      return client.response();
    }
  }
}
