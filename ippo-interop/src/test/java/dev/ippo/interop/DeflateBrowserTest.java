package dev.ippo.interop;

import static dev.ippo.interop.DeflatePayloads.BIG_COMPRESSIBLE_TEXT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ippo.CloseEvent;
import dev.ippo.interop.CountingRelay.Link;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Headless Chromium ({@code deflate-browser.js}) loads a page from an Ippo server with
 * permessage-deflate on and sends a 200 KB compressible text through it and back, the
 * socket passing a {@link CountingRelay}: both ends agree on the extension Chromium offers,
 * the text comes back exactly, and it crossed compressed both ways.
 *
 * <p>Needs {@code node}, playwright-core from the lock file and /usr/bin/chromium.
 */
@Timeout(90)
class DeflateBrowserTest {
  private static final long WAIT = 60;

  /** The page: roundTrip(url, text) sends the text and resolves with the echo. */
  private static final String PAGE = """
      <!doctype html>
      <meta charset="utf-8">
      <title>Ippo permessage-deflate</title>
      <script>
      window.roundTrip = (url, text) => new Promise((resolve, reject) => {
        const ws = new WebSocket(url);
        ws.onopen = () => ws.send(text);
        ws.onclose = (e) => reject(new Error('closed before the echo: ' + e.code));
        ws.onmessage = (e) => {
          const extensions = ws.extensions;
          ws.onclose = () => resolve({ extensions, echo: e.data });
          ws.close(1000, 'done');
        };
      });
      </script>
      """;

  @Test
  void chromiumSendsAndReceivesCompressedText() throws Exception {
    try (IppoTestServer server = IppoTestServer.start(o -> o.perMessageDeflate(true)
            .httpHandler((request, response) -> response.send(200, "text/html", PAGE)));
        CountingRelay relay = CountingRelay.start(server.port())) {
      Map<String, JsonLine> r = WsClientScript.runScript("deflate-browser.js", WAIT, List.of(
          "http://127.0.0.1:" + server.port() + "/",
          "ws://127.0.0.1:" + relay.port() + "/echo", BIG_COMPRESSIBLE_TEXT));

      JsonLine echo = r.get("echo");
      assertEquals("permessage-deflate", echo.string("extensions"), "the browser's extensions");
      assertEquals(200_000, echo.number("length"));
      assertEquals(InteropData.sha256(DeflatePayloads.bytes(BIG_COMPRESSIBLE_TEXT)),
          echo.string("sha256"));
      assertEquals("permessage-deflate", server.nextConnection(WAIT).extensions());
      CloseEvent close = server.nextClose(WAIT);
      assertEquals(1000, close.code());

      Link link = relay.nextLink(WAIT);
      String head = link.toServer().head();
      assertTrue(head.toLowerCase().contains(
          "sec-websocket-extensions: permessage-deflate; client_max_window_bits"),
          "Chromium's offer:\n" + head);
      DeflateOnTheWireTest.assertCompressed(link.toServer(), "Chromium's message to Ippo");
      DeflateOnTheWireTest.assertCompressed(link.toClient(), "Ippo's echo to Chromium");
    }
  }
}
