package dev.ippo.interop;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ippo.CloseEvent;
import dev.ippo.MessageEvent;
import dev.ippo.WebSocket;
import dev.ippo.WebSocketOptions;
import dev.ippo.interop.DeflateParameter.AskedBy;
import java.net.URI;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Ippo's client against Node's {@code ws} as the server ({@code deflate-parameter-server.js}),
 * both with permessage-deflate on: for each parameter, asked for by either end, both agree
 * on it and every message of {@link DeflatePayloads#MESSAGES}, sent all in a row, echoes
 * exactly.
 */
@Timeout(90)
class DeflateNodeServerInteropTest {
  private static final long WAIT = 45;

  @ParameterizedTest(name = "{0} asked by {1}")
  @MethodSource("dev.ippo.interop.DeflateParameter#cases")
  void messagesEchoExactlyUnderTheAgreedParameters(DeflateParameter parameter, AskedBy asker)
      throws Exception {
    try (PeerProcess node = PeerProcess.node("deflate-parameter-server.js", parameter.ws(asker))) {
      URI url = URI.create("ws://127.0.0.1:" + node.awaitListening() + "/");
      WebSocket ws = new WebSocket(url,
          WebSocketOptions.builder().perMessageDeflate(parameter.ippo(asker)).build());
      EventRecorder events = EventRecorder.attach(ws);
      try {
        events.awaitOpen(WAIT);
        JsonLine seen = JsonLine.parse(node.nextLine(WAIT));
        assertEquals("connection", seen.string("event"), seen.toString());
        assertEquals(parameter.answer(), seen.string("answered"), seen.toString());
        assertEquals("permessage-deflate", seen.string("extensions"));
        assertEquals(parameter.answer(), ws.extensions());

        for (String name : DeflatePayloads.MESSAGES) {
          if (DeflatePayloads.isText(name)) {
            ws.send(DeflatePayloads.text(name));
          } else {
            ws.send(DeflatePayloads.bytes(name));
          }
        }
        for (String name : DeflatePayloads.MESSAGES) {
          MessageEvent echo = events.nextMessage(WAIT);
          assertEquals(DeflatePayloads.isText(name), echo.isText(), name);
          if (echo.isText()) {
            assertTrue(DeflatePayloads.text(name).equals(echo.text()), name + " came back changed");
          } else {
            assertArrayEquals(DeflatePayloads.bytes(name), echo.bytes(), name);
          }
        }

        ws.close(1000, "done");
        CloseEvent close = events.awaitClose(WAIT);
        assertEquals(1000, close.code());
        assertTrue(close.wasClean());
        JsonLine closed = JsonLine.parse(node.nextLine(WAIT));
        assertEquals("close", closed.string("event"), closed.toString());
        assertEquals(1000, closed.number("code"));
        assertEquals(0, events.errorCount());
      } finally {
        ws.terminate();
      }
    }
  }
}
