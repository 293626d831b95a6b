package dev.ippo.cli;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A JDK {@code java.net.http.WebSocket} client that queues whole messages: a
 * {@code String} for text, a {@code byte[]} for binary. Thread safe.
 */
final class TestClient implements WebSocket.Listener, AutoCloseable {
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private final BlockingQueue<Object> messages = new LinkedBlockingQueue<>();
  private final CompletableFuture<Integer> closed = new CompletableFuture<>();
  // Touched by the JDK's listener calls, which never overlap.
  private final StringBuilder text = new StringBuilder();
  private final ByteArrayOutputStream binary = new ByteArrayOutputStream();
  private WebSocket ws;

  static TestClient connect(int port) throws Exception {
    TestClient client = new TestClient();
    client.ws = HTTP.newWebSocketBuilder()
        .buildAsync(URI.create("ws://127.0.0.1:" + port + "/"), client)
        .get(5, TimeUnit.SECONDS);
    return client;
  }

  void send(String message) throws Exception {
    ws.sendText(message, true).get(5, TimeUnit.SECONDS);
  }

  void send(byte[] message) throws Exception {
    ws.sendBinary(ByteBuffer.wrap(message), true).get(5, TimeUnit.SECONDS);
  }

  /** The next message, a String or a byte[], waiting up to 5 seconds. */
  Object next() throws InterruptedException {
    Object message = messages.poll(5, TimeUnit.SECONDS);
    if (message == null) {
      fail("no message within 5 s");
    }
    return message;
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
      ws.sendClose(1000, "bye").get(5, TimeUnit.SECONDS);
    }
    closed.get(5, TimeUnit.SECONDS);
  }
}
