package dev.ippo.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * SIGTERM to {@code ippo echo} with 100 Node {@code ws} clients connected: each gets 1001
 * with the server's reason, and the process exits within its grace period.
 */
class ShutdownInteropTest {
  @Test
  void sigtermClosesEveryClientWith1001AndExitsWithinTheGracePeriod() throws Exception {
    try (PeerProcess echo = PeerProcess.ippo("echo", "--host", "127.0.0.1", "--port", "0",
        "--grace", "5");
        PeerProcess clients = PeerProcess.node("ws-client.js",
            "ws://127.0.0.1:" + echo.awaitListening() + "/", "going-away", "100")) {
      assertEquals(100, JsonLine.parse(clients.nextLine(30)).number("clients"));
      long start = System.nanoTime();
      echo.terminate();
      echo.awaitExit(6);
      long tookMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
      assertTrue(tookMillis < 5000, "exited after " + tookMillis + " ms");
      JsonLine result = JsonLine.parse(clients.nextLine(10));
      assertEquals(100, result.number("goingAway"), result.toString());
      assertEquals(0, clients.awaitExit(10), clients.stderr());
    }
  }
}
