package dev.ippo.redis;

import dev.ippo.Await;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A redis-server of the test's own, on 127.0.0.1 and a free port, with nothing kept on
 * disk: the machine's Redis on 6379 is left alone, and this one can be stopped (by its PID,
 * as only it was started here) and started again on the same port to play an outage.
 *
 * <p>Not thread safe: the test thread only.
 */
public final class RedisProcess implements AutoCloseable {
  private final int port;
  private final Path log;
  private Process process;

  private RedisProcess(int port, Path log) {
    this.port = port;
    this.log = log;
  }

  /** Starts one on a free port; its log goes to {@code log}. */
  public static RedisProcess start(Path log) throws IOException, InterruptedException {
    int port;
    try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      port = probe.getLocalPort();
    }
    RedisProcess redis = new RedisProcess(port, log);
    redis.restart();
    return redis;
  }

  public String uri() {
    return "redis://127.0.0.1:" + port;
  }

  public int port() {
    return port;
  }

  /** Starts the server (again) on its port and waits until it answers PING. */
  public void restart() throws IOException, InterruptedException {
    if (process != null && process.isAlive()) {
      throw new IllegalStateException("already running");
    }
    process = new ProcessBuilder(List.of("redis-server", "--port", String.valueOf(port),
        "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--daemonize", "no"))
        .redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
        .start();
    Await.until("redis-server on port " + port + " to answer PING",
        () -> !process.isAlive() || answersPing());
    if (!process.isAlive()) {
      throw new IOException("redis-server on port " + port + " did not start: "
          + Files.readString(log));
    }
  }

  /** Stops the server (SIGTERM, then SIGKILL after 5 s) and waits until it is gone. */
  public void stop() throws InterruptedException {
    if (process == null) {
      return;
    }
    process.destroy();
    if (!process.waitFor(5, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
    }
  }

  private boolean answersPing() {
    try (Socket s = new Socket("127.0.0.1", port)) {
      s.setSoTimeout(1000);
      OutputStream out = s.getOutputStream();
      out.write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
      out.flush();
      InputStream in = s.getInputStream();
      byte[] answer = in.readNBytes(7);
      return new String(answer, StandardCharsets.US_ASCII).equals("+PONG\r\n");
    } catch (IOException e) {
      return false;
    }
  }

  @Override
  public void close() throws InterruptedException {
    stop();
  }
}
