package dev.ippo.bench.deflate;

import dev.ippo.bench.jmh.Payloads;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What permessage-deflate costs Ippo's server, measured from outside as {@code bench/run}
 * measures it, with Ippo's own client as the load (wsload offers no deflate). Run it through
 * {@code bench/deflate}, which pins this JVM to core 1; each server is started fresh, pinned
 * to core 0, with deflate off and then on ({@code PerMessageDeflate.DEFAULTS} on both ends).
 *
 * <ul>
 *   <li><b>Idle:</b> {@code --idle} connections (10 000) held open: the server's RSS growth
 *       and heap after a full GC, per connection; then again once every connection has
 *       echoed one 1 KiB JSON message, which with deflate makes each connection's deflater
 *       and inflater (context takeover keeps them until the connection closes).
 *   <li><b>Echo:</b> {@code --echo} connections (1000), one 1 KiB JSON message in flight on
 *       each; after {@code --warm} seconds, messages per second over {@code --window}
 *       seconds, with the server's and the client's share of their cores. The client
 *       compresses and inflates as much as the server: when its share nears 100 % while the
 *       server's is lower, the figure is the client's limit.
 * </ul>
 *
 * <p>Usage: {@code DeflateLoad [--idle N] [--echo N] [--warm S] [--window S] [--logs DIR]}.
 * Connections go to 127.0.0.1 only; every wait is bounded; the servers it started are
 * stopped by their PID when their part ends, or when this JVM ends.
 *
 * <p>Not thread safe; meant to run once.
 */
public final class DeflateLoad {
  /** Different 1 KiB JSON messages sent in turn: 64 KiB, twice the deflate window. */
  private static final int MESSAGES = 64;
  private static final int MESSAGE_BYTES = 1024;
  /**
   * Native memory a connection may need with deflate once it exchanged a message, on each
   * end (deflater about 256 KiB, inflater about 40 KiB, with room): the exchange is skipped
   * when the machine has less than twice that for every connection.
   */
  private static final long DEFLATE_KB_PER_CONNECTION = 400;

  private DeflateLoad() {}

  record Idle(boolean deflate, int open, int agreed, long rssBefore, long rssHeld,
      long rssExchanged, long heapBefore, long heapHeld, long heapExchanged, String note) {}

  record Echo(boolean deflate, int open, int agreed, double messagesPerSecond,
      double serverCpu, double clientCpu, String note) {}

  public static void main(String[] args) throws Exception {
    int idleCount = 10_000;
    int echoCount = 1000;
    double warm = 2;
    double window = 5;
    Path logs = Path.of("ippo-bench/target/bench-deflate");
    for (int i = 0; i < args.length; i += 2) {
      if (i + 1 >= args.length) {
        usage("no value after " + args[i]);
      }
      switch (args[i]) {
        case "--idle" -> idleCount = Integer.parseInt(args[i + 1]);
        case "--echo" -> echoCount = Integer.parseInt(args[i + 1]);
        case "--warm" -> warm = Double.parseDouble(args[i + 1]);
        case "--window" -> window = Double.parseDouble(args[i + 1]);
        case "--logs" -> logs = Path.of(args[i + 1]);
        default -> usage("unknown option " + args[i]);
      }
    }
    Files.createDirectories(logs);
    List<String> messages = new ArrayList<>();
    for (int i = 0; i < MESSAGES; i++) {
      messages.add(new String(Payloads.json(MESSAGE_BYTES, i), StandardCharsets.US_ASCII));
    }

    List<Idle> idle = new ArrayList<>();
    List<Echo> echo = new ArrayList<>();
    for (boolean deflate : new boolean[] {false, true}) {
      System.out.println("== idle, " + idleCount + " connections, deflate " + onOff(deflate));
      idle.add(idle(deflate, idleCount, messages, logs));
    }
    for (boolean deflate : new boolean[] {false, true}) {
      System.out.println("== echo, " + echoCount + " connections, deflate " + onOff(deflate));
      echo.add(echo(deflate, echoCount, messages, warm, window, logs));
    }
    System.out.println();
    System.out.print(report(idle, echo, warm, window));
  }

  private static Idle idle(boolean deflate, int count, List<String> messages, Path logs)
      throws IOException, InterruptedException {
    try (ServerProcess server = ServerProcess.start(deflate, logs.resolve(
        "idle-" + onOff(deflate) + ".server.log"))) {
      Thread.sleep(1000); // the JVM's start-up settles
      long rss0 = server.rssKb();
      long heap0 = server.heapUsedKb();
      try (Clients clients = Clients.open(server.url(), count, deflate, messages, 120)) {
        Thread.sleep(500);
        long rss1 = server.rssKb();
        long heap1 = server.heapUsedKb();
        String note = clients.failedCount() > 0 ? clients.failedCount() + " failed to open" : "";
        long rss2 = -1;
        long heap2 = -1;
        long needKb = 2 * DEFLATE_KB_PER_CONNECTION * clients.openCount();
        if (deflate && memAvailableKb() < needKb) {
          note = join(note, "one-message step skipped: under " + needKb / 1024
              + " MiB available");
        } else {
          if (!clients.exchangeOne(60)) {
            note = join(note, "not every echo came back within 60 s");
          }
          Thread.sleep(500);
          rss2 = server.rssKb();
          heap2 = server.heapUsedKb();
        }
        return new Idle(deflate, clients.openCount(), clients.deflateCount(), rss0, rss1, rss2,
            heap0, heap1, heap2, note);
      }
    }
  }

