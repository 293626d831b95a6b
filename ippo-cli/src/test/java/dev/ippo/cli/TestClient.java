package dev.ippo.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A JDK {@code java.net.http.WebSocket} client that queues whole messages (a {@code String}
 * for text, a {@code byte[]} for binary) and pongs. Every wait is bounded by 5 seconds.
 * Thread safe.
 */
public final class TestClient implements WebSocket.Listener, AutoCloseable {
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final long WAIT_SECONDS = 5;

  private final BlockingQueue<Object> messages = new LinkedBlockingQueue<>();
  private final BlockingQueue<String> pongs = new LinkedBlockingQueue<>();
  private final CompletableFuture<Integer> closed = new CompletableFuture<>();
  // Touched by the JDK's listener calls, which never overlap.
  private final StringBuilder text = new StringBuilder();
  private final ByteArrayOutputStream binary = new ByteArrayOutputStream();
  private WebSocket ws;

  static TestClient connect(int port) throws Exception {
    return connect(port, "/");
  }

  /** Connects to {@code ws://127.0.0.1:<port><path>}. */
  public static TestClient connect(int port, String path) throws Exception {
    TestClient client = new TestClient();
    client.ws = HTTP.newWebSocketBuilder()
        .buildAsync(URI.create("ws://127.0.0.1:" + port + path), client)
        .get(WAIT_SECONDS, TimeUnit.SECONDS);
    return client;
  }

  public void send(String message) throws Exception {
    ws.sendText(message, true).get(WAIT_SECONDS, TimeUnit.SECONDS);
  }

  public void send(byte[] message) throws Exception {
    ws.sendBinary(ByteBuffer.wrap(message), true).get(WAIT_SECONDS, TimeUnit.SECONDS);
  }

  /** The next message, a String or a byte[]. */
  public Object next() throws InterruptedException {
    Object message = messages.poll(WAIT_SECONDS, TimeUnit.SECONDS);
    if (message == null) {
      fail("no message within " + WAIT_SECONDS + " s");
    }
    return message;
  }

  /**
   * Sends a ping and waits for its pong. A server reads a connection's frames in order and
   * answers a ping only once every message before it was handled: a barrier.
   */
  public void sync(String tag) throws Exception {
    ws.sendPing(ByteBuffer.wrap(tag.getBytes(StandardCharsets.UTF_8)))
        .get(WAIT_SECONDS, TimeUnit.SECONDS);
    String pong = pongs.poll(WAIT_SECONDS, TimeUnit.SECONDS);
    assertEquals(tag, pong, "no pong within " + WAIT_SECONDS + " s");
  }

  /** Whether the connection is still open from this side. */
  public boolean isOpen() {
    return !closed.isDone() && !ws.isInputClosed();
  }

  @Override
  public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
    text.append(data);
    if (last) {
      messages.add(text.toString());
      text.setLength(0);
    }
    webSocket.request(1);
    return null;
  }

  @Override
  public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
    byte[] part = new byte[data.remaining()];
    data.get(part);
    binary.writeBytes(part);
    if (last) {
      messages.add(binary.toByteArray());
      binary.reset();
    }
    webSocket.request(1);
    return null;
  }

  @Override
  public CompletionStage<?> onPong(WebSocket webSocket, ByteBuffer message) {
    byte[] bytes = new byte[message.remaining()];
    message.get(bytes);
    pongs.add(new String(bytes, StandardCharsets.UTF_8));
    webSocket.request(1);
    return null;
  }

  @Override
  public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
    closed.complete(statusCode);
    return null;
  }

  @Override
  public void onError(WebSocket webSocket, Throwable error) {
    closed.completeExceptionally(error);
  }

  /** Closes with 1000 "bye" and waits for the server's close frame. */
  @Override
  public void close() throws Exception {
    if (!ws.isOutputClosed()) {
      ws.sendClose(1000, "bye").get(WAIT_SECONDS, TimeUnit.SECONDS);
    }
    closed.get(WAIT_SECONDS, TimeUnit.SECONDS);
  }
}
