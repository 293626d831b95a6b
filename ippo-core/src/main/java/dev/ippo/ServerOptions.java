package dev.ippo;

import dev.ippo.http.HttpRequest;
import java.time.Duration;
import java.util.List;
import java.util.function.BiFunction;
import java.util.function.Predicate;

/**
 * The options of a {@link WebSocketServer}, those of Node's {@code ws} where it has them.
 *
 * <p>Immutable; thread safe.
 */
public final class ServerOptions {
  final String host;
  final int port;
  final int backlog;
  final String path;
  final VerifyClient verifyClient;
  final BiFunction<List<String>, HttpRequest, String> handleProtocols;
  final boolean clientTracking;
  final long maxPayload;
  final boolean autoPong;
  final Duration closeTimeout;
  final Duration handshakeTimeout;
  final boolean noServer;
  final HttpHandler httpHandler;
  final int maxHeaderSize;
  final long highWaterMark;
  final int eventLoops;
  final PerMessageDeflate perMessageDeflate;
  final Broker broker;

  private ServerOptions(Builder b) {
    this.host = b.host;
    this.port = b.port;
    this.backlog = b.backlog;
    this.path = b.path;
    this.verifyClient = b.verifyClient;
    this.handleProtocols = b.handleProtocols;
    this.clientTracking = b.clientTracking;
    this.maxPayload = b.maxPayload;
    this.autoPong = b.autoPong;
    this.closeTimeout = b.closeTimeout;
    this.handshakeTimeout = b.handshakeTimeout;
    this.noServer = b.noServer;
    this.httpHandler = b.httpHandler;
    this.maxHeaderSize = b.maxHeaderSize;
    this.highWaterMark = b.highWaterMark;
    this.eventLoops = b.eventLoops;
    this.perMessageDeflate = b.perMessageDeflate;
    this.broker = b.broker;
  }

  static Builder builder() {
    return new Builder();
  }

  /** Builds a {@link WebSocketServer}. Not thread safe. */
  public static final class Builder {
    private String host = null;
    private int port = 0;
    private int backlog = 511;
    private String path = null;
    private VerifyClient verifyClient = null;
    private BiFunction<List<String>, HttpRequest, String> handleProtocols =
        (offered, request) -> offered.isEmpty() ? null : offered.get(0);
    private boolean clientTracking = true;
    private long maxPayload = Limits.MAX_PAYLOAD;
    private boolean autoPong = true;
    private Duration closeTimeout = Limits.CLOSE_TIMEOUT;
    private Duration handshakeTimeout = Limits.HANDSHAKE_TIMEOUT;
    private boolean noServer = false;
    private HttpHandler httpHandler = null;
    private int maxHeaderSize = Limits.MAX_HEADER_SIZE;
    private long highWaterMark = Limits.HIGH_WATER_MARK;
    private int eventLoops = Runtime.getRuntime().availableProcessors();
    private PerMessageDeflate perMessageDeflate = null;
    private Broker broker = null;

    private Builder() {}

    /** The address to bind. Default: every address (IPv6 and IPv4 where the system allows). */
    public Builder host(String host) {
      this.host = host;
      return this;
    }

    /** The port to bind; 0 picks a free one ({@link WebSocketServer#port()} tells). Default: 0. */
    public Builder port(int port) {
      if (port < 0 || port > 65535) {
        throw new IllegalArgumentException("port out of range: " + port);
      }
      this.port = port;
      return this;
    }

    /** The length of the queue of connections not yet accepted. Default: 511, as Node. */
    public Builder backlog(int backlog) {
      this.backlog = (int) Limits.positive(backlog, "backlog");
      return this;
    }

    /**
     * Accept upgrades only on this path (the query does not count); other paths get 400,
     * or go to the {@link #httpHandler}. Default: every path.
     */
    public Builder path(String path) {
      this.path = path;
      return this;
    }

    /** Accepts or refuses each handshake (refusal: 401). Default: accept all. */
    public Builder verifyClient(Predicate<HttpRequest> verify) {
      this.verifyClient = (request, verdict) -> {
        if (verify.test(request)) {
          verdict.accept();
        } else {
          verdict.reject(401);
        }
      };
      return this;
    }

