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
 * harness section of {@code docs/BENCHMARKS.md} (only between its two markers) and the bar
 * chart {@code docs/bench-echo.svg}. Several rounds are summarised by their median.
 *
 * <p>Run as a single-file program: {@code java bench/Report.java results meta markdown svg}.
 * Not thread safe; it runs once and exits.
 */
public final class Report {
  static final String BEGIN = "<!-- harness:begin -->";
  static final String END = "<!-- harness:end -->";
  static final String JMH_BEGIN = "<!-- jmh:begin -->";
  static final String JMH_END = "<!-- jmh:end -->";
  static final double SUSPECT_CPU = 90.0;
  /** CPU % used by processes other than the server and wsload above which a run is noisy. */
  static final double NOISY_CPU = 15.0;

  static final List<String> SERVERS =
      List.of("ippo", "netty-epoll", "netty-nio", "jetty", "java-websocket", "node-ws");
  static final Map<String, String> LABELS = Map.of(
      "ippo", "Ippo", "netty-epoll", "Netty epoll", "netty-nio", "Netty NIO",
      "jetty", "Jetty 12", "java-websocket", "Java-WebSocket", "node-ws", "Node ws");

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
      boolean cpuRule) {}

  static Col metric(String header, String key, String format) {
    return new Col(header, r -> r.num(key), format);
  }

  static final Col SRV_CPU = metric("server CPU %", "srv_cpu_pct", "%.0f");
  static final Col CLI_CPU = metric("wsload CPU %", "cli_cpu_pct", "%.0f");

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
        new Scenario("echo64-c100", "Echo, 64 B text, 100 connections", echoNote, msgs,
            List.of(p50, p99, SRV_CPU, CLI_CPU), true),
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
    splice(Path.of(args[2]), section);
    Files.writeString(Path.of(args[3]), svg(scenarios, runs, meta), StandardCharsets.UTF_8);
    System.out.println(section);
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
      for (String server : SERVERS) {
        List<Run> all = runsOf(runs, s.id(), server, false);
        List<Run> good = measuredRuns(runs, s, server);
        double v = median(good, s.primary());
        double cpu = median(good, SRV_CPU);
        boolean suspect = s.cpuRule() && !Double.isNaN(v) && !(cpu >= SUSPECT_CPU);
        b.append("| ").append(LABELS.get(server)).append(" | ")
            .append(suspect ? "⚠ " : "").append(fmt(s.primary().format(), v)).append(" | ")
            .append(fmt("%.2f×", v / ippo)).append(" |");
        for (Col c : s.more()) {
          b.append(' ').append(fmt(c.format(), median(good, c))).append(" |");
        }
        b.append(' ').append(notes(s, all, good, suspect)).append(" |\n");
      }
      b.append('\n');
    }
    return b.toString();
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
    if (other > NOISY_CPU && !s.id().startsWith("idle")) {
      n.add(String.format(Locale.ROOT, "noisy: other processes used %.0f %% CPU", other));
    }
    return String.join("; ", n);
  }

  /** Replaces the harness section of the document, creating the document when needed. */
  static void splice(Path doc, String section) throws IOException {
    String text = Files.exists(doc)
        ? Files.readString(doc, StandardCharsets.UTF_8)
        : "# Benchmarks\n\n## Load harness: Ippo and its peers side by side\n\n" + BEGIN + "\n" + END + "\n\n" + JMH_BEGIN + "\n" + JMH_END + "\n";
    int begin = text.indexOf(BEGIN);
    int end = text.indexOf(END);
    if (begin < 0 || end < begin) {
      text = text + (text.endsWith("\n") ? "" : "\n") + "\n" + BEGIN + "\n" + END + "\n";
      begin = text.indexOf(BEGIN);
      end = text.indexOf(END);
    }
    String out = text.substring(0, begin + BEGIN.length()) + "\n" + section
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
