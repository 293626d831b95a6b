package dev.ippo.conformance;

import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

/**
 * A WebSocket client made of a blocking {@link Socket} and nothing else: it does the opening
 * handshake by hand, writes whatever bytes a case asks for (valid frames or not, whole or in
 * chunks) and reads back frames and the TCP close.
 *
 * <p>Not thread safe, except that one background write ({@link #writeInBackground}) may run
 * while the owning thread reads.
 */
final class RawClient implements Closeable {
  private static final int MAX_HEAD_BYTES = 16 * 1024;

  private final Socket socket;
  private final OutputStream out;
  private final SocketInput input;
  private HttpHead response;

  private RawClient(Socket socket) throws IOException {
    this.socket = socket;
    this.out = socket.getOutputStream();
    this.input = new SocketInput(socket);
  }

  /** A TCP connection with no handshake yet, for the handshake cases. */
  static RawClient connectTcp(String host, int port, Duration timeout) throws IOException {
    return connect(host, port, timeout, null);
  }

  /** A connection with no WebSocket handshake yet: TCP, or TLS over it when {@code tls}. */
  private static RawClient connect(String host, int port, Duration timeout,
      SSLSocketFactory tls) throws IOException {
    Socket socket = new Socket();
    try {
      socket.setTcpNoDelay(true);
      socket.connect(new InetSocketAddress(host, port), (int) timeout.toMillis());
      if (tls == null) {
        return new RawClient(socket);
      }
      SSLSocket secure = (SSLSocket) tls.createSocket(socket, host, port, true);
      secure.setSoTimeout((int) timeout.toMillis());
      secure.startHandshake();
      secure.setSoTimeout(0);
      return new RawClient(secure);
    } catch (IOException e) {
      socket.close();
      throw e;
    }
  }

  /**
   * Connects and completes the opening handshake on {@code path}.
   *
   * @throws IOException when the server does not answer 101 with the right accept key
   */
  static RawClient open(String host, int port, String path, Duration timeout)
      throws IOException {
    return open(host, port, RequestHead.upgrade(host, port, path), timeout);
  }

  /**
   * Connects, sends {@code request} and checks the answer is 101 with the accept key that
   * matches the request's Sec-WebSocket-Key.
   */
  static RawClient open(String host, int port, RequestHead request, Duration timeout)
      throws IOException {
    return open(host, port, request, timeout, null);
  }

  /** As {@link #open(String, int, RequestHead, Duration)}, over TLS when {@code tls}. */
  static RawClient open(String host, int port, RequestHead request, Duration timeout,
      SSLSocketFactory tls) throws IOException {
    RawClient client = connect(host, port, timeout, tls);
    try {
      client.write(request.bytes());
      HttpHead response = client.readHead(System.nanoTime() + timeout.toNanos());
      if (response.status() != 101) {
        throw new IOException("handshake answered " + response);
      }
      String accept = response.header("Sec-WebSocket-Accept");
      if (!HttpHead.acceptFor(request.header("Sec-WebSocket-Key")).equals(accept)) {
        throw new IOException("wrong Sec-WebSocket-Accept: " + accept);
      }
      client.response = response;
      return client;
    } catch (IOException | RuntimeException e) {
      client.close();
      throw e;
    }
  }

  /** The server's 101 answer, once {@link #open} has completed the handshake. */
  HttpHead response() {
    return response;
  }

  /** Reads an HTTP response head. */
  HttpHead readHead(long deadlineNanos) throws IOException {
    return HttpHead.parse(input.readHead(deadlineNanos, MAX_HEAD_BYTES));
  }

  void write(byte[] bytes) throws IOException {
    out.write(bytes);
    out.flush();
  }

  /**
   * Writes {@code bytes} in pieces of {@code chunk} bytes with a pause after each, so that the
   * peer sees them arrive separately (TCP_NODELAY is on).
   */
  void writeChunked(byte[] bytes, int chunk, Duration pause) throws IOException,
      InterruptedException {
    for (int at = 0; at < bytes.length; at += chunk) {
      out.write(bytes, at, Math.min(chunk, bytes.length - at));
      out.flush();
      if (!pause.isZero()) {
        // Traffic shaping, not synchronisation: the point is that the bytes arrive apart.
        Thread.sleep(pause.toMillis());
      }
    }
  }

  /** Writes pieces one after another on a thread of their own while the caller reads. */
  CompletableFuture<Void> writeInBackground(Iterable<byte[]> pieces) {
    CompletableFuture<Void> done = new CompletableFuture<>();
    Thread writer = new Thread(() -> {
      try {
        for (byte[] piece : pieces) {
          out.write(piece);
        }
        out.flush();
        done.complete(null);
      } catch (IOException | RuntimeException e) {
        done.completeExceptionally(e);
      }
    }, "raw-client-writer");
    writer.setDaemon(true);
    writer.start();
    return done;
  }

  /** The next frame, or null when the server closed the TCP connection. */
  Frame nextFrame(long deadlineNanos) throws IOException {
    return input.nextFrame(deadlineNanos);
  }

  /** Whether the server closes the connection, with nothing more sent, by the deadline. */
  boolean awaitEof(long deadlineNanos) throws IOException {
    return input.awaitEof(deadlineNanos);
  }

  /** Drops whatever was read and not taken, e.g. the body of an HTTP error response. */
  void skipBuffered() {
    input.skipBuffered();
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
