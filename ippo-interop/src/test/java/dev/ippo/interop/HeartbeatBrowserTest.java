package dev.ippo.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ippo.WebSocket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Headless Chromium ({@code quiet-browser.js}) stays connected to a server that pings every
 * 200 ms through three seconds of silence, fifteen intervals: it answers each ping, and the
 * answers measure the round trip.
 *
 * <p>Needs {@code node}, playwright-core from the lock file and /usr/bin/chromium.
 */
@Timeout(90)
class HeartbeatBrowserTest {
  private static final long WAIT = 60;

  /** The page: quiet(url, ms) opens, says nothing for ms, sends "still here", gets its echo. */
  private static final String PAGE = """
      <!doctype html>
      <meta charset="utf-8">
      <title>Ippo heartbeat</title>
      <script>
      window.quiet = (url, ms) => new Promise((resolve, reject) => {
        const ws = new WebSocket(url);
        ws.onclose = (e) => reject(new Error('closed during the silence: ' + e.code));
        ws.onopen = () => setTimeout(() => ws.send('still here'), ms);
        ws.onmessage = (e) => {
          ws.onclose = () => resolve(e.data);
          ws.close(1000, 'done');
        };
      });
      </script>
      """;

  @Test
  void chromiumAnswersEveryPingAndStaysThroughFifteenIntervals() throws Exception {
    try (IppoTestServer server = IppoTestServer.start(o -> o
        .pingInterval(Duration.ofMillis(200)).pongTimeout(Duration.ofMillis(200))
        .httpHandler((request, response) -> response.send(200, "text/html", PAGE)))) {
      Map<String, JsonLine> r = WsClientScript.runScript("quiet-browser.js", WAIT, List.of(
          "http://127.0.0.1:" + server.port() + "/", server.url("/echo"), "3000"));
      assertEquals("still here", r.get("quiet").string("echo"));
      WebSocket ws = server.nextConnection(WAIT);
      assertTrue(ws.rtt().isPresent(), "Chromium's pongs measured the round trip");
      for (int i = 0; i < 8; i++) {
        server.nextPong(WAIT); // a ping every 200-250 ms of the 3 s (12), each answered
      }
      assertEquals(1000, server.nextClose(WAIT).code());
    }
  }
}
