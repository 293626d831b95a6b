package dev.ippo.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ippo.CloseEvent;
import dev.ippo.interop.DeflateParameter.AskedBy;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Node's {@code ws} as the client ({@code deflate-client.js}) against an Ippo server, both
 * with permessage-deflate on: for each parameter, asked for by either end, both agree on it
 * and every message of {@link DeflatePayloads#MESSAGES}, sent all in a row, echoes exactly.
 */
@Timeout(90)
class DeflateNodeClientInteropTest {
  private static final long WAIT = 45;

  @ParameterizedTest(name = "{0} asked by {1}")
  @MethodSource("dev.ippo.interop.DeflateParameter#cases")
  void messagesEchoExactlyUnderTheAgreedParameters(DeflateParameter parameter, AskedBy asker)
      throws Exception {
    try (IppoTestServer server =
        IppoTestServer.start(o -> o.perMessageDeflate(parameter.ippo(asker)))) {
      List<String> args = new ArrayList<>(List.of(server.url("/echo"), parameter.ws(asker)));
      args.addAll(DeflatePayloads.MESSAGES);
      Map<String, JsonLine> r = WsClientScript.runScript("deflate-client.js", WAIT, args);

      JsonLine handshake = r.get("handshake");
      assertEquals(parameter.answer(), handshake.string("answered"), handshake.toString());
      assertEquals("permessage-deflate", handshake.string("extensions"));
      assertEquals(parameter.answer(), server.nextConnection(WAIT).extensions());
      for (String name : DeflatePayloads.MESSAGES) {
        JsonLine echo = r.get(name);
        byte[] sent = DeflatePayloads.bytes(name);
        assertEquals(!DeflatePayloads.isText(name), echo.bool("binary"), echo.toString());
        assertEquals(sent.length, echo.number("length"), echo.toString());
        assertEquals(InteropData.sha256(sent), echo.string("sha256"), echo.toString());
      }
      assertEquals(1000, r.get("close").number("code"));
      CloseEvent close = server.nextClose(WAIT);
      assertEquals(1000, close.code());
      assertTrue(close.wasClean());
    }
  }
}
