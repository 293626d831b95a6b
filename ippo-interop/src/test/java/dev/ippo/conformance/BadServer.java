package dev.ippo.conformance;

import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;

/**
 * A WebSocket server made of a blocking {@link ServerSocket} and nothing else, for testing
 * clients: it answers the opening handshake by hand (right or wrong, as the test says) and
 * then writes whatever bytes a misbehaving server would, and reads the client's frames back.
 *
 * <p>Not thread safe: one test thread.
 */
final class BadServer implements Closeable {
  private static final int MAX_HEAD_BYTES = 64 * 1024;

  /**
   * When set (by {@link ClientTlsConformanceTest}), every bad server speaks TLS with this
   * context, under the same bad WebSocket: the client cases then run over {@code wss://}.
   */
  private static volatile SSLContext tls;

  private final ServerSocket listener;

  private BadServer(ServerSocket listener) {
    this.listener = listener;
  }

  /** Speak TLS with {@code context} from now on, or plain TCP again with null. */
  static void useTls(SSLContext context) {
    tls = context;
  }

  /** Whether the bad servers speak TLS now. */
  static boolean speaksTls() {
    return tls != null;
  }

  static BadServer start() throws IOException {
    ServerSocket listener = new ServerSocket();
    listener.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    return new BadServer(listener);
  }

  int port() {
    return listener.getLocalPort();
  }

  /** The ws:// URL of this server, or wss:// (to the name its certificate holds) with TLS. */
  String url() {
    return tls == null ? "ws://127.0.0.1:" + port() + "/" : "wss://localhost:" + port() + "/";
  }

  /** Waits for the client's TCP connection. */
  Peer accept(Duration timeout) throws IOException {
    listener.setSoTimeout((int) timeout.toMillis());
    Socket socket = listener.accept();
    socket.setTcpNoDelay(true);
    SSLContext context = tls;
    if (context == null) {
      return new Peer(socket);
    }
    SSLSocket secure = (SSLSocket) context.getSocketFactory().createSocket(
        socket, socket.getInetAddress().getHostAddress(), socket.getPort(), true);
    secure.setUseClientMode(false);
    secure.setSoTimeout((int) timeout.toMillis());
    secure.startHandshake();
    secure.setSoTimeout(0);
    return new Peer(secure);
  }

  @Override
  public void close() throws IOException {
    listener.close();
  }

  /** One accepted client connection. Not thread safe. */
  static final class Peer implements Closeable {
    private final Socket socket;
    private final OutputStream out;
    private final SocketInput input;

    private Peer(Socket socket) throws IOException {
      this.socket = socket;
      this.out = socket.getOutputStream();
      this.input = new SocketInput(socket);
    }

    /** The client's opening handshake request. */
    HttpHead readRequest(long deadlineNanos) throws IOException {
      return HttpHead.parse(input.readHead(deadlineNanos, MAX_HEAD_BYTES));
    }

    /**
     * Answers 101 with the accept key computed from {@code acceptKeyFrom} (normally the
     * request's own key) and any further header lines, each ending in CRLF.
     */
    void answer101(String acceptKeyFrom, String extraLines) throws IOException {
      write(("HTTP/1.1 101 Switching Protocols\r\n"
          + "Upgrade: websocket\r\n"
          + "Connection: Upgrade\r\n"
          + "Sec-WebSocket-Accept: " + HttpHead.acceptFor(acceptKeyFrom) + "\r\n"
          + extraLines
          + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
    }

    /** Reads the request and accepts it correctly; returns the request. */
    HttpHead acceptHandshake(long deadlineNanos) throws IOException {
      HttpHead request = readRequest(deadlineNanos);
      answer101(request.header("Sec-WebSocket-Key"), "");
      return request;
    }

    void write(byte[] bytes) throws IOException {
      out.write(bytes);
      out.flush();
    }

    /** The client's next frame, or null when it closed the TCP connection. */
    Frame nextFrame(long deadlineNanos) throws IOException {
      return input.nextFrame(deadlineNanos);
    }

    /** Whether the client closes the connection, with nothing more sent, by the deadline. */
    boolean awaitEof(long deadlineNanos) throws IOException {
      return input.awaitEof(deadlineNanos);
    }

    /** Closes the TCP connection, as a server does at the end of a closing handshake. */
    void closeConnection() throws IOException {
      socket.close();
    }

    @Override
    public void close() throws IOException {
      closeConnection();
    }
  }
}
