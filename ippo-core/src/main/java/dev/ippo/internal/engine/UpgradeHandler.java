package dev.ippo.internal.engine;

import dev.ippo.VerifyClient;
import dev.ippo.HttpResponder;

import dev.ippo.internal.codec.DeflateNegotiation;
import dev.ippo.internal.codec.ExtensionHeader;
import dev.ippo.internal.codec.HandshakeException;
import dev.ippo.http.Headers;
import dev.ippo.internal.codec.HttpHeadReader;
import dev.ippo.http.HttpRequest;
import dev.ippo.internal.codec.HttpRequestParser;
import dev.ippo.internal.codec.ServerHandshake;
import dev.ippo.internal.fault.SafeLogger;
import dev.ippo.internal.transport.Cancellable;
import dev.ippo.internal.transport.Loop;
import dev.ippo.internal.transport.Transport;
import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One accepted connection before it is a WebSocket: reads the request head within
 * handshakeTimeout, then answers it: plain HTTP to the {@code HttpHandler} (or 426), a bad
 * upgrade with its status, a good one (after verifyClient) with 101 and a {@link Connection}
 * that the {@link Host} is told of before it opens.
 *
 * <p>Runs on the connection's loop thread; verdicts and HTTP answers may come from any
 * thread and are moved onto it.
 */
public final class UpgradeHandler implements Transport.Handler {
  private static final System.Logger LOG = SafeLogger.get("dev.ippo.WebSocketServer");

  /** The server an upgrade belongs to, as the engine sees it. */
  public interface Host {
    /**
     * A handshake is about to succeed: {@code connection} opens right after this returns,
     * before its 101 leaves, so the host must {@link Connection#listen} to it now (and from
     * now on close it with the server).
     */
    void accepting(Connection connection, HttpRequest request);
  }

  private final Host host;
  private final ServerContext server;
  private final ServerSettings options;
  private final Loop loop;
  /** Whether the handshake was counted out of the server's bound already. */
  private boolean ended;
  private final HttpHeadReader headReader;
  private Transport socket;
  private Cancellable timeout;
  /** Bytes after the head (a client that did not wait for 101), kept for the frame reader. */
  private ByteBuffer leftover;
  private boolean headDone;
  /** The permessage-deflate agreed for this handshake, or null. */
  private DeflateNegotiation.Accepted deflate;

  public UpgradeHandler(Host host, ServerContext server, Loop loop) {
    this.host = host;
    this.server = server;
    this.options = server.settings();
    this.loop = loop;
    this.headReader = new HttpHeadReader(options.maxHeaderSize());
  }

  /** Starts the handshake's clock on the transport just accepted. Loop thread. */
  public void attach(Transport socket) {
    this.socket = socket;
    this.timeout = loop.schedule(this::timedOut, handshakeMillis());
  }

  private long handshakeMillis() {
    return options.connection().handshakeTimeout().toMillis();
  }

  @Override
  public void onRead(ByteBuffer data) {
    if (headDone) {
      keep(data);
      return;
    }
    ByteBuffer head;
    HttpRequest request;
    try {
      head = headReader.read(data);
      if (head == null) {
        return;
      }
      headDone = true;
      keep(data);
      request = HttpRequestParser.parse(head).withRemoteAddress(socket.remoteAddress())
          .withClientCertificates(socket.peerCertificates());
    } catch (HandshakeException e) {
      headDone = true;
      refuse(e.status(), e.getMessage(), e.headers());
      return;
    }
    route(request);
  }

  @Override
  public void onClosed(Exception cause) {
    if (timeout != null) {
      timeout.cancel();
    }
    ended();
  }

  /** The handshake is over, whichever way: it no longer counts against the bound. */
  private void ended() {
    if (!ended) {
      ended = true;
      server.handshakeEnded();
    }
  }

  private void keep(ByteBuffer data) {
    if (!data.hasRemaining()) {
      return;
    }
    int kept = leftover == null ? 0 : leftover.remaining();
    if (kept + data.remaining() > options.maxHeaderSize()) {
      refuse(400, "data before the handshake completed", null);
      data.position(data.limit());
      return;
    }
    ByteBuffer grown = ByteBuffer.allocate(kept + data.remaining());
    if (leftover != null) {
      grown.put(leftover);
    }
    leftover = grown.put(data).flip();
  }

