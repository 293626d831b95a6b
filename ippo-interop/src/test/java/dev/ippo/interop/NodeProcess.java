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
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A Node.js script from {@code src/test/node} run as a test peer. Its standard output is
 * read line by line; closing its standard input (see {@link #close()}) tells the script to
 * exit, and the process is destroyed if it does not.
 *
 * <p>Thread safe for {@link #nextLine}, {@link #writeLine} and {@link #close} from one test
 * thread; the output is pumped by a daemon thread of its own.
 */
public final class NodeProcess implements AutoCloseable {
  private static final Path REPO_ROOT =
      Path.of(System.getProperty("ippo.repo.root", "..")).toAbsolutePath().normalize();
  private static final Path SCRIPTS = REPO_ROOT.resolve("ippo-interop/src/test/node");

  private final Process process;
  private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
  private final List<String> stderr = new ArrayList<>();

  private NodeProcess(Process process) {
    this.process = process;
    Thread out = new Thread(() -> pump(process.getInputStream(), lines), "node-stdout");
    out.setDaemon(true);
    out.start();
    Thread err = new Thread(() -> pumpErr(), "node-stderr");
    err.setDaemon(true);
    err.start();
  }

  /** Starts {@code node <script> <args...>} with the repository root as working directory. */
  public static NodeProcess start(String script, String... args) throws IOException {
    Path file = SCRIPTS.resolve(script);
    if (!Files.exists(file)) {
      throw new IOException("no such Node script: " + file);
    }
    List<String> command = new ArrayList<>();
    command.add("node");
    command.add(file.toString());
    command.addAll(List.of(args));
    Process p = new ProcessBuilder(command).directory(REPO_ROOT.toFile()).start();
    return new NodeProcess(p);
  }

  /** The next line the script printed, waiting up to {@code seconds}; fails on timeout. */
  public String nextLine(long seconds) throws InterruptedException {
    String line = lines.poll(seconds, TimeUnit.SECONDS);
    if (line == null) {
      throw new AssertionError("no line from node within " + seconds + " s; stderr: " + stderr());
    }
    return line;
  }

  /** Waits for a line {@code listening <port>} and returns the port. */
  public int awaitListening() throws InterruptedException {
    String line = nextLine(20);
    if (!line.startsWith("listening ")) {
      throw new AssertionError("expected 'listening <port>', got: " + line + "; stderr: " + stderr());
    }
    return Integer.parseInt(line.substring("listening ".length()).trim());
  }

  /** Sends one line to the script's standard input. */
  public void writeLine(String line) throws IOException {
    OutputStream in = process.getOutputStream();
    in.write((line + "\n").getBytes(StandardCharsets.UTF_8));
    in.flush();
  }

  /** What the script wrote to standard error so far. */
  public synchronized String stderr() {
    return String.join("\n", stderr);
  }

  /** Exit code after the script ends by itself, waiting up to {@code seconds}. */
  public int awaitExit(long seconds) throws InterruptedException {
    if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
      throw new AssertionError("node did not exit within " + seconds + " s; stderr: " + stderr());
    }
    return process.exitValue();
  }

  @Override
  public void close() {
    try {
      process.getOutputStream().close();
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
