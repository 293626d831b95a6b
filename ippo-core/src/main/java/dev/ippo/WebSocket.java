package dev.ippo;

import java.net.URI;
import java.nio.ByteBuffer;
import java.util.function.Consumer;

/**
 * One WebSocket connection, client or server end, with the browser's API.
 *
 * <pre>{@code
 * WebSocket ws = new WebSocket("ws://localhost:8080/chat", "chat");
 * ws.onOpen(e -> ws.send("hello"));
 * ws.onMessage(e -> System.out.println("received: " + e.text()));
 * ws.onClose(e -> System.out.println("closed " + e.code()));
 * }</pre>
 *
 * <p>Thread safety: every method may be called from any thread. Events of one connection
 * are delivered one at a time, in order, on that connection's event loop thread: a handler
 * that blocks stalls every connection of that loop, so hand long work to another thread.
 */
public class WebSocket {
  /** {@link ReadyState#CONNECTING}'s value. */
  public static final int CONNECTING = 0;
  /** {@link ReadyState#OPEN}'s value. */
  public static final int OPEN = 1;
  /** {@link ReadyState#CLOSING}'s value. */
  public static final int CLOSING = 2;
  /** {@link ReadyState#CLOSED}'s value. */
  public static final int CLOSED = 3;

  /**
   * Opens a client connection in the background; it returns at once in
   * {@link ReadyState#CONNECTING}. Register handlers right away: events are delivered only
   * after the constructor returns... (todo)
   */
  public WebSocket(String url, String... protocols) {
    this(URI.create(url), WebSocketOptions.builder().protocols(protocols).build());
  }

  public WebSocket(URI url, WebSocketOptions options) {
    throw new UnsupportedOperationException("todo");
  }

  public WebSocket onOpen(Consumer<OpenEvent> handler) {
    throw new UnsupportedOperationException("todo");
  }

  public WebSocket onMessage(Consumer<MessageEvent> handler) {
    throw new UnsupportedOperationException("todo");
  }

  public WebSocket onError(Consumer<ErrorEvent> handler) {
    throw new UnsupportedOperationException("todo");
  }

  public WebSocket onClose(Consumer<CloseEvent> handler) {
    throw new UnsupportedOperationException("todo");
  }

  /** Called with the payload of every ping the peer sends. */
  public WebSocket onPing(Consumer<byte[]> handler) {
    throw new UnsupportedOperationException("todo");
  }

  /** Called with the payload of every pong the peer sends. */
  public WebSocket onPong(Consumer<byte[]> handler) {
    throw new UnsupportedOperationException("todo");
  }

  /** Called when {@link #bufferedAmount()} falls back to zero after sends were queued. */
  public WebSocket onDrain(Runnable handler) {
    throw new UnsupportedOperationException("todo");
  }

  public <E> WebSocket addEventListener(EventType<E> type, Consumer<? super E> listener) {
    throw new UnsupportedOperationException("todo");
  }

  public <E> WebSocket removeEventListener(EventType<E> type, Consumer<? super E> listener) {
    throw new UnsupportedOperationException("todo");
  }

  public void send(String text) {
    throw new UnsupportedOperationException("todo");
  }

  public void send(byte[] data) {
    throw new UnsupportedOperationException("todo");
  }

  public void send(ByteBuffer data) {
    throw new UnsupportedOperationException("todo");
  }

  public void ping(byte[] payload) {
    throw new UnsupportedOperationException("todo");
  }

  public void pong(byte[] payload) {
    throw new UnsupportedOperationException("todo");
  }

  public void close() {
    throw new UnsupportedOperationException("todo");
  }

  public void close(int code, String reason) {
    throw new UnsupportedOperationException("todo");
  }

  public void terminate() {
    throw new UnsupportedOperationException("todo");
  }

  public void pause() {
    throw new UnsupportedOperationException("todo");
  }

  public void resume() {
    throw new UnsupportedOperationException("todo");
  }

  public ReadyState readyState() {
    throw new UnsupportedOperationException("todo");
  }

  public String url() {
    throw new UnsupportedOperationException("todo");
  }

  public String protocol() {
    throw new UnsupportedOperationException("todo");
  }

  public String extensions() {
    throw new UnsupportedOperationException("todo");
  }

  public long bufferedAmount() {
    throw new UnsupportedOperationException("todo");
  }

  public BinaryType binaryType() {
    throw new UnsupportedOperationException("todo");
  }

  public WebSocket binaryType(BinaryType type) {
    throw new UnsupportedOperationException("todo");
  }

  /** The peer's address, or null before it is known. */
  public java.net.InetSocketAddress remoteAddress() {
    throw new UnsupportedOperationException("todo");
  }
}
