import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * The report of {@code bench/run}: reads the raw results (one {@code RUN key=value ...} line per
 * run, wsload's RESULT fields plus the harness's own) and the run's metadata, then writes the
 * harness section of {@code docs/BENCHMARKS.md} and its TLS section (each only between its two
 * markers) and the bar chart {@code docs/bench-echo.svg}. Several rounds are summarised by
 * their median.
 *
 * <p>Run as a single-file program: {@code java bench/Report.java results meta markdown svg}.
 * Not thread safe; it runs once and exits.
 */
public final class Report {
  static final String BEGIN = "<!-- harness:begin -->";
  static final String END = "<!-- harness:end -->";
  static final String TLS_BEGIN = "<!-- tls:begin -->";
  static final String TLS_END = "<!-- tls:end -->";
  static final double SUSPECT_CPU = 90.0;
  /** CPU % used by processes other than the server and wsload above which a run is noisy. */
  static final double NOISY_CPU = 15.0;

  static final List<String> SERVERS =
      List.of("ippo", "netty-epoll", "netty-nio", "jetty", "java-websocket", "node-ws");
  /** The peers of the TLS scenarios: Netty (epoll) twice, with each of its TLS providers. */
  static final List<String> TLS_SERVERS =
      List.of("ippo", "netty-jdk", "netty-openssl", "jetty", "node-ws");
  /**
   * Ippo again with {@code -Ddev.ippo.stats=off}: the one scenario that measures what
   * counting messages and bytes costs (issue 17) runs it beside the rest.
   */
  static final String UNCOUNTED = "ippo-uncounted";
  static final Map<String, String> LABELS = Map.of(
      "ippo", "Ippo", "netty-epoll", "Netty epoll", "netty-nio", "Netty NIO",
      "jetty", "Jetty 12", "java-websocket", "Java-WebSocket", "node-ws", "Node ws",
      "netty-jdk", "Netty epoll, JDK TLS", "netty-openssl", "Netty epoll, OpenSSL",
      UNCOUNTED, "Ippo, counting off");

  /** One run of one server in one scenario. */
  record Run(String scenario, String server, Map<String, String> f) {
    double num(String key) {
      String v = f.get(key);
      if (v == null) {
        return Double.NaN;
      }
      try {
        return Double.parseDouble(v);
      } catch (NumberFormatException e) {
        return Double.NaN;
      }
    }

    boolean ok() {
      return "ok".equals(f.get("status"));
    }
  }

  /** A table column: header, the value of one run, how to print it. */
  record Col(String header, Function<Run, Double> value, String format) {}

  /** A scenario's table: title, primary figure (with its ratio to Ippo), more columns. */
  record Scenario(String id, String title, String note, Col primary, List<Col> more,
      boolean cpuRule, List<String> servers) {
    Scenario(String id, String title, String note, Col primary, List<Col> more,
        boolean cpuRule) {
      this(id, title, note, primary, more, cpuRule, SERVERS);
    }
  }

  static List<String> withUncounted() {
    List<String> servers = new ArrayList<>(SERVERS);
    servers.add(1, UNCOUNTED);
    return List.copyOf(servers);
  }

  /**
   * What counting costs, from the echo scenario that ran Ippo with and without it: the
   * throughput and the server's CPU time per message, counting on over counting off.
   */
  static String countingCost(List<Run> runs) {
    Col msgs = metric("", "msgs_per_s", "");
    Col cpu = cpuPer("", "msgs_per_s");
    double on = figure(runs, "echo64-c100", "ippo", msgs);
    double off = figure(runs, "echo64-c100", UNCOUNTED, msgs);
    double cpuOn = figure(runs, "echo64-c100", "ippo", cpu);
    double cpuOff = figure(runs, "echo64-c100", UNCOUNTED, cpu);
    return "Cost of counting (`server.stats()`), echo 64 B ×100 in this run: Ippo makes "
        + fmt("%,.0f", on) + " msgs/s counting and " + fmt("%,.0f", off) + " with counting"
        + " off, a cost of " + fmt("%.1f %%", 100 * (1 - on / off)) + " in throughput; its CPU"
        + " per message is " + fmt("%.2f", cpuOn) + " µs against " + fmt("%.2f", cpuOff)
        + " µs, a cost of " + fmt("%.1f %%", 100 * (cpuOn / cpuOff - 1)) + ". The bound is 3 %;"
        + " a negative cost means counting measured faster, which is run-to-run noise.\n\n";
  }

