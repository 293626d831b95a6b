package dev.ippo;

import dev.ippo.internal.codec.ClientHandshake;
import dev.ippo.internal.codec.DeflateNegotiation;
import dev.ippo.internal.codec.HandshakeException;
import dev.ippo.internal.codec.HttpHeadReader;
import dev.ippo.internal.codec.HttpResponse;
import dev.ippo.internal.transport.Cancellable;
import dev.ippo.internal.transport.EventLoop;
import dev.ippo.internal.transport.EventLoopGroup;
import dev.ippo.internal.transport.SocketConnection;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.util.concurrent.CompletableFuture;

/**
 * The client's way from a URL to an open connection: name look-up (off the loop, since it
 * may block), TCP connect, the opening handshake within handshakeTimeout. Then it hands the
 * socket to the {@link WebSocket}.
 *
 * <p>Thread safety: {@link #start} and {@link #abort} from any thread; the rest runs on the
 * connection's loop thread.
 */
final class ClientConnector implements SocketConnection.Handler {
  private static final SecureRandom KEYS = new SecureRandom();

  private final WebSocket ws;
  private final URI uri;
  private final WebSocketOptions options;
  private final EventLoop loop;
  private final String key = ClientHandshake.newKey(KEYS);
  private final HttpHeadReader headReader = new HttpHeadReader(64 * 1024);
  private SocketConnection socket;
  private Cancellable timeout;
  private boolean done;

  ClientConnector(WebSocket ws, EventLoop loop, URI uri, WebSocketOptions options) {
    this.ws = ws;
    this.loop = loop;
    this.uri = uri;
    this.options = options;
  }

  /** Checks the URL as the browser does, and turns http(s) into ws(s). */
  static URI checkUrl(URI url) {
    String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase();
    if (scheme.equals("http") || scheme.equals("https")) {
      url = URI.create(url.toString().replaceFirst("^[hH][tT][tT][pP]", "ws"));
      scheme = url.getScheme().toLowerCase();
    }
    if (!scheme.equals("ws") && !scheme.equals("wss")) {
      throw new IllegalArgumentException("not a WebSocket URL (ws:// or wss://): " + url);
    }
    if (scheme.equals("wss")) {
      throw new IllegalArgumentException("wss:// (TLS) is not supported yet: " + url);
    }
    if (url.getRawFragment() != null) {
      throw new IllegalArgumentException("a WebSocket URL has no fragment: " + url);
    }
    if (url.getHost() == null) {
      throw new IllegalArgumentException("no host in " + url);
    }
    return url;
  }

  void start() {
    timeout = loop.schedule(() -> fail("the opening handshake timed out after "
        + options.handshakeTimeout().toMillis() + " ms", null), options.handshakeTimeout().toMillis());
    String host = uri.getHost();
    int port = uri.getPort() == -1 ? 80 : uri.getPort();
    CompletableFuture.supplyAsync(() -> resolve(host))
        .whenComplete((address, error) -> loop.execute(() -> connect(address, port, error)));
  }

  private static InetAddress resolve(String host) {
    try {
      String bare = host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
      return InetAddress.getByName(bare);
    } catch (UnknownHostException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private void connect(InetAddress address, int port, Throwable error) {
    if (done) {
      return;
    }
    if (error != null) {
      fail("cannot resolve " + uri.getHost(), error.getCause() != null ? error.getCause() : error);
      return;
    }
    try {
      socket = SocketConnection.connect(loop, new InetSocketAddress(address, port), this);
    } catch (IOException e) {
      fail("cannot connect to " + uri.getHost() + ":" + port + ": " + e.getMessage(), e);
    }
  }

  /**
   * Gives up: the close() or terminate() of a connection that was not open when it was
   * called. The handshake may have ended on the loop in the meantime: then {@code ifEnded}
   * runs instead (closing the connection that just opened, or nothing if it failed).
   */
  void abort(String why, Runnable ifEnded) {
    loop.execute(() -> {
      if (done) {
        ifEnded.run();
      } else {
        fail(why, null);
      }
    });
  }

  @Override
  public void onConnected() {
    PerMessageDeflate deflate = options.perMessageDeflate();
    String offer = deflate == null ? null : DeflateNegotiation.offer(deflate.parameters());
    socket.write(ClientHandshake.request(uri, key, options.protocols(), offer, options.headers()));
  }

  @Override
  public void onRead(ByteBuffer data) {
    if (done) {
      data.position(data.limit());
      return;
    }
    ByteBuffer head;
    HttpResponse response;
    ClientHandshake.Result result;
    try {
      head = headReader.read(data);
      if (head == null) {
        return;
      }
      response = HttpResponse.parse(head);
      PerMessageDeflate deflate = options.perMessageDeflate();
      result = ClientHandshake.validate(response, key, options.protocols(),
          deflate == null ? null : deflate.parameters());
    } catch (HandshakeException e) {
      String message = e.status() != 0 && e.status() != 101
          ? "the server refused the connection: HTTP " + e.status() + " (" + e.getMessage() + ")"
          : "invalid opening handshake: " + e.getMessage();
      fail(message, e);
      return;
    }
    done = true;
    timeout.cancel();
    ByteBuffer leftover = ByteBuffer.allocate(data.remaining()).put(data).flip();
    ws.open(socket, null, result.protocol(), result.extensions(), result.deflate(), leftover,
        null);
  }

  @Override
  public void onClosed(Exception cause) {
    if (!done) {
      String message = cause == null
          ? "the server closed the connection during the opening handshake"
          : "cannot connect to " + uri.getHost() + ": " + cause.getMessage();
      fail(message, cause);
    }
  }

  private void fail(String message, Throwable cause) {
    if (done) {
      return;
    }
    done = true;
    timeout.cancel();
    if (socket != null) {
      socket.close();
    }
    ws.connectFailed(message, cause);
  }

  /** The event loops shared by every client connection: daemon threads, started on first use. */
  static final class ClientLoops {
    private ClientLoops() {}

    private static final class Holder {
      static final EventLoopGroup GROUP = new EventLoopGroup("ippo-client",
          Math.max(1, Math.min(2, Runtime.getRuntime().availableProcessors())), true);
    }

    static EventLoop next() {
      return Holder.GROUP.next();
    }
  }
}