  private static Echo echo(boolean deflate, int count, List<String> messages, double warm,
      double window, Path logs) throws IOException, InterruptedException {
    try (ServerProcess server = ServerProcess.start(deflate, logs.resolve(
        "echo-" + onOff(deflate) + ".server.log"));
        Clients clients = Clients.open(server.url(), count, deflate, messages, 60)) {
      long self = ProcessHandle.current().pid();
      clients.echoing(true);
      Thread.sleep((long) (warm * 1000));
      long received0 = clients.received();
      double server0 = server.cpuSeconds();
      double client0 = ServerProcess.cpuSeconds(self);
      long t0 = System.nanoTime();
      Thread.sleep((long) (window * 1000));
      long received1 = clients.received();
      double server1 = server.cpuSeconds();
      double client1 = ServerProcess.cpuSeconds(self);
      double seconds = (System.nanoTime() - t0) / 1e9;
      clients.echoing(false);
      String note = clients.failedCount() > 0 ? clients.failedCount() + " failed to open" : "";
      return new Echo(deflate, clients.openCount(), clients.deflateCount(),
          (received1 - received0) / seconds, 100 * (server1 - server0) / seconds,
          100 * (client1 - client0) / seconds, note);
    }
  }

  static String report(List<Idle> idle, List<Echo> echo, double warm, double window) {
    StringBuilder out = new StringBuilder();
    out.append("Idle connections: the server's growth per connection over its figures before"
        + " any connection; heap is used after a full GC (jcmd GC.run, GC.heap_info).\n\n");
    out.append("| deflate | open | agreed | RSS B/conn idle | heap B/conn idle"
        + " | RSS B/conn after 1 msg | heap B/conn after 1 msg | RSS before kB | note |\n");
    out.append("|---|--:|--:|--:|--:|--:|--:|--:|---|\n");
    for (Idle r : idle) {
      out.append(String.format(Locale.ROOT, "| %s | %,d | %,d | %s | %s | %s | %s | %,d | %s |%n",
          onOff(r.deflate()), r.open(), r.agreed(), perConnection(r.rssHeld(), r.rssBefore(),
              r.open()), perConnection(r.heapHeld(), r.heapBefore(), r.open()),
          perConnection(r.rssExchanged(), r.rssBefore(), r.open()),
          perConnection(r.heapExchanged(), r.heapBefore(), r.open()), r.rssBefore(), r.note()));
    }
    out.append(String.format(Locale.ROOT, "%nEcho of 1 KiB JSON, one message in flight per"
        + " connection; %.1f s warm-up, %.1f s window.%n%n", warm, window));
    out.append("| deflate | connections | agreed | msgs/s | server CPU % | client CPU % | note |\n");
    out.append("|---|--:|--:|--:|--:|--:|---|\n");
    for (Echo r : echo) {
      out.append(String.format(Locale.ROOT, "| %s | %,d | %,d | %,.0f | %.0f | %.0f | %s |%n",
          onOff(r.deflate()), r.open(), r.agreed(), r.messagesPerSecond(), r.serverCpu(),
          r.clientCpu(), r.note()));
    }
    return out.toString();
  }

  /** Bytes per connection of the growth from {@code before} to {@code after} kB; – if unread. */
  private static String perConnection(long afterKb, long beforeKb, int connections) {
    if (afterKb < 0 || beforeKb < 0 || connections == 0) {
      return "–";
    }
    return String.format(Locale.ROOT, "%,d", (afterKb - beforeKb) * 1024 / connections);
  }

  private static long memAvailableKb() throws IOException {
    for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
      if (line.startsWith("MemAvailable:")) {
        return Long.parseLong(line.replaceAll("\\D", ""));
      }
    }
    return 0;
  }

  private static String onOff(boolean on) {
    return on ? "on" : "off";
  }

  private static String join(String a, String b) {
    return a.isEmpty() ? b : a + "; " + b;
  }

  private static void usage(String problem) {
    System.err.println("DeflateLoad: " + problem);
    System.err.println("usage: DeflateLoad [--idle N] [--echo N] [--warm S] [--window S]"
        + " [--logs DIR]");
    System.exit(2);
  }
}