  static Col metric(String header, String key, String format) {
    return new Col(header, r -> r.num(key), format);
  }

  static final Col SRV_CPU = metric("server CPU %", "srv_cpu_pct", "%.0f");
  static final Col CLI_CPU = metric("wsload CPU %", "cli_cpu_pct", "%.0f");
  /** What the TLS connections negotiated, as wsload saw the first one. */
  static final Col TLS = new Col("TLS", r -> Double.NaN, "%s");

  /** The server's CPU time per unit of {@code key}'s rate, in µs: independent of the generator. */
  static Col cpuPer(String header, String key) {
    return new Col(header, r -> r.num("srv_cpu_pct") / 100 / r.num(key) * 1e6, "%.2f");
  }

  static List<Scenario> scenarios() {
    Col p50 = metric("p50 µs", "p50_us", "%.0f");
    Col p99 = metric("p99 µs", "p99_us", "%.0f");
    Col msgs = metric("msgs/s", "msgs_per_s", "%,.0f");
    String echoNote = "Each connection keeps one 64-byte text message in flight and waits for "
        + "its echo.";
    return List.of(
        new Scenario("echo64-c1", "Echo, 64 B text, 1 connection", echoNote
            + " With one connection the figure is bound by round trips, not by the server's "
            + "core, so every server is expected to be marked suspect here.",
            msgs, List.of(p50, p99, SRV_CPU, CLI_CPU), true),
        new Scenario("echo64-c100", "Echo, 64 B text, 100 connections", echoNote
            + " \"Ippo, counting off\" is the same server run with `-Ddev.ippo.stats=off`,"
            + " which stops it counting messages and bytes: the cost of `server.stats()`.",
            msgs, List.of(cpuPer("server CPU µs/msg", "msgs_per_s"), p50, p99, SRV_CPU,
                CLI_CPU), true, withUncounted()),
        new Scenario("echo64-c1000", "Echo, 64 B text, 1000 connections", echoNote, msgs,
            List.of(p50, p99, SRV_CPU, CLI_CPU), true),
        new Scenario("echo64k-c10", "Echo, 64 KiB binary, 10 connections",
            "One 64 KiB binary message in flight per connection; MB/s of payload one way.",
            metric("MB/s", "mb_per_s", "%,.0f"), List.of(p50, p99, SRV_CPU, CLI_CPU), true),
        new Scenario("broadcast64-c1000", "Broadcast, 64 B text, 1 sender → 1000 receivers",
            "One sender keeps 8 messages in flight; the server sends each to every client. "
                + "Latency is from send to each delivery.",
            metric("deliveries/s", "deliveries_per_s", "%,.0f"),
            List.of(p50, p99, SRV_CPU, CLI_CPU), true),
        new Scenario("connect-c32", "Opening handshakes per second",
            "32 loops, each opening a connection, completing the handshake and closing it. "
                + "The CPU rule does not apply.",
            metric("handshakes/s", "conns_per_s", "%,.0f"),
            List.of(metric("p99 µs", "p99_us", "%.0f"), SRV_CPU, CLI_CPU), false),
        new Scenario("idle-c10000", "10 000 idle connections: memory per connection",
            "Server RSS before wsload starts and at its peak while all connections are held, "
                + "divided by the connections. Heap: used heap after a full GC (`jcmd GC.run`, "
                + "then `GC.heap_info`), before and while held; JVM servers only. The ratio "
                + "is the peer's bytes over Ippo's (lower is better).",
            metric("RSS B/conn", "rss_per_conn_b", "%,.0f"),
            List.of(new Col("heap B/conn after GC", Report::heapPerConn, "%,.0f"),
                metric("open", "open", "%.0f"), metric("RSS before kB", "srv_rss_base_kb",
                    "%,.0f"), metric("RSS held kB", "srv_rss_hold_kb", "%,.0f")), false));
  }

