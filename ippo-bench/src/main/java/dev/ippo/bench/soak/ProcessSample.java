package dev.ippo.bench.soak;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * What a server process holds at one moment: its resident memory now and at its highest
 * since the previous sample (Linux's {@code VmHWM}, which each sample resets through
 * {@code /proc/PID/clear_refs}), its open file descriptors and threads, and then its live
 * heap after a full collection (from {@code jcmd PID GC.class_histogram}, which collects
 * first and counts only what survives).
 *
 * @param heapBytes live heap after a full GC, -1 when jcmd did not answer
 * @param rssBytes resident memory when sampled, before that GC
 * @param peakRssBytes the highest resident memory since the previous sample
 */
record ProcessSample(long heapBytes, long rssBytes, long peakRssBytes, long fds, long threads) {
  /** Samples {@code pid}; the full GC this takes pauses the server for a moment. */
  static ProcessSample of(long pid) throws IOException, InterruptedException {
    Path proc = Path.of("/proc", Long.toString(pid));
    long rss = 0;
    long peak = 0;
    long threads = 0;
    for (String line : Files.readAllLines(proc.resolve("status"))) {
      if (line.startsWith("VmRSS:")) {
        rss = firstNumber(line) * 1024;
      } else if (line.startsWith("VmHWM:")) {
        peak = firstNumber(line) * 1024;
      } else if (line.startsWith("Threads:")) {
        threads = firstNumber(line);
      }
    }
    // "5" resets the peak to the present (Linux 4.0 and later): the next sample's peak is
    // that of its own minute.
    Files.writeString(proc.resolve("clear_refs"), "5");
    long fds;
    try (Stream<Path> open = Files.list(proc.resolve("fd"))) {
      fds = open.count();
    }
    return new ProcessSample(liveHeap(pid), rss, peak, fds, threads);
  }

  private static long liveHeap(long pid) throws IOException, InterruptedException {
    Process jcmd = new ProcessBuilder("jcmd", Long.toString(pid), "GC.class_histogram")
        .redirectErrorStream(true).start();
    String out = new String(jcmd.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!jcmd.waitFor(60, TimeUnit.SECONDS) || jcmd.exitValue() != 0) {
      jcmd.destroyForcibly();
      return -1;
    }
    // The last line: "Total  <instances>  <bytes>".
    return out.lines().filter(l -> l.startsWith("Total")).mapToLong(l -> {
      String[] fields = l.trim().split("\\s+");
      return Long.parseLong(fields[fields.length - 1]);
    }).findFirst().orElse(-1);
  }

  private static long firstNumber(String line) {
    return Long.parseLong(line.replaceAll("[^0-9]+", " ").trim().split(" ")[0]);
  }
}