    /** Accepts or refuses each handshake, possibly later, with a status of its choice. */
    public Builder verifyClient(VerifyClient verify) {
      this.verifyClient = verify;
      return this;
    }

    /**
     * Chooses the subprotocol from those the client offers (never called when it offers
     * none); null chooses none. Default: the first offered, as Node's ws.
     */
    public Builder handleProtocols(BiFunction<List<String>, HttpRequest, String> choose) {
      this.handleProtocols = choose;
      return this;
    }

    /** Whether {@link WebSocketServer#clients()} keeps the open connections. Default: true. */
    public Builder clientTracking(boolean on) {
      this.clientTracking = on;
      return this;
    }

    /** The largest message accepted; a larger one closes with 1009. Default: 64 MiB. */
    public Builder maxPayload(long bytes) {
      this.maxPayload = Limits.positive(bytes, "maxPayload");
      return this;
    }

    /** Whether pings are answered with pongs automatically. Default: true. */
    public Builder autoPong(boolean on) {
      this.autoPong = on;
      return this;
    }

    /** How long to wait for the peer's close frame before dropping it. Default: 30 s. */
    public Builder closeTimeout(Duration timeout) {
      this.closeTimeout = Limits.positive(timeout, "closeTimeout");
      return this;
    }

    /** How long a client has to complete the handshake. Default: 10 s. */
    public Builder handshakeTimeout(Duration timeout) {
      this.handshakeTimeout = Limits.positive(timeout, "handshakeTimeout");
      return this;
    }

    /**
     * Do not listen: connections come only through
     * {@link WebSocketServer#handleUpgrade}. Default: false.
     */
    public Builder noServer(boolean on) {
      this.noServer = on;
      return this;
    }

    /** Answers plain HTTP requests on the same port. Default: 426 Upgrade Required. */
    public Builder httpHandler(HttpHandler handler) {
      this.httpHandler = handler;
      return this;
    }

    /** The largest request head (request line and header fields); beyond it, 431. Default: 8 KiB. */
    public Builder maxHeaderSize(int bytes) {
      this.maxHeaderSize = (int) Limits.positive(bytes, "maxHeaderSize");
      return this;
    }

    /**
     * Bytes queued for one client beyond which it is too slow: it is dropped at once (a
     * close frame could not reach it), with an error event naming this limit and a close
     * event with 1006. Watch {@code bufferedAmount()} and {@code onDrain} to stay below it.
     * Default: 64 MiB.
     */
    public Builder highWaterMark(long bytes) {
      this.highWaterMark = Limits.positive(bytes, "highWaterMark");
      return this;
    }

    /** The number of event loop threads. Default: one per core. */
    public Builder eventLoops(int threads) {
      this.eventLoops = (int) Limits.positive(threads, "eventLoops");
      return this;
    }

    /**
     * permessage-deflate: accepted when a client offers it, with these settings; null turns
     * it off. Default: off, as in ws. Offers the server cannot honour are declined, and a
     * malformed offer gets 400.
     *
     * <pre>{@code
     * WebSocketServer.builder().perMessageDeflate(PerMessageDeflate.DEFAULTS)
     * }</pre>
     */
    public Builder perMessageDeflate(PerMessageDeflate deflate) {
      this.perMessageDeflate = deflate;
      return this;
    }

    /** permessage-deflate with {@link PerMessageDeflate#DEFAULTS}, or off. */
    public Builder perMessageDeflate(boolean on) {
      return perMessageDeflate(on ? PerMessageDeflate.DEFAULTS : null);
    }

    /**
     * What carries topic messages to and from other servers (see {@link Broker}); null, the
     * default, gives the server an {@link InProcessBroker} of its own, which relays nothing.
     *
     * <pre>{@code
     * WebSocketServer.builder().broker(RedisBroker.create("redis://127.0.0.1:6379"))
     * }</pre>
     */
    public Builder broker(Broker broker) {
      this.broker = broker;
      return this;
    }

    /** The server, not yet started. */
    public WebSocketServer build() {
      return new WebSocketServer(new ServerOptions(this));
    }
  }
}
