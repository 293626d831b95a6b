package dev.ippo.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ippo.ServerStats;
import dev.ippo.TrafficStats;
import dev.ippo.WebSocketServer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The chat's summary line: what moved since the line before, and that it comes by itself. */
class ChatSummaryTest {
  private static ServerStats stats(long open, long in, long out, long queued, long dropped,
      long tooSlow) {
    return new ServerStats(new ServerStats.Connections(open, open, 0, 0, 0, 0, 0, 0, 0),
        new ServerStats.Handshakes(open, Map.of(), 0),
        new ServerStats.Tls(Map.of(), 0, 0, Duration.ZERO),
        new TrafficStats(in, in * 10, in * 16, out, out * 10, out * 12,
            new TrafficStats.Deflate(0, 0, 0, 0)),
        new ServerStats.Queues(queued, queued, dropped, tooSlow, 0),
        new ServerStats.Topics(0, 0, 0, 0, 0, true, 0),
        new ServerStats.Health(true, 0, 0, null), List.of());
  }

  @Test
  void theLineSaysWhatMovedSinceTheLineBefore() {
    assertEquals("ippo chat: 3 connected; in the last minute 41 messages in, 123 out;"
        + " 2048 bytes queued; 5 dropped, 1 ended as too slow",
        ChatSummary.line(stats(3, 141, 423, 2048, 7, 2), stats(2, 100, 300, 0, 2, 1),
            "minute"));
  }

  @Test
  void aLineComesEveryPeriodUntilClosed() throws Exception {
    WebSocketServer server = WebSocketServer.builder().host("127.0.0.1").port(0).build();
    CapturedOutput out = new CapturedOutput();
    try (ChatSummary summary = ChatSummary.start(server.start(), out.stream(),
        Duration.ofMillis(50))) {
      String line = out.nextLine();
      assertTrue(line.startsWith("ippo chat: 0 connected; in the last 50 ms 0 messages in"),
          line);
    } finally {
      server.close(Duration.ZERO);
    }
  }
}
