package dev.ippo.internal.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.ippo.TrafficStats;
import dev.ippo.internal.transport.EventLoop;
import dev.ippo.internal.transport.EventLoopGroup;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A loop's thread counts in figures of its own, any other thread in the adders, and a
 * snapshot sums both; a loop counts only for the counters that asked it to.
 */
class TrafficCountersTest {
  @Test
  void theLoopsOwnFiguresAndTheAddersAreSummed() throws Exception {
    EventLoopGroup group = new EventLoopGroup("traffic-test", 1, true);
    try {
      EventLoop loop = group.loops().get(0);
      TrafficCounters server = new TrafficCounters();
      TrafficCounters other = new TrafficCounters();
      server.countOn(loop);
      CompletableFuture<Void> done = new CompletableFuture<>();
      loop.execute(() -> {
        server.received(loop, 10);
        server.written(loop, 16);
        other.received(loop, 7); // not its loop: its adders
        done.complete(null);
      });
      done.get(5, TimeUnit.SECONDS);
      server.received(loop, 5); // a thread of the application's: the adders
      server.sent(loop, 3);
      server.deflated(loop, 100, 20);
      server.inflated(loop, 30, 90);

      assertEquals(new TrafficStats(2, 15, 0, 1, 3, 16,
          new TrafficStats.Deflate(30, 90, 100, 20)), server.snapshot());
      assertEquals(new TrafficStats(1, 7, 0, 0, 0, 0, new TrafficStats.Deflate(0, 0, 0, 0)),
          other.snapshot());
      assertEquals(new TrafficStats(3, 22, 0, 1, 3, 16,
          new TrafficStats.Deflate(30, 90, 100, 20)),
          TrafficCounters.sum(server.snapshot(), other.snapshot()));
    } finally {
      group.shutdown(1000);
    }
  }
}
