package dev.ippo.cli.connect;

import dev.ippo.CloseCode;
import dev.ippo.CloseEvent;
import dev.ippo.ReadyState;
import dev.ippo.ReconnectOptions;
import dev.ippo.ReconnectingWebSocket;
import dev.ippo.SendResult;
import dev.ippo.WebSocketOptions;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The console client behind {@code ippo connect}, like {@code wscat}: it connects, prints
 * {@code connected to <url>} (with {@code through the proxy <proxy>} when it went through
 * one), then either sends each line of its input as a text message
 * (until the input ends, then until the server has answered a ping, so that the replies to
 * the last lines are in; {@code /join <room>} is the chat's join, see {@link ChatShortcuts})
 * or sends the {@code --execute} messages and waits a while. What
 * comes back is printed by {@link MessagePrinter}; at the end it closes with 1000.
 *
 * <p>Output: the lines above and every message on {@code out}; one line
 * {@code ippo connect: <what went wrong>} on {@code err} per error, such as
 * {@code ippo connect: the server refused the connection: HTTP 403 (...)}. When the server
 * ends the connection, or it ends badly, {@code out} gets {@code closed <code>[ <reason>]}.
 *
 * <p>With {@code --reconnect} the session goes on over one connection after another (a
 * {@link ReconnectingWebSocket} with its default back-off): after each connection that
 * drops comes its {@code closed} line, then {@code reconnecting in 1.2 s (attempt 1)}, and
 * {@code reconnected to <url>} once back; a first connect that fails is retried too. Lines
 * typed while disconnected are not sent, and each says so on {@code err}. Without it, the
 * same client makes one attempt and no other.
 *
 * <p>Exit status from {@link #run()}: 0 when the connection opened and ended with 1000,
 * 1001 or 1005 (a close frame without a code), whichever side closed; 1 otherwise. The
 * streams are parameters so that tests run it in-process.
 *
 * <p>Thread safety: {@link #run()} once, from one thread; {@link #stop()} from any thread
 * (a shutdown hook). The connection's events run on its loop thread and only print.
 */
public final class ConsoleClient {
  /** How long to wait for the server's close frame once ours is sent. */
  static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(5);
  /** How long {@link #stop()} may hold up the end of the JVM. */
  private static final Duration STOP_TIMEOUT = Duration.ofSeconds(1);
  /** Past the library's own timeouts, which end in an event, a safety margin. */
  private static final long MARGIN_MS = 2_000;
  /** How often to look whether the last lines are written: drain events need back-pressure. */
  private static final long WRITTEN_POLL_MS = 5;
  /** The payload of the ping that marks the end of the input. */
  private static final byte[] END_OF_INPUT = "ippo-connect: end of input".getBytes(
      StandardCharsets.US_ASCII);

  private final ConnectSettings settings;
  private final InputStream in;
  private final PrintStream out;
  private final PrintStream err;
  private final CompletableFuture<Void> opened = new CompletableFuture<>();
  private final CompletableFuture<CloseEvent> closed = new CompletableFuture<>();
  private final CompletableFuture<Void> endOfInputAnswered = new CompletableFuture<>();
  private final ChatShortcuts shortcuts = new ChatShortcuts();
  private volatile ReconnectingWebSocket ws;
  // Written on the loop thread before the close event completes `closed`, so visible after.
  private volatile boolean errorPrinted;
  private volatile boolean closingHere;
  /** Whether a connection is open, to tell a drop from a failed attempt. Loop thread. */
  private boolean connectedNow;

  /**
   * @param in the lines to send in the interactive mode (not read with --execute); never
   *     closed here, since it is usually the program's standard input
   */
  public ConsoleClient(ConnectSettings settings, InputStream in, PrintStream out,
      PrintStream err) {
    this.settings = settings;
    this.in = in;
    this.out = out;
    this.err = err;
  }

  /**
   * Connects and runs the session to its end.
   *
   * @return the exit status: 0 for a connection that opened and closed normally, else 1
   * @throws IllegalArgumentException when the URL is not a WebSocket URL; nothing is
   *     printed then, so the caller can report it as a usage error
   */
  public int run() throws InterruptedException {
    MessagePrinter printer;
    try {
      printer = MessagePrinter.create(out, err, settings.binaryDir());
    } catch (IOException e) {
      err.println("ippo connect: cannot create the folder " + settings.binaryDir() + ": " + e);
      return 1;
    }
    ReconnectingWebSocket socket = connect(printer);
    if (!awaitOpen(socket)) {
      return 1;
    }
    CloseEvent end = settings.executes() ? execute(socket) : sendInput(socket);
    if (end == null) {
      return 1;
    }
    boolean normal = isNormal(end.code());
    // Our own ordinary close needs no line: the session simply ends.
    if (!closingHere || !normal) {
      out.println("closed " + end.code() + (end.reason().isEmpty() ? "" : " " + end.reason()));
    }
    return normal ? 0 : 1;
  }

  /** Closes with 1001 (going away) and waits briefly for the end: for Ctrl-C. */
  public void stop() {
    ReconnectingWebSocket socket = ws;
    if (socket == null || closed.isDone()) {
      return;
    }
    closingHere = true;
    socket.close(CloseCode.GOING_AWAY, "");
    endIfClosedBetweenConnections(socket);
    try {
      closed.get(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ExecutionException | TimeoutException e) {
      // the JVM is going anyway
    }
  }

  /** Whether a close code means the session ended as it should. */
  static boolean isNormal(int code) {
    return code == CloseCode.NORMAL || code == CloseCode.GOING_AWAY
        || code == CloseCode.NO_STATUS;
  }

  /**
   * A close with our own close() while the client waited between attempts has no close
   * event (the last connection's came already): the session ends here instead.
   */
  private void endIfClosedBetweenConnections(ReconnectingWebSocket socket) {
    if (socket.readyState() == ReadyState.CLOSED) {
      closed.complete(new CloseEvent(null, CloseCode.GOING_AWAY, "", false));
    }
  }

  private ReconnectingWebSocket connect(MessagePrinter printer) {
    WebSocketOptions.Builder options = WebSocketOptions.builder()
        .protocols(settings.protocols().toArray(String[]::new))
        .closeTimeout(CLOSE_TIMEOUT)
        .sslContext(settings.tls())
        .proxy(settings.proxy());
    settings.headers().forEach(h -> options.header(h.getKey(), h.getValue()));
    // Without --reconnect, the same client with no retry: one attempt, as a plain WebSocket.
    ReconnectOptions reconnect = settings.reconnect() ? ReconnectOptions.DEFAULTS
        : ReconnectOptions.builder().maxRetries(0).build();
    ReconnectingWebSocket socket =
        new ReconnectingWebSocket(settings.url(), options.build(), reconnect);
    ws = socket;
    // Printed on the loop thread, so before any message of the connection.
    socket.onOpen(e -> {
      String protocol = socket.protocol();
      out.println((opened.isDone() ? "reconnected to " : "connected to ") + socket.url()
          + (settings.proxy() == null ? "" : " through the proxy " + settings.proxy())
          + (protocol.isEmpty() ? "" : " (protocol " + protocol + ")"));
      opened.complete(null);
      connectedNow = true;
    });
    socket.onReconnecting(e -> out.println("reconnecting in "
        + String.format(Locale.ROOT, "%.1f", e.delay().toMillis() / 1000.0) + " s (attempt "
        + e.attempt() + ")"));
    socket.onMessage(e -> {
      shortcuts.received(e);
      printer.print(e);
    });
    socket.onPong(payload -> {
      if (Arrays.equals(payload, END_OF_INPUT)) {
        endOfInputAnswered.complete(null);
      }
    });
    socket.onError(e -> {
      errorPrinted = true;
      err.println("ippo connect: " + e.message());
    });
    socket.onClose(e -> {
      boolean wasOpen = connectedNow;
      connectedNow = false;
      if (socket.readyState() == ReadyState.CLOSED) {
        closed.complete(e); // the last: no attempt follows
      } else if (wasOpen) { // a failed attempt's error line said enough
        out.println("closed " + e.code() + (e.reason().isEmpty() ? "" : " " + e.reason()));
      }
    });
    return socket;
  }

  /**
   * Waits for the open event; false (with the reason printed) when the attempt failed, or
   * with --reconnect, when the client gave up or was stopped.
   */
  private boolean awaitOpen(ReconnectingWebSocket socket) throws InterruptedException {
    // With --reconnect, attempts go on until the user stops them.
    long bound = settings.reconnect() ? Long.MAX_VALUE
        : WebSocketOptions.DEFAULTS.handshakeTimeout().toMillis() + MARGIN_MS;
    if (!await(CompletableFuture.anyOf(opened, closed), bound) && !closed.isDone()) {
      socket.terminate();
      err.println("ippo connect: no answer from " + socket.url());
      return false;
    }
    if (opened.isDone()) {
      return true;
    }
    if (!errorPrinted) {
      err.println("ippo connect: the connection closed before it opened");
    }
    return false;
  }

  /** --execute: every message at once, replies for --wait, then close. */
  private CloseEvent execute(ReconnectingWebSocket socket) throws InterruptedException {
    for (String message : settings.messages()) {
      socket.send(message);
    }
    if (await(closed, settings.replyTime().toMillis())) {
      return closed.join();
    }
    return closeAndWait(socket);
  }

  /** The interactive mode: each input line is a message, until the input or the connection ends. */
  private CloseEvent sendInput(ReconnectingWebSocket socket) throws InterruptedException {
    CompletableFuture<Void> inputEnded = new CompletableFuture<>();
    // Its own thread, since reading blocks; a daemon, since a server may end the session
    // while it waits for a line that never comes.
    Thread reader = new Thread(() -> sendLines(socket, inputEnded), "ippo-connect-input");
    reader.setDaemon(true);
    reader.start();
    // No bound: the session lasts as long as its input.
    await(CompletableFuture.anyOf(closed, inputEnded), Long.MAX_VALUE);
    if (!closed.isDone()) {
      awaitReplies(socket);
    }
    return closed.isDone() ? closed.join() : closeAndWait(socket);
  }

  /**
   * Waits, bounded, for the replies to the last lines. Messages that arrive once our close
   * frame is sent are dropped, as in the browser, so the close must wait for them. A ping is
   * the marker: peers answer it in order, after the messages sent before it. Pings go ahead
   * of queued messages, so it is sent once the lines are written.
   */
  private void awaitReplies(ReconnectingWebSocket socket) throws InterruptedException {
    long deadline = System.nanoTime() + CLOSE_TIMEOUT.toNanos();
    while (socket.bufferedAmount() > 0 && !closed.isDone() && System.nanoTime() < deadline) {
      Thread.sleep(WRITTEN_POLL_MS);
    }
    if (closed.isDone() || socket.bufferedAmount() > 0) {
      return;
    }
    socket.ping(END_OF_INPUT);
    long left = Math.max(0, (deadline - System.nanoTime()) / 1_000_000);
    await(CompletableFuture.anyOf(endOfInputAnswered, closed), left);
  }

  private void sendLines(ReconnectingWebSocket socket, CompletableFuture<Void> inputEnded) {
    BufferedReader lines = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
    try {
      for (String line = lines.readLine(); line != null; line = lines.readLine()) {
        ReadyState state = socket.readyState();
        if (state == ReadyState.CLOSED || (!settings.reconnect() && state != ReadyState.OPEN)) {
          break;
        }
        StringBuilder problem = new StringBuilder();
        String typed = line;
        shortcuts.toMessage(line, problem).ifPresentOrElse(message -> {
          if (socket.send(message) == SendResult.NOT_OPEN) {
            err.println("ippo connect: not connected; not sent: " + typed);
          }
        }, () -> err.println("ippo connect: " + problem));
      }
    } catch (IOException e) {
      if (!closed.isDone()) { // once the session is over, its input no longer matters
        err.println("ippo connect: cannot read the input: " + e.getMessage());
      }
    } finally {
      inputEnded.complete(null);
    }
  }

  /** Closes with 1000 and waits, bounded, for the close event; null if none came. */
  private CloseEvent closeAndWait(ReconnectingWebSocket socket) throws InterruptedException {
    closingHere = true;
    socket.close(CloseCode.NORMAL, "");
    endIfClosedBetweenConnections(socket);
    // The library ends the connection itself after CLOSE_TIMEOUT; the margin covers a bug.
    if (await(closed, CLOSE_TIMEOUT.toMillis() + MARGIN_MS)) {
      return closed.join();
    }
    socket.terminate();
    if (await(closed, MARGIN_MS)) {
      return closed.join();
    }
    err.println("ippo connect: the connection did not end");
    return null;
  }

  /** Waits for {@code future} up to {@code millis}; tells whether it completed. */
  private static boolean await(CompletableFuture<?> future, long millis)
      throws InterruptedException {
    try {
      future.get(millis, TimeUnit.MILLISECONDS);
      return true;
    } catch (TimeoutException e) {
      return false;
    } catch (ExecutionException e) {
      // Nothing here completes exceptionally; counted as done all the same.
      return true;
    }
  }
}
