package dev.ippo.interop;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A test peer run as a child process: a Node.js script from {@code src/test/node}, or the
 * ippo program itself. Its standard output is read line by line. On {@link #close()} a Node
 * script is told to exit by the end of its standard input; the ippo program, which serves
 * until it is stopped, gets SIGTERM (its shutdown hook closes the server). Either is
 * destroyed if it has not ended 5 s later.
 *
 * <p>Thread safe for {@link #nextLine}, {@link #writeLine} and {@link #close} from one test
 * thread; the output is pumped by a daemon thread of its own.
 */
public final class PeerProcess implements AutoCloseable {
  private static final Path REPO_ROOT =
      Path.of(System.getProperty("ippo.repo.root", "..")).toAbsolutePath().normalize();
  private static final Path SCRIPTS = REPO_ROOT.resolve("ippo-interop/src/test/node");

  private static final Pattern LISTENING =
      Pattern.compile("^(?:ippo \\S+ )?listening (?:on \\w+://\\S*:)?(\\d+)/?");

  private final String name;
  private final Process process;
  private final boolean endsWithItsInput;
  private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
  private final List<String> stderr = new ArrayList<>();

  private PeerProcess(String name, Process process, boolean endsWithItsInput) {
    this.name = name;
    this.process = process;
    this.endsWithItsInput = endsWithItsInput;
    Thread out = new Thread(() -> pump(process.getInputStream(), lines), name + "-stdout");
    out.setDaemon(true);
    out.start();
    Thread err = new Thread(() -> pumpErr(), name + "-stderr");
    err.setDaemon(true);
    err.start();
  }

  /** Starts {@code node <script> <args...>} with the repository root as working directory. */
  public static PeerProcess node(String script, String... args) throws IOException {
    return node(Map.of(), script, args);
  }

  /**
   * Starts {@code node <script> <args...>} with these variables added to its environment
   * ({@code NODE_EXTRA_CA_CERTS}, say).
   */
  public static PeerProcess node(Map<String, String> environment, String script,
      String... args) throws IOException {
    Path file = SCRIPTS.resolve(script);
    if (!Files.exists(file)) {
      throw new IOException("no such Node script: " + file);
    }
    List<String> command = new ArrayList<>();
    command.add("node");
    command.add(file.toString());
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command).directory(REPO_ROOT.toFile());
    builder.environment().putAll(environment);
    Process p = builder.start();
    return new PeerProcess("node", p, true);
  }

  /**
   * Starts the ippo program, {@code ippo <args...>}, in a new JVM on this test's class path
   * (which holds ippo-cli and ippo-core as built by this run).
   */
  public static PeerProcess ippo(String... args) throws IOException {
    return ippo(List.of(), args);
  }

  /** The same, with {@code jvmOptions} ({@code -Dname=value}, say) before the class path. */
  public static PeerProcess ippo(List<String> jvmOptions, String... args) throws IOException {
    return start(ippoCommand(jvmOptions, args));
  }

  /**
   * The ippo program in a process that may hold at most {@code descriptors} open files
   * (bash's {@code ulimit -n}, soft and hard, so the JVM cannot raise it).
   */
  public static PeerProcess ippoWithDescriptorLimit(int descriptors, String... args)
      throws IOException {
    List<String> command = new ArrayList<>(List.of(
        "bash", "-c", "ulimit -n " + descriptors + " && exec \"$@\"", "bash"));
    command.addAll(ippoCommand(List.of(), args));
    return start(command);
  }

  private static List<String> ippoCommand(List<String> jvmOptions, String... args) {
    List<String> command = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Dfile.encoding=UTF-8", "-Dstdout.encoding=UTF-8", "-Dstderr.encoding=UTF-8"));
    command.addAll(jvmOptions);
    command.addAll(List.of("-cp", System.getProperty("java.class.path"), "dev.ippo.cli.Main"));
    command.addAll(List.of(args));
    return command;
  }

  private static PeerProcess start(List<String> command) throws IOException {
    Process p = new ProcessBuilder(command).directory(REPO_ROOT.toFile()).start();
    return new PeerProcess("ippo", p, false);
  }

  /** The next line the process printed, waiting up to {@code seconds}; fails on timeout. */
  public String nextLine(long seconds) throws InterruptedException {
    String line = lines.poll(seconds, TimeUnit.SECONDS);
    if (line == null) {
      throw new AssertionError("no line from " + name + " within " + seconds + " s; stderr: "
          + stderr());
    }
    return line;
  }

  /** The next line, waiting up to {@code millis}; null when none came. */
  public String pollLine(long millis) throws InterruptedException {
    return lines.poll(millis, TimeUnit.MILLISECONDS);
  }

  /** Whether the process is still running. */
  public boolean isAlive() {
    return process.isAlive();
  }

  /**
   * Takes lines until one contains {@code fragment} and returns it; fails when none has
   * within {@code seconds}, showing the lines passed over.
   */
  public String awaitLineContaining(String fragment, long seconds) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    StringBuilder seen = new StringBuilder();
    for (long left; (left = deadline - System.nanoTime()) > 0; ) {
      String line = lines.poll(left, TimeUnit.NANOSECONDS);
      if (line == null) {
        break;
      }
      if (line.contains(fragment)) {
        return line;
      }
      seen.append(line).append('\n');
    }
    throw new AssertionError(name + " never printed " + fragment + " within " + seconds
        + " s; saw:\n" + seen + "stderr: " + stderr());
  }

  /**
   * Waits for the first line, the listening line, and returns its port: {@code listening
   * <port>} from the Node scripts, {@code ippo <command> listening on ws://<host>:<port>/}
   * from the ippo program.
   */
  public int awaitListening() throws InterruptedException {
    String line = nextLine(20);
    Matcher m = LISTENING.matcher(line);
    if (!m.find()) {
      throw new AssertionError("expected a listening line, got: " + line + "; stderr: "
          + stderr());
    }
    return Integer.parseInt(m.group(1));
  }

  /** Ends the process's standard input, which a Node script or {@code ippo connect} reads. */
  public void endInput() throws IOException {
    process.getOutputStream().close();
  }

  /** Sends one line to the process's standard input. */
  public void writeLine(String line) throws IOException {
    OutputStream in = process.getOutputStream();
    in.write((line + "\n").getBytes(StandardCharsets.UTF_8));
    in.flush();
  }

  /** What the process wrote to standard error so far. */
  public synchronized String stderr() {
    return String.join("\n", stderr);
  }

  /** Asks the process to stop, as {@code kill PID} does: SIGTERM. */
  public void terminate() {
    process.destroy();
  }

  /** Exit code after the process ends by itself, waiting up to {@code seconds}. */
  public int awaitExit(long seconds) throws InterruptedException {
    if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
      throw new AssertionError(name + " did not exit within " + seconds + " s; stderr: "
          + stderr());
    }
    return process.exitValue();
  }

  @Override
  public void close() {
    try {
      process.getOutputStream().close();
      if (!endsWithItsInput) {
        process.destroy();
      }
      if (!process.waitFor(5, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    } catch (IOException | InterruptedException e) {
      process.destroyForcibly();
    }
  }

  private static void pump(java.io.InputStream in, BlockingQueue<String> sink) {
    try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
      for (String line; (line = r.readLine()) != null; ) {
        sink.add(line);
      }
    } catch (IOException ignored) {
      // the process ended
    }
  }

  private void pumpErr() {
    try (BufferedReader r = new BufferedReader(
        new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8))) {
      for (String line; (line = r.readLine()) != null; ) {
        synchronized (this) {
          stderr.add(line);
        }
      }
    } catch (IOException ignored) {
      // the process ended
    }
  }
}
