package dev.ippo.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.ippo.internal.codec.DeflateNegotiation;
import dev.ippo.internal.codec.DeflateParameters;
import dev.ippo.internal.codec.Extension;
import dev.ippo.internal.codec.ExtensionHeader;
import dev.ippo.internal.codec.HandshakeException;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code Sec-WebSocket-Extensions} parser and permessage-deflate's negotiation on both
 * ends, fed header fields straight (the handshake target reaches them only through a whole
 * valid request). Only a HandshakeException with the status asked for escapes; what parses
 * is made of tokens and reads back the same from its own text; what a server agrees to, a
 * client that offered the defaults accepts as the same parameters; and what a client accepts
 * stays within what it offered.
 */
class ExtensionHeaderFuzzTest {
  private static DeflateParameters parameters(FuzzedDataProvider data) {
    return new DeflateParameters(data.consumeBoolean(), data.consumeBoolean(),
        data.consumeInt(DeflateParameters.MIN_WINDOW_BITS, DeflateParameters.MAX_WINDOW_BITS),
        data.consumeInt(DeflateParameters.MIN_WINDOW_BITS, DeflateParameters.MAX_WINDOW_BITS));
  }

  @FuzzTest(maxDuration = "60m")
  void fieldsOnBothEnds(FuzzedDataProvider data) {
    DeflateParameters wanted = parameters(data);
    boolean atServer = data.consumeBoolean();
    int status = atServer ? 400 : 101;
    List<String> fields = new ArrayList<>();
    int count = data.consumeInt(1, 3);
    for (int i = 0; i < count; i++) {
      fields.add(i == count - 1 ? data.consumeRemainingAsString() : data.consumeString(256));
    }
    List<Extension> extensions;
    try {
      extensions = ExtensionHeader.parse(fields, status);
    } catch (HandshakeException e) {
      assertEquals(status, e.status(), e.getMessage());
      return;
    }
    for (Extension e : extensions) {
      assertTrue(isToken(e.name()), "name " + e.name());
      for (Extension.Parameter p : e.parameters()) {
        assertTrue(isToken(p.name()) && (p.value() == null || isToken(p.value())), "" + p);
      }
      assertEquals(List.of(e), parse(e.toString(), status), "read back from " + e);
    }
    if (atServer) {
      serverAgrees(extensions, wanted);
    } else {
      clientChecks(extensions, wanted);
    }
  }

  private static void serverAgrees(List<Extension> offers, DeflateParameters wanted) {
    DeflateNegotiation.Accepted accepted;
    try {
      accepted = DeflateNegotiation.negotiateServer(offers, wanted);
    } catch (HandshakeException e) {
      assertEquals(400, e.status(), e.getMessage());
      return;
    }
    if (accepted == null) {
      return;
    }
    DeflateParameters agreed = accepted.parameters();
    assertTrue(agreed.serverMaxWindowBits() <= wanted.serverMaxWindowBits()
        && agreed.clientMaxWindowBits() <= wanted.clientMaxWindowBits(), "" + agreed);
    try {
      assertEquals(agreed, DeflateNegotiation.acceptAnswer(
          parse(accepted.header(), 101), DeflateParameters.DEFAULT), accepted.header());
    } catch (HandshakeException e) {
      throw new AssertionError("a client refuses the server's answer " + accepted.header(), e);
    }
  }

  private static void clientChecks(List<Extension> answer, DeflateParameters offered) {
    try {
      DeflateParameters used = DeflateNegotiation.acceptAnswer(answer, offered);
      assertTrue(used.serverMaxWindowBits() <= offered.serverMaxWindowBits()
          && used.clientMaxWindowBits() <= offered.clientMaxWindowBits()
          && (used.serverNoContextTakeover() || !offered.serverNoContextTakeover()), "" + used);
    } catch (HandshakeException e) {
      assertEquals(101, e.status(), e.getMessage());
    }
  }

  private static List<Extension> parse(String field, int status) {
    try {
      return ExtensionHeader.parse(List.of(field), status);
    } catch (HandshakeException e) {
      throw new AssertionError("its own text does not parse: " + field, e);
    }
  }

  /** RFC 9110's token: one or more tchar. */
  private static boolean isToken(String s) {
    if (s.isEmpty()) {
      return false;
    }
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      boolean tchar = c < 127 && (Character.isLetterOrDigit(c) || "!#$%&'*+-.^_`|~".indexOf(c) >= 0);
      if (!tchar) {
        return false;
      }
    }
    return true;
  }
}