  private void route(HttpRequest request) {
    if (refusedWhileDraining()) {
      return;
    }
    if (!ServerHandshake.isUpgrade(request)) {
      answerHttp(request);
      return;
    }
    if (options.path() != null && !options.path().equals(request.path())) {
      if (options.httpHandler() != null) {
        answerHttp(request);
      } else {
        refuse(400, "no WebSocket endpoint at " + request.path(), null);
      }
      return;
    }
    String key;
    try {
      key = ServerHandshake.validate(request);
      DeflateConfig accepted = options.connection().deflate();
      if (accepted != null) {
        deflate = DeflateNegotiation.negotiateServer(
            ExtensionHeader.parse(request.headers().all("Sec-WebSocket-Extensions"), 400),
            accepted.parameters());
      }
    } catch (HandshakeException e) {
      refuse(e.status(), e.getMessage(), e.headers());
      return;
    }
    if (options.verifyClient() == null) {
      accept(request, key);
      return;
    }
    socket.setReading(false);
    AtomicBoolean answered = new AtomicBoolean();
    VerifyClient.Verdict verdict = new VerifyClient.Verdict() {
      @Override
      public void accept() {
        if (answered.compareAndSet(false, true)) {
          loop.runInLoop(() -> {
            socket.setReading(true);
            UpgradeHandler.this.accept(request, key);
          });
        }
      }

      @Override
      public void reject(int status, String message, Headers headers) {
        if (answered.compareAndSet(false, true)) {
          loop.runInLoop(() -> refuse(status, message == null ? "" : message, headers));
        }
      }
    };
    try {
      options.verifyClient().verify(request, verdict);
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "verifyClient threw; refusing with 500", e);
      verdict.reject(500, "", null);
    }
  }

  private void accept(HttpRequest request, String key) {
    if (socket.isClosed() || refusedWhileDraining()) {
      return;
    }
    List<String> offered = ServerHandshake.offeredProtocols(request);
    String protocol = null;
    if (!offered.isEmpty()) {
      protocol = options.handleProtocols().apply(offered, request);
      if (protocol != null && !offered.contains(protocol)) {
        LOG.log(Level.WARNING, "handleProtocols chose " + protocol + ", which the client did not"
            + " offer; answering without a subprotocol");
        protocol = null;
      }
    }
    timeout.cancel();
    Connection connection = Connection.server("ws://" + hostOf(request) + request.target(),
        loop, server);
    // Told before the 101 leaves, so a server.close() right after the client sees it
    // still finds this connection.
    host.accepting(connection, request);
    server.counters().handshakesAccepted.increment();
    ended();
    ByteBuffer rest = leftover;
    leftover = null;
    String extensions = deflate == null ? null : deflate.header();
    connection.open(socket, ServerHandshake.accept(key, protocol, extensions, null), protocol,
        extensions, deflate == null ? null : deflate.parameters(), rest);
  }

  private static String hostOf(HttpRequest request) {
    String host = request.header("Host");
    return host == null ? "localhost" : host;
  }

  private void answerHttp(HttpRequest request) {
    timeout.cancel();
    if (options.httpHandler() == null) {
      refuse(426, "this is a WebSocket endpoint", new Headers()
          .add("Upgrade", "websocket")
          .add("Sec-WebSocket-Version", "13"));
      return;
    }
    AtomicBoolean answered = new AtomicBoolean();
    HttpResponder responder = (status, headers, body) -> {
      if (answered.compareAndSet(false, true)) {
        loop.runInLoop(() -> {
          socket.write(ServerHandshake.response(status, headers, body));
          socket.closeAfterWrites();
        });
      }
    };
    try {
      options.httpHandler().handle(request, responder);
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "the HTTP handler threw on " + request.method() + " "
          + request.target() + "; answering 500", e);
      responder.send(500, "text/plain", new byte[0]);
    }
  }

  /**
   * A server that shuts down answers 503, so that a load balancer sends the client to
   * another and a client that retries waits (a closed port would say neither).
   */
  private boolean refusedWhileDraining() {
    if (!server.draining()) {
      return false;
    }
    refuse(503, "the server is shutting down",
        new Headers().add("Retry-After", Long.toString(server.drainRetryAfter())));
    return true;
  }

  private void refuse(int status, String why, Headers headers) {
    timeout.cancel();
    server.counters().refused(status);
    JfrEvents.handshakeRefused(socket::remoteAddress, status, why);
    server.log().log(SummaryLog.Kind.HANDSHAKE_REFUSED, loop,
        () -> "handshake from " + socket.remoteAddress() + " refused: " + status + " " + why);
    socket.write(ServerHandshake.reject(status, why, headers == null ? new Headers() : headers));
    socket.closeAfterWrites();
  }

  private void timedOut() {
    server.counters().handshakesTimedOut.increment();
    if (!headDone) {
      server.log().log(SummaryLog.Kind.HANDSHAKE_TIMED_OUT, loop,
          () -> "handshake from " + socket.remoteAddress() + " timed out after "
              + handshakeMillis() + " ms");
    }
    socket.close();
  }
}
