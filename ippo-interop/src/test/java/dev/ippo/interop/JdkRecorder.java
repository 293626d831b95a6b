package dev.ippo.interop;

import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Turns what the JDK delivers into one line per whole message or control frame, such as
 * {@code text:...}, {@code binary:<sha256>}, {@code ping:...}, {@code close:<code>:<reason>}.
 * Thread safe: the JDK calls it one event at a time, the test reads the queue.
 */
final class JdkRecorder implements WebSocket.Listener {
  private final long waitSeconds;
  private final BlockingQueue<String> events = new LinkedBlockingQueue<>();
  private final StringBuilder text = new StringBuilder();
  private java.io.ByteArrayOutputStream binary = new java.io.ByteArrayOutputStream();

  /** @param waitSeconds how long {@link #next} waits for an event */
  JdkRecorder(long waitSeconds) {
    this.waitSeconds = waitSeconds;
  }

  /** The next event, waiting up to the recorder's time for it. */
  String next() throws InterruptedException {
    String e = events.poll(waitSeconds, TimeUnit.SECONDS);
    if (e == null) {
      throw new AssertionError("no event from the JDK client within " + waitSeconds + " s");
    }
    return e;
  }

  @Override
  public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
    text.append(data);
    if (last) {
      events.add("text:" + text);
      text.setLength(0);
    }
    ws.request(1);
    return null;
  }

  @Override
  public CompletionStage<?> onBinary(WebSocket ws, ByteBuffer data, boolean last) {
    byte[] part = new byte[data.remaining()];
    data.get(part);
    binary.writeBytes(part);
    if (last) {
      events.add("binary:" + InteropData.sha256(binary.toByteArray()));
      binary = new java.io.ByteArrayOutputStream();
    }
    ws.request(1);
    return null;
  }

  @Override
  public CompletionStage<?> onPing(WebSocket ws, ByteBuffer message) {
    events.add("ping:" + StandardCharsets.UTF_8.decode(message));
    ws.request(1);
    return null;
  }

  @Override
  public CompletionStage<?> onPong(WebSocket ws, ByteBuffer message) {
    events.add("pong:" + StandardCharsets.UTF_8.decode(message));
    ws.request(1);
    return null;
  }

  @Override
  public CompletionStage<?> onClose(WebSocket ws, int code, String reason) {
    events.add("close:" + code + ":" + reason);
    return CompletableFuture.completedFuture(null);
  }

  @Override
  public void onError(WebSocket ws, Throwable error) {
    events.add("error:" + error);
  }
}
