package dev.ippo.bench.deflate;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One Ippo bench server ({@code IppoServer <port> echo [deflate]}) started for a measurement,
 * pinned with {@code taskset -c 0}, and read from outside as {@code bench/run} reads it: RSS
 * from {@code /proc/PID/status}, CPU time from {@code /proc/PID/stat}, heap used after a full
 * GC from {@code jcmd}. It is stopped by its own PID (SIGTERM, then SIGKILL after 3 s), and
 * by a shutdown hook if the driver ends first.
 *
 * <p>Not thread safe: one driver thread starts, reads and stops it.
 */
final class ServerProcess implements AutoCloseable {
  private static final Pattern LISTENING = Pattern.compile("(?m)^listening (\\d+)$");
  private static final Pattern HEAP_USED = Pattern.compile("total \\d+K, used (\\d+)K");
  private static final long START_MILLIS = 20_000;
  private static final long JCMD_SECONDS = 30;
  /** Clock ticks per second of {@code /proc/PID/stat}'s times: USER_HZ, 100 on Linux. */
  private static final double TICKS_PER_SECOND = 100;

  private final Process process;
  private final Thread hook;
  private final int port;

  private ServerProcess(Process process, int port, Thread hook) {
    this.process = process;
    this.port = port;
    this.hook = hook;
  }

  /**
   * Starts the server on a free port with this JVM's class path and waits for its
   * {@code listening} line.
   *
   * @param log where its output goes
   * @throws IOException when it does not start within 20 s
   */
  static ServerProcess start(boolean deflate, Path log) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of("taskset", "-c", "0", "java", "-cp",
        System.getProperty("java.class.path"), "dev.ippo.bench.servers.IppoServer", "0", "echo"));
    if (deflate) {
      command.add("deflate");
    }
    Process process = new ProcessBuilder(command).redirectErrorStream(true)
        .redirectOutput(log.toFile()).start();
    Thread hook = new Thread(() -> stop(process), "stop-server-" + process.pid());
    Runtime.getRuntime().addShutdownHook(hook);
    long deadline = System.currentTimeMillis() + START_MILLIS;
    while (System.currentTimeMillis() < deadline && process.isAlive()) {
      Matcher m = LISTENING.matcher(Files.readString(log));
      if (m.find()) {
        return new ServerProcess(process, Integer.parseInt(m.group(1)), hook);
      }
      Thread.sleep(50);
    }
    stop(process);
    Runtime.getRuntime().removeShutdownHook(hook);
    throw new IOException("the server did not start; see " + log);
  }

  long pid() {
    return process.pid();
  }

  String url() {
    return "ws://127.0.0.1:" + port + "/";
  }

  /** Resident memory now, in kB ({@code VmRSS}). */
  long rssKb() throws IOException {
    for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(pid()), "status"))) {
      if (line.startsWith("VmRSS:")) {
        return Long.parseLong(line.replaceAll("\\D", ""));
      }
    }
    throw new IOException("no VmRSS for " + pid());
  }

  /** User plus system CPU time so far, in seconds. */
  double cpuSeconds() throws IOException {
    return cpuSeconds(pid());
  }

  /** User plus system CPU time of process {@code pid} so far, in seconds. */
  static double cpuSeconds(long pid) throws IOException {
    String stat = Files.readString(Path.of("/proc", String.valueOf(pid), "stat"));
    // The command name may hold spaces: fields are counted after its closing parenthesis.
    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / TICKS_PER_SECOND;
  }

  /**
   * Heap used after a full GC, in kB, summed over the generations: {@code jcmd PID GC.run},
   * then {@code GC.heap_info}, as {@code bench/run}'s {@code heap_used_kb}. -1 when jcmd fails.
   */
  long heapUsedKb() throws IOException, InterruptedException {
    if (jcmd("GC.run") == null) {
      return -1;
    }
    String info = jcmd("GC.heap_info");
    if (info == null) {
      return -1;
    }
    long used = 0;
    boolean found = false;
    for (Matcher m = HEAP_USED.matcher(info); m.find(); found = true) {
      used += Long.parseLong(m.group(1));
    }
    return found ? used : -1;
  }

  /** jcmd's output, or null when it failed or took over 30 s (then it is killed). */
  private String jcmd(String what) throws IOException, InterruptedException {
    Path out = Files.createTempFile("jcmd", ".txt");
    try {
      Process jcmd = new ProcessBuilder("jcmd", String.valueOf(pid()), what)
          .redirectErrorStream(true).redirectOutput(out.toFile()).start();
      if (!jcmd.waitFor(JCMD_SECONDS, TimeUnit.SECONDS)) {
        jcmd.destroyForcibly();
        return null;
      }
      return jcmd.exitValue() == 0 ? Files.readString(out) : null;
    } finally {
      Files.delete(out);
    }
  }

  @Override
  public void close() {
    stop(process);
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException e) {
      // the JVM is shutting down: the hook runs, or ran, anyway
    }
  }

  private static void stop(Process process) {
    process.destroy();
    try {
      if (!process.waitFor(3, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(3, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }
}
