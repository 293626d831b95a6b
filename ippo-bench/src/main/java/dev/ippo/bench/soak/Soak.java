package dev.ippo.bench.soak;

import dev.ippo.bench.jmh.MarkedSection;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The soak of issue 14: about 2000 peers at once against {@code ippo echo} and
 * {@code ippo chat} for ten minutes, churning, vanishing, reading slowly, breaking the
 * protocol and talking in busy chat rooms, while each server's live heap, RSS, file
 * descriptors and threads are sampled every minute. {@code bench/soak} starts the servers
 * and runs this; the table goes to the console and to {@code docs/BENCHMARKS.md}.
 *
 * <pre>
 * Soak --echo 127.0.0.1:9101 --echo-pid 123 --chat 127.0.0.1:9102 --chat-pid 124
 *      [--minutes 10] [--slots 2000] [--only KIND,...]
 *      [--report docs/BENCHMARKS.md] [--command TEXT] [--about TEXT]
 * </pre>
 *
 * <p>{@code --only} keeps some kinds of peer (churn, abrupt, slow, violation, pingflood,
 * member, deaf, refused), each with the slots it has in the full mix (a look at one
 * behaviour; the report is written only by a run of everything).
 *
 * <p>Every peer talks to loopback, every wait is bounded (a life older than
 * {@link #MAX_LIFE} is reset by the reaper and counted as a failure), and the run ends by
 * itself.
 */
public final class Soak {
  /** The slots start spread over this much time. */
  static final Duration RAMP = Duration.ofSeconds(10);
  /** No life of any kind should last longer: a server that neither answers nor closes. */
  static final Duration MAX_LIFE = Duration.ofSeconds(90);
  /** How long the load goes on after the last minute's sample begins. */
  private static final Duration LAST_SAMPLE_MARGIN = Duration.ofSeconds(20);
  /** How long the servers rest after the load before the last sample. */
  private static final Duration SETTLE = Duration.ofSeconds(10);
  private static final String BEGIN = "<!-- soak:begin -->";
  private static final String END = "<!-- soak:end -->";

  private Soak() {}

  /** The soak's end: slots stop starting lives once it has passed. Thread safe. */
  static final class Clock {
    private final long endNanos;

    Clock(Duration length) {
      this.endNanos = System.nanoTime() + length.toNanos();
    }

    boolean running() {
      return System.nanoTime() < endNanos && !Thread.currentThread().isInterrupted();
    }

    /** Sleeps {@code millis}; false when the soak has ended (or the thread was interrupted). */
    boolean pause(long millis) {
      try {
        Thread.sleep(millis);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
      return running();
    }
  }

  /**
   * A kind of peer: its name for {@code --only}, its server, its share of the slots out of
   * 2000, and its life.
   */
  record Kind(String id, Tally tally, boolean chat, int per2000, Slot.Life life) {}

  /** Every kind, or those {@code only} names (comma separated), when it is not null. */
  static List<Kind> kinds(String only) {
    List<Kind> all = List.of(
        new Kind("churn", new Tally("echo: churn"), false, 1000, EchoPeers::churn),
        new Kind("abrupt", new Tally("echo: abrupt", EchoPeers.ABRUPT_ENDS), false, 150,
            EchoPeers::abrupt),
        new Kind("slow", new Tally("echo: slow reader", EchoPeers.SLOW_ENDS), false, 100,
            EchoPeers::slowReader),
        new Kind("violation", new Tally("echo: protocol violation"), false, 130,
            EchoPeers::invalid),
        new Kind("pingflood", new Tally("echo: ping flood, never reads", EchoPeers.FLOOD_ENDS),
            false, 20, EchoPeers::pingFlood),
        new Kind("member", new Tally("chat: member"), true, 500, ChatPeers::member),
        new Kind("deaf", new Tally("chat: never reads", ChatPeers.DEAF_ENDS), true, 50,
            ChatPeers::deaf),
        new Kind("refused", new Tally("chat: refused input"), true, 50, ChatPeers::refused));
    if (only == null) {
      return all;
    }
    List<String> ids = List.of(only.split(","));
    return all.stream().filter(k -> ids.contains(k.id())).toList();
  }

  public static void main(String[] args) throws Exception {
    Map<String, String> options = options(args);
    InetSocketAddress echo = address(options.get("echo"));
    InetSocketAddress chat = address(options.get("chat"));
    long echoPid = Long.parseLong(options.get("echo-pid"));
    long chatPid = Long.parseLong(options.get("chat-pid"));
    int minutes = Integer.parseInt(options.getOrDefault("minutes", "10"));
    int slots = Integer.parseInt(options.getOrDefault("slots", "2000"));

    List<Kind> kinds = kinds(options.get("only"));
    // The load outlasts the last minute's sample, which is then taken under full load.
    Clock clock = new Clock(Duration.ofMinutes(minutes).plus(LAST_SAMPLE_MARGIN));
    List<Slot> all = new ArrayList<>();
    List<Thread> threads = new ArrayList<>();
    for (Kind kind : kinds) {
      int count = Math.max(1, kind.per2000() * slots / 2000);
      for (int i = 0; i < count; i++) {
        Slot slot = new Slot(all.size(), kind.tally(), kind.chat() ? chat : echo, kind.life(),
            clock);
        kind.tally().slotAdded();
        all.add(slot);
        // Small stacks: the soak's threads only wait on sockets.
        Thread t = new Thread(null, slot, "soak-" + slot.id, 256 * 1024);
        t.setDaemon(true);
        threads.add(t);
      }
    }
    SoakReport report = new SoakReport(kinds, all.size(), minutes);
    report.sample("before", ProcessSample.of(echoPid), ProcessSample.of(chatPid));
    Thread reaper = new Thread(() -> reap(all), "soak-reaper");
    reaper.setDaemon(true);
    reaper.start();
    threads.forEach(Thread::start);
    System.out.printf("soak: %d peers for %d min; a sample every minute%n", all.size(), minutes);

    long startNanos = System.nanoTime();
    for (int minute = 1; minute <= minutes; minute++) {
      long due = startNanos + TimeUnit.MINUTES.toNanos(minute);
      TimeUnit.NANOSECONDS.sleep(Math.max(0, due - System.nanoTime()));
      report.sample(Integer.toString(minute), ProcessSample.of(echoPid),
          ProcessSample.of(chatPid));
      System.out.println(report.lastLine());
    }
    long joinUntil = System.nanoTime() + MAX_LIFE.toNanos() + TimeUnit.SECONDS.toNanos(5);
    for (Thread t : threads) {
      t.join(Math.max(1, (joinUntil - System.nanoTime()) / 1_000_000));
    }
    long stuck = threads.stream().filter(Thread::isAlive).count();
    Thread.sleep(SETTLE.toMillis());
    report.sample("after", ProcessSample.of(echoPid), ProcessSample.of(chatPid));
    report.stuckSlots(stuck);

    String table = report.markdown(options.getOrDefault("command", "bench/soak"),
        options.getOrDefault("about", ""));
    System.out.println();
    System.out.println(table);
    if (options.containsKey("report")) {
      MarkedSection.replace(Path.of(options.get("report")), BEGIN, END, table,
          "# Benchmarks\n\n## Soak\n\n" + BEGIN + "\n" + END + "\n");
      System.out.println("soak: written to " + options.get("report"));
    }
    System.exit(report.failures() == 0 && stuck == 0 ? 0 : 1);
  }

  private static void reap(List<Slot> slots) {
    long max = MAX_LIFE.toNanos();
    while (true) {
      for (Slot slot : slots) {
        slot.reapIfOlderThan(max);
      }
      try {
        Thread.sleep(1000);
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  private static Map<String, String> options(String[] args) {
    Map<String, String> options = new java.util.HashMap<>();
    for (int i = 0; i + 1 < args.length; i += 2) {
      if (!args[i].startsWith("--")) {
        throw new IllegalArgumentException("expected --name value, got " + args[i]);
      }
      options.put(args[i].substring(2), args[i + 1]);
    }
    for (String needed : List.of("echo", "chat", "echo-pid", "chat-pid")) {
      if (!options.containsKey(needed)) {
        System.err.println("Soak: --" + needed + " is needed");
        System.exit(2);
      }
    }
    return options;
  }

  private static InetSocketAddress address(String hostPort) throws IOException {
    int colon = hostPort.lastIndexOf(':');
    return new InetSocketAddress(hostPort.substring(0, colon),
        Integer.parseInt(hostPort.substring(colon + 1)));
  }
}
