package dev.ippo.cli;

import dev.ippo.ServerStats;
import dev.ippo.WebSocketServer;
import java.io.PrintStream;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The chat's summary line, once a minute: who is connected, what came and went since the
 * last line, what waits for slow readers and what they cost. One line, so that a log of a
 * long-running chat says how it went without a metrics system.
 *
 * <pre>ippo chat: 3 connected; in the last minute 41 messages in, 123 out; 0 bytes queued;
 * 0 dropped, 0 ended as too slow</pre>
 *
 * <p>Thread safe: the lines come from a daemon thread of its own.
 */
final class ChatSummary implements AutoCloseable {
  static final Duration EVERY = Duration.ofMinutes(1);

  private final WebSocketServer server;
  private final PrintStream out;
  private final String period;
  private final ScheduledExecutorService timer;
  /** The stats of the line before; the timer's thread only. */
  private ServerStats before;

  private ChatSummary(WebSocketServer server, PrintStream out, Duration every) {
    this.server = server;
    this.out = out;
    this.period = every.equals(EVERY) ? "minute" : every.toMillis() + " ms";
    this.before = server.stats();
    this.timer = Executors.newSingleThreadScheduledExecutor(task -> {
      Thread t = new Thread(task, "ippo-chat-summary");
      t.setDaemon(true);
      return t;
    });
  }

  /** Prints a line every {@code every} from now until closed. */
  static ChatSummary start(WebSocketServer server, PrintStream out, Duration every) {
    ChatSummary summary = new ChatSummary(server, out, every);
    summary.timer.scheduleAtFixedRate(summary::print, every.toMillis(), every.toMillis(),
        TimeUnit.MILLISECONDS);
    return summary;
  }

  private void print() {
    ServerStats now = server.stats();
    out.println(line(now, before, period));
    before = now;
  }

  /** The line for {@code now}, with what moved since {@code before}. */
  static String line(ServerStats now, ServerStats before, String period) {
    return "ippo chat: " + now.connections().open() + " connected; in the last " + period
        + " " + (now.traffic().messagesIn() - before.traffic().messagesIn())
        + " messages in, " + (now.traffic().messagesOut() - before.traffic().messagesOut())
        + " out; " + now.queues().queuedBytes() + " bytes queued; "
        + (now.queues().slowConsumerDrops() - before.queues().slowConsumerDrops())
        + " dropped, "
        + (now.queues().slowConsumerCloses() - before.queues().slowConsumerCloses())
        + " ended as too slow";
  }

  @Override
  public void close() {
    timer.shutdownNow();
  }
}