  static List<Scenario> tlsScenarios() {
    Col p50 = metric("p50 µs", "p50_us", "%.0f");
    Col p99 = metric("p99 µs", "p99_us", "%.0f");
    Col cpuPerMsg = cpuPer("server CPU µs/msg", "msgs_per_s");
    List<String> s = TLS_SERVERS;
    return List.of(
        new Scenario("tls-echo64-c100", "TLS echo, 64 B text, 100 connections",
            "As the plain scenario, over TLS. When wsload nears its whole core, the server's "
                + "CPU time per message is the figure to compare: it does not depend on the "
                + "generator.",
            metric("msgs/s", "msgs_per_s", "%,.0f"),
            List.of(cpuPerMsg, p50, p99, SRV_CPU, CLI_CPU, TLS), true, s),
        new Scenario("tls-echo64k-c10", "TLS echo, 64 KiB binary, 10 connections",
            "As the plain scenario, over TLS; MB/s of payload one way.",
            metric("MB/s", "mb_per_s", "%,.0f"),
            List.of(cpuPer("server CPU µs/MB", "mb_per_s"), p50, p99, SRV_CPU, CLI_CPU, TLS),
            true, s),
        new Scenario("tls-connect-c32", "TLS handshakes per second",
            "32 loops, each opening a TCP connection, a full TLS handshake (no resumption: "
                + "wsload keeps no session and asks for no ticket), the WebSocket handshake, "
                + "and the close. The certificate is ECDSA P-256. The CPU rule does not apply.",
            metric("handshakes/s", "conns_per_s", "%,.0f"),
            List.of(cpuPer("server CPU µs/handshake", "conns_per_s"),
                metric("p99 µs", "p99_us", "%.0f"), SRV_CPU, CLI_CPU, TLS), false, s),
        new Scenario("tls-idle-c10000", "10 000 idle TLS connections: memory per connection",
            "As the plain scenario, over TLS: RSS growth and live heap per connection.",
            metric("RSS B/conn", "rss_per_conn_b", "%,.0f"),
            List.of(new Col("heap B/conn after GC", Report::heapPerConn, "%,.0f"),
                metric("open", "open", "%.0f"), metric("RSS before kB", "srv_rss_base_kb",
                    "%,.0f"), metric("RSS held kB", "srv_rss_hold_kb", "%,.0f"), TLS),
            false, s));
  }

  static double heapPerConn(Run r) {
    double base = r.num("heap_base_kb");
    double hold = r.num("heap_hold_kb");
    double open = r.num("open");
    if (!(base >= 0) || !(hold >= 0) || !(open > 0)) {
      return Double.NaN;
    }
    return (hold - base) * 1024 / open;
  }

  public static void main(String[] args) throws IOException {
    if (args.length != 4) {
      System.err.println("usage: java bench/Report.java results meta markdown svg");
      System.exit(2);
    }
    List<Run> runs = readRuns(Path.of(args[0]));
    Map<String, List<String>> meta = readMeta(Path.of(args[1]));
    List<Scenario> scenarios = scenarios();
    String section = markdown(scenarios, runs, meta);
    String tls = tlsMarkdown(tlsScenarios(), runs, meta);
    splice(Path.of(args[2]), BEGIN, END, section);
    splice(Path.of(args[2]), TLS_BEGIN, TLS_END, tls);
    Files.writeString(Path.of(args[3]), svg(scenarios, runs, meta), StandardCharsets.UTF_8);
    System.out.println(section);
    System.out.println(tls);
  }

