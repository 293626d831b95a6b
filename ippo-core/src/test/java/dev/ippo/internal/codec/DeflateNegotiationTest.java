package dev.ippo.internal.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DeflateNegotiationTest {
  private static final DeflateParameters DEFAULT = DeflateParameters.DEFAULT;

  private static DeflateNegotiation.Accepted server(String offer, DeflateParameters wanted)
      throws HandshakeException {
    return DeflateNegotiation.negotiateServer(ExtensionHeader.parse(List.of(offer), 400), wanted);
  }

  private static DeflateParameters client(String answer, DeflateParameters offered)
      throws HandshakeException {
    return DeflateNegotiation.acceptAnswer(ExtensionHeader.parse(List.of(answer), 101), offered);
  }

  @Test
  void aBareOfferGetsABareAnswer() throws Exception {
    DeflateNegotiation.Accepted a = server("permessage-deflate", DEFAULT);
    assertEquals("permessage-deflate", a.header());
    assertEquals(DEFAULT, a.parameters());
  }

  @Test
  void theBrowsersOfferNeedsNoWindowInTheAnswer() throws Exception {
    DeflateNegotiation.Accepted a = server("permessage-deflate; client_max_window_bits", DEFAULT);
    assertEquals("permessage-deflate", a.header());
    assertEquals(DEFAULT, a.parameters());
  }

  @Test
  void contextTakeoverRequestsAreHonoured() throws Exception {
    DeflateNegotiation.Accepted a = server(
        "permessage-deflate; server_no_context_takeover; client_no_context_takeover", DEFAULT);
    assertEquals("permessage-deflate; server_no_context_takeover; client_no_context_takeover",
        a.header());
    assertEquals(new DeflateParameters(true, true, 15, 15), a.parameters());
  }

  @Test
  void theServerMayAskForNoContextTakeoverOnItsOwn() throws Exception {
    DeflateNegotiation.Accepted a =
        server("permessage-deflate", new DeflateParameters(true, false, 15, 15));
    assertEquals("permessage-deflate; server_no_context_takeover", a.header());
  }

  @Test
  void aSmallerServerWindowIsAgreedAndEchoed() throws Exception {
    DeflateNegotiation.Accepted a = server("permessage-deflate; server_max_window_bits=9", DEFAULT);
    assertEquals("permessage-deflate; server_max_window_bits=9", a.header());
    assertEquals(9, a.parameters().serverMaxWindowBits());
    DeflateNegotiation.Accepted own =
        server("permessage-deflate", new DeflateParameters(false, false, 10, 15));
    assertEquals("permessage-deflate; server_max_window_bits=10", own.header());
  }

  @Test
  void aLimitOnTheClientsWindowNeedsAClientThatOffersIt() throws Exception {
    DeflateParameters limit = new DeflateParameters(false, false, 15, 10);
    assertNull(server("permessage-deflate", limit));
    DeflateNegotiation.Accepted a = server(
        "permessage-deflate, permessage-deflate; client_max_window_bits=12", limit);
    assertEquals("permessage-deflate; client_max_window_bits=10", a.header());
    DeflateNegotiation.Accepted smaller =
        server("permessage-deflate; client_max_window_bits=9", limit);
    assertEquals("permessage-deflate; client_max_window_bits=9", smaller.header());
  }

  @Test
  void otherExtensionsAreIgnored() throws Exception {
    assertNull(server("x-webkit-deflate-frame", DEFAULT));
    assertEquals("permessage-deflate",
        server("x-foo; bar=1, permessage-deflate", DEFAULT).header());
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "permessage-deflate; foo",
      "permessage-deflate; server_no_context_takeover; server_no_context_takeover",
      "permessage-deflate; server_no_context_takeover=1",
      "permessage-deflate; client_no_context_takeover=\"x\"",
      "permessage-deflate; server_max_window_bits",
      "permessage-deflate; server_max_window_bits=7",
      "permessage-deflate; server_max_window_bits=16",
      "permessage-deflate; server_max_window_bits=010",
      "permessage-deflate; client_max_window_bits=abc",
      "permessage-deflate; client_max_window_bits=8; client_max_window_bits=9",
      // a malformed offer fails the handshake even after a good one
      "permessage-deflate, permessage-deflate; foo"})
  void malformedOffersGet400(String offer) {
    HandshakeException e = assertThrows(HandshakeException.class, () -> server(offer, DEFAULT));
    assertEquals(400, e.status());
  }

  @Test
  void theClientsOfferIsWhatBrowsersSend() {
    assertEquals("permessage-deflate; client_max_window_bits", DeflateNegotiation.offer(DEFAULT));
    assertEquals("permessage-deflate; server_no_context_takeover; client_no_context_takeover;"
            + " server_max_window_bits=10; client_max_window_bits=9",
        DeflateNegotiation.offer(new DeflateParameters(true, true, 10, 9)));
  }

  @Test
  void theClientTakesAnyAnswerWithinItsOffer() throws Exception {
    assertEquals(DEFAULT, client("permessage-deflate", DEFAULT));
    assertEquals(new DeflateParameters(true, true, 9, 10), client(
        "permessage-deflate; server_no_context_takeover; client_no_context_takeover;"
            + " server_max_window_bits=9; client_max_window_bits=10", DEFAULT));
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "x-foo",
      "permessage-deflate, permessage-deflate",
      "permessage-deflate; foo",
      "permessage-deflate; server_max_window_bits=16",
      "permessage-deflate; server_max_window_bits",
      "permessage-deflate; client_max_window_bits",
      "permessage-deflate; client_no_context_takeover; client_no_context_takeover"})
  void theClientRefusesAnswersOutsideItsOffer(String answer) {
    HandshakeException e = assertThrows(HandshakeException.class, () -> client(answer, DEFAULT));
    assertEquals(101, e.status());
  }

  @Test
  void theClientHoldsTheServerToWhatItAskedFor() {
    DeflateParameters asked = new DeflateParameters(true, false, 10, 15);
    assertThrows(HandshakeException.class,
        () -> client("permessage-deflate; server_max_window_bits=10", asked));
    assertThrows(HandshakeException.class, () -> client(
        "permessage-deflate; server_no_context_takeover; server_max_window_bits=11", asked));
    assertThrows(HandshakeException.class,
        () -> client("permessage-deflate; server_no_context_takeover", asked));
  }
}
