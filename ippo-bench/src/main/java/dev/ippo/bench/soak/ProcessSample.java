package dev.ippo.bench.soak;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * What a server process holds at one moment: its live heap after a full collection (from
 * {@code jcmd PID GC.class_histogram}, which collects first and counts only what survives),
 * its resident memory, its open file descriptors and its threads (from {@code /proc}).
 *
 * @param heapBytes live heap after a full GC, -1 when jcmd did not answer
 */
record ProcessSample(long heapBytes, long rssBytes, long fds, long threads) {
  /** Samples {@code pid}; the full GC this takes pauses the server for a moment. */
  static ProcessSample of(long pid) throws IOException, InterruptedException {
    long heap = liveHeap(pid);
    long rss = 0;
    long threads = 0;
    for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
      if (line.startsWith("VmRSS:")) {
        rss = firstNumber(line) * 1024;
      } else if (line.startsWith("Threads:")) {
        threads = firstNumber(line);
      }
    }
    long fds;
    try (Stream<Path> open = Files.list(Path.of("/proc", Long.toString(pid), "fd"))) {
      fds = open.count();
    }
    return new ProcessSample(heap, rss, fds, threads);
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