  static List<Run> readRuns(Path file) throws IOException {
    List<Run> runs = new ArrayList<>();
    for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
      if (!line.startsWith("RUN ")) {
        continue;
      }
      Map<String, String> f = new LinkedHashMap<>();
      for (String word : line.substring(4).trim().split("\\s+")) {
        int eq = word.indexOf('=');
        if (eq > 0) {
          f.put(word.substring(0, eq), word.substring(eq + 1));
        }
      }
      runs.add(new Run(f.get("scenario"), f.get("server"), f));
    }
    return runs;
  }

  static Map<String, List<String>> readMeta(Path file) throws IOException {
    Map<String, List<String>> meta = new LinkedHashMap<>();
    for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
      int eq = line.indexOf('=');
      if (eq > 0) {
        meta.computeIfAbsent(line.substring(0, eq), k -> new ArrayList<>())
            .add(line.substring(eq + 1).trim());
      }
    }
    return meta;
  }

  static String one(Map<String, List<String>> meta, String key) {
    List<String> v = meta.get(key);
    return v == null || v.isEmpty() ? "?" : v.get(0);
  }

  /** The median over a server's good runs of one column; NaN when there is none. */
  static double median(List<Run> runs, Col col) {
    List<Double> v = new ArrayList<>();
    for (Run r : runs) {
      double x = col.value().apply(r);
      if (!Double.isNaN(x)) {
        v.add(x);
      }
    }
    if (v.isEmpty()) {
      return Double.NaN;
    }
    v.sort(null);
    int n = v.size();
    return n % 2 == 1 ? v.get(n / 2) : (v.get(n / 2 - 1) + v.get(n / 2)) / 2;
  }

  /** A scenario's runs of one server; with {@code okOnly}, those that measured something. */
  static List<Run> runsOf(List<Run> runs, String scenario, String server, boolean okOnly) {
    List<Run> out = new ArrayList<>();
    for (Run r : runs) {
      if (scenario.equals(r.scenario()) && server.equals(r.server()) && (!okOnly || r.ok())) {
        out.add(r);
      }
    }
    return out;
  }

  /** wsload says ok when setup succeeded even if no message ever came back: that is no result. */
  static boolean measured(Scenario s, Run r) {
    return r.ok() && s.primary().value().apply(r) > 0;
  }

  static List<Run> measuredRuns(List<Run> runs, Scenario s, String server) {
    List<Run> out = new ArrayList<>();
    for (Run r : runsOf(runs, s.id(), server, true)) {
      if (measured(s, r)) {
        out.add(r);
      }
    }
    return out;
  }

  static String fmt(String format, double v) {
    return Double.isNaN(v) ? "–" : String.format(Locale.ROOT, format, v);
  }

  static String markdown(List<Scenario> scenarios, List<Run> runs,
      Map<String, List<String>> meta) {
    StringBuilder b = new StringBuilder();
    int rounds = Integer.parseInt(one(meta, "rounds"));
    b.append("Written by `bench/run`; do not edit by hand. Latest run: `")
        .append(one(meta, "command")).append("` on ").append(one(meta, "date")).append(", ")
        .append(rounds == 1 ? "one round" : rounds + " rounds, medians shown")
        .append("; warm-up ").append(one(meta, "warm_s")).append(" s, measured window ")
        .append(one(meta, "window_s")).append(" s, idle hold ")
        .append(one(meta, "idle_hold_s")).append(" s.\n\n");
    b.append("- Machine: ").append(one(meta, "nproc")).append(" cores (nproc), ")
        .append(one(meta, "cpu")).append(", ").append(one(meta, "mem")).append(" memory, ")
        .append(one(meta, "kernel")).append(".\n");
    b.append("- Java: ").append(one(meta, "java")).append("; JVM defaults for every JVM server "
        + "(on one core the JVM picks ").append(one(meta, "jvm_gc").replace("-XX:+Use", ""))
        .append(").\n");
    b.append("- Node ").append(one(meta, "node")).append(", ws ").append(one(meta, "ws"))
        .append(".\n");
    b.append("- Ippo ").append(one(meta, "ippo")).append("; libraries: ")
        .append(String.join(", ", meta.getOrDefault("lib", List.of()))).append(".\n");
    b.append("- Load generator: wsload ").append(one(meta, "wsload"))
        .append(" (`bench/wsload.c`).\n\n");
    b.append("Each server (`ippo-bench/src/main/java/dev/ippo/bench/servers`, "
        + "`bench/ws-server.js`) is started fresh for every run, pinned with `taskset -c 0`, "
        + "on 127.0.0.1 with compression off; wsload runs pinned with `taskset -c 1` and "
        + "samples the server's CPU. Scenarios run one after another; within a scenario the "
        + "servers run in an order that rotates every round. ⚠ marks a suspect figure: the "
        + "server used under 90 % of its core, so something other than the server (the load "
        + "generator, round trips) set the pace. \"vs Ippo\" is the peer's figure divided by "
        + "Ippo's. \"noisy\" means other processes on the machine used more than 15 % of a core "
        + "during the window (wsload's `other_cpu_pct`), so the figure is disturbed.\n\n");
    b.append("![echo and broadcast throughput](bench-echo.svg)\n\n");
    b.append(countingCost(runs));
    tables(b, scenarios, runs);
    return b.toString();
  }

  /** The TLS section: the same run's TLS tables, then the targets, judged. */
  static String tlsMarkdown(List<Scenario> scenarios, List<Run> runs,
      Map<String, List<String>> meta) {
    StringBuilder b = new StringBuilder();
    b.append("Written by `bench/run` from the same run as the tables above (`")
        .append(one(meta, "command")).append("`, ").append(one(meta, "date"))
        .append("), with the same pinning and window but a warm-up of ")
        .append(one(meta, "warm_tls_s")).append(" s (the JDK's TLS code reaches its pace later). "
            + "Every server presents one ECDSA P-256 certificate. wsload speaks TLS through "
            + "OpenSSL ")
        .append(one(meta, "openssl")).append(", offering TLS 1.3's suites in Chromium's "
            + "order (AES-128-GCM, AES-256-GCM, ChaCha20-Poly1305) and no session "
            + "resumption; the TLS column shows what each server chose. Netty runs on its "
            + "epoll transport twice: with the JDK's `SSLEngine` and with OpenSSL "
            + "(`netty-tcnative-boringssl-static`).\n\n");
    b.append(targets(runs)).append('\n');
    tables(b, scenarios, runs);
    return b.toString();
  }

  /** The median of one column over a scenario's measured runs of one server. */
  static double figure(List<Run> runs, String scenario, String server, Col col) {
    Scenario s = java.util.stream.Stream.concat(scenarios().stream(), tlsScenarios().stream())
        .filter(x -> x.id().equals(scenario)).findFirst()
        .orElseThrow(() -> new IllegalArgumentException(scenario));
    return median(measuredRuns(runs, s, server), col);
  }

  /**
   * Issue 15's targets against this run. Where wsload used 90 % of its core or more, the
   * throughput ratio measures the generator as much as the server, so the ratio of the
   * server's CPU time per message (the peer's over Ippo's) is given beside it and decides.
   */
  static String targets(List<Run> runs) {
    StringBuilder b = new StringBuilder();
    b.append("| target | Ippo | Netty, JDK TLS | ratio | by server CPU per unit | held |\n"
        + "|---|---:|---:|---:|---:|---|\n");
    Col msgs = metric("", "msgs_per_s", "");
    Col mb = metric("", "mb_per_s", "");
    Col hs = metric("", "conns_per_s", "");
    Col rss = metric("", "rss_per_conn_b", "");
    throughput(b, runs, "TLS echo 64 B ×100 ≥ 1.2 × Netty (JDK)", "tls-echo64-c100", msgs,
        cpuPer("", "msgs_per_s"), "%,.0f msgs/s");
    throughput(b, runs, "TLS echo 64 KiB ×10 ≥ 1.2 × Netty (JDK)", "tls-echo64k-c10", mb,
        cpuPer("", "mb_per_s"), "%,.0f MB/s");
    throughput(b, runs, "TLS handshakes/s ≥ 1.2 × Netty (JDK)", "tls-connect-c32", hs,
        cpuPer("", "conns_per_s"), "%,.0f /s");
    double ippoRss = figure(runs, "tls-idle-c10000", "ippo", rss);
    double nettyRss = figure(runs, "tls-idle-c10000", "netty-jdk", rss);
    b.append("| idle TLS RSS per connection ≤ 1/3 of Netty (JDK) | ")
        .append(fmt("%,.0f B", ippoRss)).append(" | ").append(fmt("%,.0f B", nettyRss))
        .append(" | ").append(fmt("%.2f×", ippoRss / nettyRss)).append(" | – | ")
        .append(held(ippoRss / nettyRss <= 1.0 / 3)).append(" |\n");
    double plainRss = figure(runs, "idle-c10000", "ippo", rss);
    b.append("| idle TLS RSS per connection within 2 KiB of Ippo's plain (")
        .append(fmt("%,.0f B", plainRss)).append(") | ").append(fmt("%,.0f B", ippoRss))
        .append(" | – | ").append(fmt("%+,.0f B", ippoRss - plainRss)).append(" | – | ")
        .append(held(ippoRss - plainRss <= 2048)).append(" |\n");
    double tls = figure(runs, "tls-echo64-c100", "ippo", msgs);
    double plain = figure(runs, "echo64-c100", "ippo", msgs);
    Col cpu = cpuPer("", "msgs_per_s");
    double cpuRatio = figure(runs, "echo64-c100", "ippo", cpu)
        / figure(runs, "tls-echo64-c100", "ippo", cpu);
    boolean saturated = figure(runs, "tls-echo64-c100", "ippo", CLI_CPU) >= SUSPECT_CPU
        || figure(runs, "echo64-c100", "ippo", CLI_CPU) >= SUSPECT_CPU;
    double retention = saturated ? cpuRatio : tls / plain;
    b.append("| TLS retention, Ippo's TLS echo over its plain echo (64 B ×100) ≥ 60 % | ")
        .append(fmt("%,.0f msgs/s", tls)).append(" | – | ").append(fmt("%.0f %%", 100 * tls / plain))
        .append(" | ").append(fmt("%.0f %%", 100 * cpuRatio)).append(" | ")
        .append(held(retention >= 0.6)).append(" |\n");
    b.append("\n\"ratio\" is Ippo's figure over Netty's (for RSS, lower is better); \"by server "
        + "CPU per unit\" is Netty's CPU time per message (MB, handshake) over Ippo's, and for "
        + "retention Ippo's plain CPU time per message over its TLS one. Where wsload used 90 % "
        + "of its core or more in either run, that column decides \"held\". Ippo against Netty "
        + "with OpenSSL, TLS echo 64 B ×100: ")
        .append(fmt("%.2f×", tls / figure(runs, "tls-echo64-c100", "netty-openssl", msgs)))
        .append(" by throughput, ")
        .append(fmt("%.2f×", figure(runs, "tls-echo64-c100", "netty-openssl", cpu)
            / figure(runs, "tls-echo64-c100", "ippo", cpu)))
        .append(" by server CPU per message.\n");
    return b.toString();
  }

  /** One throughput row of the targets: the ratio, and the CPU ratio that decides it when needed. */
  static void throughput(StringBuilder b, List<Run> runs, String target, String scenario,
      Col rate, Col cpu, String format) {
    double ippo = figure(runs, scenario, "ippo", rate);
    double netty = figure(runs, scenario, "netty-jdk", rate);
    double cpuRatio = figure(runs, scenario, "netty-jdk", cpu) / figure(runs, scenario, "ippo", cpu);
    boolean saturated = figure(runs, scenario, "ippo", CLI_CPU) >= SUSPECT_CPU
        || figure(runs, scenario, "netty-jdk", CLI_CPU) >= SUSPECT_CPU;
    double decides = saturated ? cpuRatio : ippo / netty;
    b.append("| ").append(target).append(" | ").append(fmt(format, ippo)).append(" | ")
        .append(fmt(format, netty)).append(" | ").append(fmt("%.2f×", ippo / netty)).append(" | ")
        .append(fmt("%.2f×", cpuRatio)).append(saturated ? " (decides)" : "").append(" | ")
        .append(held(decides >= 1.2)).append(" |\n");
  }

  static String held(boolean yes) {
    return yes ? "yes" : "no";
  }

  /** One table per scenario: each server's medians, its ratio to Ippo, what went wrong. */
  static void tables(StringBuilder b, List<Scenario> scenarios, List<Run> runs) {
    for (Scenario s : scenarios) {
      b.append("### ").append(s.title()).append("\n\n").append(s.note()).append("\n\n");
      b.append("| server | ").append(s.primary().header()).append(" | vs Ippo |");
      for (Col c : s.more()) {
        b.append(' ').append(c.header()).append(" |");
      }
      b.append(" note |\n|---|---:|---:|");
      for (int i = 0; i < s.more().size(); i++) {
        b.append("---:|");
      }
      b.append("---|\n");
      double ippo = median(measuredRuns(runs, s, "ippo"), s.primary());
      for (String server : s.servers()) {
        List<Run> all = runsOf(runs, s.id(), server, false);
        List<Run> good = measuredRuns(runs, s, server);
        double v = median(good, s.primary());
        double cpu = median(good, SRV_CPU);
        boolean suspect = s.cpuRule() && !Double.isNaN(v) && !(cpu >= SUSPECT_CPU);
        b.append("| ").append(LABELS.get(server)).append(" | ")
            .append(suspect ? "⚠ " : "").append(fmt(s.primary().format(), v)).append(" | ")
            .append(fmt("%.2f×", v / ippo)).append(" |");
        for (Col c : s.more()) {
          String cell = c == TLS ? negotiated(good) : fmt(c.format(), median(good, c));
          b.append(' ').append(cell).append(" |");
        }
        b.append(' ').append(notes(s, all, good, suspect)).append(" |\n");
      }
      b.append('\n');
    }
  }

  /** The protocol and cipher suite the runs negotiated, each different one once. */
  static String negotiated(List<Run> runs) {
    List<String> seen = new ArrayList<>();
    for (Run r : runs) {
      String t = r.f().get("tls");
      if (t != null && !seen.contains(t)) {
        seen.add(t);
      }
    }
    return seen.isEmpty() ? "–" : String.join(", ", seen);
  }

  /** What went wrong, if anything: failed runs, errors counted by wsload, the CPU rule. */
  static String notes(Scenario s, List<Run> all, List<Run> good, boolean suspect) {
    List<String> n = new ArrayList<>();
    if (suspect) {
      n.add("suspect: server CPU < 90 %");
    }
    if (all.isEmpty()) {
      n.add("not run");
    }
    for (Run r : all) {
      if (!r.ok()) {
        n.add("round " + r.f().get("round") + ": " + r.f().get("status"));
      } else if (!measured(s, r)) {
        n.add("round " + r.f().get("round") + ": nothing measured (no message came back)");
      }
    }
    long errors = 0;
    for (Run r : good) {
      double e = r.num("errors");
      errors += Double.isNaN(e) ? 0 : (long) e;
    }
    if (errors > 0) {
      n.add(errors + " errors reported by wsload");
    }
    double other = median(good, metric("", "other_cpu_pct", ""));
    // While idle connections are held the harness itself runs jcmd, so the rule says nothing.
    if (other > NOISY_CPU && !s.id().contains("idle")) {
      n.add(String.format(Locale.ROOT, "noisy: other processes used %.0f %% CPU", other));
    }
    return String.join("; ", n);
  }

  /**
   * Replaces what lies between two markers of the document, adding the markers at its end
   * (and the document itself) when they are missing.
   */
  static void splice(Path doc, String beginMarker, String endMarker, String section)
      throws IOException {
    String text = Files.exists(doc) ? Files.readString(doc, StandardCharsets.UTF_8)
        : "# Benchmarks\n";
    int begin = text.indexOf(beginMarker);
    int end = text.indexOf(endMarker);
    if (begin < 0 || end < begin) {
      text = text + (text.endsWith("\n") ? "" : "\n") + "\n" + beginMarker + "\n" + endMarker
          + "\n";
      begin = text.indexOf(beginMarker);
      end = text.indexOf(endMarker);
    }
    String out = text.substring(0, begin + beginMarker.length()) + "\n" + section
        + text.substring(end);
    Files.writeString(doc, out, StandardCharsets.UTF_8);
  }

  /** Two panels of horizontal bars: echo 64 B at 100 connections and broadcast deliveries. */
  static String svg(List<Scenario> scenarios, List<Run> runs, Map<String, List<String>> meta) {
    Scenario echo = scenarios.stream().filter(s -> s.id().equals("echo64-c100")).findFirst()
        .orElseThrow();
    Scenario bcast = scenarios.stream().filter(s -> s.id().equals("broadcast64-c1000"))
        .findFirst().orElseThrow();
    int width = 760;
    int rowH = 26;
    int panelH = 40 + SERVERS.size() * rowH + 16;
    int top = 44;
    int height = top + 2 * panelH + 24;
    StringBuilder b = new StringBuilder();
    b.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" "
        + "height=\"%d\" viewBox=\"0 0 %d %d\" font-family=\"sans-serif\" font-size=\"13\">\n",
        width, height, width, height));
    b.append("<rect width=\"100%\" height=\"100%\" fill=\"#ffffff\"/>\n");
    b.append("<text x=\"16\" y=\"26\" font-size=\"16\" font-weight=\"bold\">")
        .append(esc("Ippo and its peers on one server core (" + one(meta, "command") + ", "
            + one(meta, "date") + ")"))
        .append("</text>\n");
    panel(b, "Echo, 64 B, 100 connections: messages/s", echo, runs, top);
    panel(b, "Broadcast, 64 B, 1 → 1000: deliveries/s", bcast, runs, top + panelH);
    b.append("<text x=\"16\" y=\"").append(height - 8).append("\" font-size=\"11\" "
        + "fill=\"#555\">⚠ suspect: the server used under 90 % of its core. "
        + "Details in docs/BENCHMARKS.md.</text>\n");
    b.append("</svg>\n");
    return b.toString();
  }

  static void panel(StringBuilder b, String title, Scenario s, List<Run> runs, int y0) {
    int labelW = 130;
    int barX = 16 + labelW;
    int barMax = 480;
    int rowH = 26;
    double max = 0;
    Map<String, Double> values = new LinkedHashMap<>();
    Map<String, Boolean> suspect = new LinkedHashMap<>();
    for (String server : SERVERS) {
      List<Run> good = measuredRuns(runs, s, server);
      double v = median(good, s.primary());
      values.put(server, v);
      suspect.put(server, !Double.isNaN(v) && !(median(good, SRV_CPU) >= SUSPECT_CPU));
      if (v > max) {
        max = v;
      }
    }
    b.append("<text x=\"16\" y=\"").append(y0 + 24).append("\" font-weight=\"bold\">")
        .append(esc(title)).append("</text>\n");
    int y = y0 + 40;
    for (String server : SERVERS) {
      double v = values.get(server);
      int w = Double.isNaN(v) || max <= 0 ? 0 : (int) Math.round(barMax * v / max);
      String color = server.equals("ippo") ? "#d9480f" : "#4c6ef5";
      b.append("<text x=\"16\" y=\"").append(y + 15).append("\">")
          .append(esc(LABELS.get(server))).append("</text>\n");
      b.append("<rect x=\"").append(barX).append("\" y=\"").append(y + 2).append("\" width=\"")
          .append(w).append("\" height=\"").append(rowH - 8).append("\" fill=\"").append(color)
          .append("\"/>\n");
      String label = Double.isNaN(v) ? "no result"
          : String.format(Locale.ROOT, "%,.0f", v) + (suspect.get(server) ? " ⚠" : "");
      b.append("<text x=\"").append(barX + w + 6).append("\" y=\"").append(y + 15).append("\">")
          .append(esc(label)).append("</text>\n");
      y += rowH;
    }
  }

  static String esc(String s) {
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
  }
}
