package dev.ippo.bench.soak;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The soak's samples and its tables: per server, a row a minute (and one before and one
 * after the load), whether the last minute stayed within 10 % of the second, and what the
 * peers did.
 *
 * <p>Not thread safe: the soak's main thread samples and writes.
 */
final class SoakReport {
  /** How far the last minute may stray from the second and still be flat. */
  private static final double FLAT = 0.10;

  private record Row(String label, ProcessSample echo, ProcessSample chat, long lives,
      long failures) {}

  private final List<Soak.Kind> kinds;
  private final int slots;
  private final int minutes;
  private final List<Row> rows = new ArrayList<>();
  private long stuck;

  SoakReport(List<Soak.Kind> kinds, int slots, int minutes) {
    this.kinds = kinds;
    this.slots = slots;
    this.minutes = minutes;
  }

  void sample(String label, ProcessSample echo, ProcessSample chat) {
    long lives = kinds.stream().mapToLong(k -> k.tally().lives()).sum();
    rows.add(new Row(label, echo, chat, lives, failures()));
  }

  void stuckSlots(long count) {
    stuck = count;
  }

  long failures() {
    return kinds.stream().mapToLong(k -> k.tally().failures()).sum();
  }

  String lastLine() {
    Row r = rows.get(rows.size() - 1);
    return String.format(Locale.ROOT,
        "minute %s: echo heap %s RSS %s peak %s fds %d | chat heap %s RSS %s peak %s fds %d"
            + " | lives %d, failures %d", r.label, mib(r.echo.heapBytes()),
        mib(r.echo.rssBytes()), mib(r.echo.peakRssBytes()), r.echo.fds(),
        mib(r.chat.heapBytes()), mib(r.chat.rssBytes()), mib(r.chat.peakRssBytes()),
        r.chat.fds(), r.lives, r.failures);
  }

  String markdown(String command, String about) {
    StringBuilder out = new StringBuilder();
    out.append("Command: `").append(command).append("`").append(about.isEmpty() ? "" : "; ")
        .append(about).append(". ").append(slots).append(" peers at once for ").append(minutes)
        .append(" min; sampled at the end of each minute, before the load and 10 s after it:"
            + " RSS as found, the peak RSS since the last sample (`VmHWM`, reset each time),"
            + " then the live heap, what a full GC leaves (`jcmd PID GC.class_histogram`).\n");
    server(out, "`./ippo echo`", true);
    server(out, "`./ippo chat`", false);
    peers(out);
    return out.toString();
  }

  private void server(StringBuilder out, String name, boolean echo) {
    out.append("\n#### ").append(name).append("\n\n");
    out.append("| minute | live heap after GC | RSS | peak RSS in the minute | open fds | threads"
        + " | lives ended, all peers | failures so far |\n|---|--:|--:|--:|--:|--:|--:|--:|\n");
    long previousLives = 0;
    for (Row r : rows) {
      ProcessSample s = echo ? r.echo : r.chat;
      out.append("| ").append(r.label).append(" | ").append(mib(s.heapBytes())).append(" | ")
          .append(mib(s.rssBytes())).append(" | ").append(mib(s.peakRssBytes())).append(" | ")
          .append(s.fds()).append(" | ")
          .append(s.threads()).append(" | ").append(r.lives - previousLives).append(" | ")
          .append(r.failures).append(" |\n");
      previousLives = r.lives;
    }
    if (minutes >= 2) {
      ProcessSample second = sample(echo, "2");
      ProcessSample last = sample(echo, Integer.toString(minutes));
      out.append("\nMinute ").append(minutes).append(" against minute 2: ")
          .append(verdict("live heap", last.heapBytes(), second.heapBytes())).append(", ")
          .append(verdict("RSS", last.rssBytes(), second.rssBytes())).append(", ")
          .append(verdict("peak RSS", last.peakRssBytes(), second.peakRssBytes())).append(", ")
          .append(verdict("fds", last.fds(), second.fds())).append(", ")
          .append(verdict("threads", last.threads(), second.threads())).append(".\n");
      out.append("Minutes 2 to ").append(minutes).append(": live heap ")
          .append(range(echo, ProcessSample::heapBytes)).append(", RSS ")
          .append(range(echo, ProcessSample::rssBytes)).append(", peak RSS ")
          .append(range(echo, ProcessSample::peakRssBytes)).append(".\n");
    }
  }

  /** The least and the most of a figure over the minutes after the first. */
  private String range(boolean echo, java.util.function.ToLongFunction<ProcessSample> figure) {
    java.util.LongSummaryStatistics s = new java.util.LongSummaryStatistics();
    for (int minute = 2; minute <= minutes; minute++) {
      s.accept(figure.applyAsLong(sample(echo, Integer.toString(minute))));
    }
    return mib(s.getMin()) + " to " + mib(s.getMax());
  }

  private ProcessSample sample(boolean echo, String label) {
    for (Row r : rows) {
      if (r.label.equals(label)) {
        return echo ? r.echo : r.chat;
      }
    }
    throw new IllegalStateException("no sample " + label);
  }

  private static String verdict(String what, long last, long second) {
    double ratio = second == 0 ? Double.NaN : (double) last / second;
    boolean flat = Math.abs(ratio - 1) <= FLAT;
    return String.format(Locale.ROOT, "%s %.2f× (%s)", what, ratio, flat ? "flat" : "NOT flat");
  }

  private void peers(StringBuilder out) {
    out.append("\n#### What the peers did\n\n| peer | slots | lives | messages answered"
        + " | how lives ended | failures |\n|---|--:|--:|--:|---|--:|\n");
    for (Soak.Kind k : kinds) {
      Tally t = k.tally();
      out.append("| ").append(t.kind).append(" | ")
          .append(t.slots()).append(" | ").append(t.lives())
          .append(" | ").append(t.messages()).append(" | ")
          .append(t.outcomes().isEmpty() ? "as it should" : t.outcomes()).append(" | ")
          .append(t.failures()).append(" |\n");
    }
    if (stuck > 0) {
      out.append("\n").append(stuck).append(" peers were still stuck when the soak ended.\n");
    }
    for (Soak.Kind k : kinds) {
      for (String f : k.tally().firstFailures()) {
        out.append("\n- ").append(k.tally().kind).append(": ").append(f);
      }
    }
    out.append('\n');
  }

  private static String mib(long bytes) {
    return bytes < 0 ? "?" : String.format(Locale.ROOT, "%.1f MiB", bytes / 1048576.0);
  }
}
