package dev.ippo.internal.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ExtensionHeaderTest {

  private static List<Extension> parse(String... fields) throws HandshakeException {
    return ExtensionHeader.parse(List.of(fields), 400);
  }

  @Test
  void readsSeveralOffersWithParametersInOrder() throws Exception {
    List<Extension> offers = parse(
        "permessage-deflate; client_max_window_bits; server_max_window_bits=10 ,"
            + " permessage-deflate;client_no_context_takeover",
        "x-foo; a=\"b\"");
    assertEquals(3, offers.size());
    assertEquals("permessage-deflate; client_max_window_bits; server_max_window_bits=10",
        offers.get(0).toString());
    assertEquals(new Extension.Parameter("client_max_window_bits", null),
        offers.get(0).parameters().get(0));
    assertEquals("permessage-deflate; client_no_context_takeover", offers.get(1).toString());
    assertEquals(new Extension.Parameter("a", "b"), offers.get(2).parameters().get(0));
  }

  @Test
  void unquotesEscapedValuesAndSkipsEmptyElements() throws Exception {
    List<Extension> offers = parse(", permessage-deflate; server_max_window_bits=\"1\\0\",,");
    assertEquals(1, offers.size());
    assertEquals("10", offers.get(0).parameters().get(0).value());
  }

  @Test
  void emptyFieldsGiveNothing() throws Exception {
    assertEquals(List.of(), parse());
    assertEquals(List.of(), parse("", " , "));
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "permessage-deflate;",
      "permessage-deflate; =1",
      "permessage-deflate; a=",
      "permessage-deflate; a=\"1",
      "permessage-deflate; a=\"1 2\"",
      "permessage-deflate a",
      "permessage deflate",
      "; a",
      "permessage-deflate; a=b=c",
      "permessage-deflate, ; a"})
  void malformedHeadersGetTheFailStatus(String field) {
    HandshakeException e = assertThrows(HandshakeException.class, () -> parse(field));
    assertEquals(400, e.status());
  }

  @Test
  void aClientSideErrorCarriesItsOwnStatus() {
    HandshakeException e = assertThrows(HandshakeException.class,
        () -> ExtensionHeader.parse(List.of("permessage-deflate;"), 101));
    assertEquals(101, e.status());
  }
}
