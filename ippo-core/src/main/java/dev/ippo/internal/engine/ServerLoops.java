package dev.ippo.internal.engine;

import dev.ippo.Broker;
import dev.ippo.internal.fault.SafeLogger;
import dev.ippo.internal.tls.ReloadableContext;
import dev.ippo.internal.tls.TlsEngines;
import dev.ippo.internal.transport.Acceptor;
import dev.ippo.internal.transport.EventLoop;
import dev.ippo.internal.transport.EventLoopGroup;
import dev.ippo.internal.transport.Loop;
import dev.ippo.internal.transport.SocketConnection;
import dev.ippo.internal.transport.TlsTransport;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.security.GeneralSecurityException;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A started server's threads and listening socket: its event loops, its acceptor (none with
 * {@code noServer}), and each new TCP connection given an {@link UpgradeHandler} on the next
 * loop. What becomes of a handshake that succeeds is the {@link UpgradeHandler.Host}'s
 * business. Thread safe.
 */
public final class ServerLoops {
  private static final System.Logger LOG = SafeLogger.get("dev.ippo.WebSocketServer");

  private final ServerContext server;
  private final UpgradeHandler.Host host;
  private final EventLoopGroup loops;
  /** How late each loop runs, in the order of the loops. */
  private final List<LoopLag> lags;
  private final Acceptor acceptor;
  private volatile boolean accepting = true;
  /** What first ended a loop or the listener, or null while the server is whole. */
  private final AtomicReference<String> failure = new AtomicReference<>();
  /** The loop that looks at the TLS files, moved when it ends. */
  private volatile EventLoop tlsCheckLoop;

  private ServerLoops(ServerContext server, UpgradeHandler.Host host) throws IOException {
    this.server = server;
    this.host = host;
    ServerSettings settings = server.settings();
    this.loops = new EventLoopGroup("ippo-server", settings.eventLoops(), false);
    this.lags = loops.loops().stream().map(LoopLag::start).toList();
    loops.loops().forEach(server.counters().traffic()::countOn);
    for (EventLoop loop : loops.loops()) {
      loop.whenEnded(cause -> loopEnded(loop, cause));
      loop.whenUnexpected((line, cause) ->
          server.log().log(SummaryLog.Kind.UNEXPECTED_ERROR, loop, () -> line, cause));
    }
    if (settings.noServer()) {
      this.acceptor = null;
      return;
    }
    InetSocketAddress address = settings.host() == null
        ? new InetSocketAddress(settings.port())
        : new InetSocketAddress(settings.host(), settings.port());
    try {
      this.acceptor = Acceptor.bind(loops, address, settings.backlog(), new AcceptorEvents());
    } catch (IOException e) {
      loops.shutdown(1000);
      throw e;
    }
    ReloadableContext tls = settings.tls();
    if (tls != null && !tls.checkEvery().isZero()) {
      checkTlsFiles(loops.next(), tls);
    }
  }

  /** What the acceptor tells: new connections, and failures counted and summed up. */
  private final class AcceptorEvents implements Acceptor.Events {
    @Override
    public void accepted(SocketChannel channel) {
      ServerLoops.this.accepted(channel);
    }

    @Override
    public void failed(Throwable cause, long pausedMillis, EventLoop on) {
      if (pausedMillis > 0) {
        server.counters().acceptFailures.increment();
      }
      server.log().log(SummaryLog.Kind.ACCEPT_FAILED, on, () -> pausedMillis > 0
          ? "accepting failed, paused for " + pausedMillis + " ms: " + cause
          : "a new connection failed as it was handed over, and was closed: " + cause);
    }

    @Override
    public void ended(InetSocketAddress address, Throwable cause) {
      String what = "the server stopped listening on " + address + ": " + cause;
      failure.compareAndSet(null, what);
      System.err.println("ippo: " + what);
      LOG.log(Level.ERROR, what, cause);
    }
  }

  /** A loop ended by a failure (it said so on standard error already). On its thread. */
  private void loopEnded(EventLoop loop, Throwable cause) {
    long running = loops.loops().stream().filter(l -> !l.hasEnded()).count();
    String what = "event loop " + loop + " ended by " + cause + "; its connections close, new"
        + " ones go to the loops that still run: " + running + " of " + loops.loops().size();
    failure.compareAndSet(null, what);
    LOG.log(Level.ERROR, what, cause);
    ReloadableContext tls = server.settings().tls();
    if (loop == tlsCheckLoop && running > 0) {
      checkTlsFiles(loops.next(), tls);
    }
  }

  /** Looks at the TLS files now and then, on a loop, and reloads them when they changed. */
  private void checkTlsFiles(EventLoop loop, ReloadableContext tls) {
    tlsCheckLoop = loop;
    loop.schedule(() -> {
      try {
        if (tls.reloadIfChanged()) {
          LOG.log(Level.INFO, "TLS certificates reloaded from " + tls.files());
        }
      } catch (IOException | GeneralSecurityException e) {
        LOG.log(Level.WARNING, "TLS files changed but cannot serve, the certificates before"
            + " them go on (checked again in " + tls.checkEvery().toSeconds() + " s): " + e);
      }
      if (accepting) {
        checkTlsFiles(loop, tls);
      }
    }, tls.checkEvery().toMillis());
  }

  /**
   * Connects the topics through {@code broker}, starts the loops and, unless
   * {@code noServer}, binds and accepts.
   *
   * @throws IOException when binding fails; nothing is left running then
   * @throws RuntimeException what the broker throws when it cannot connect; nothing is
   *     started then
   */
  public static ServerLoops start(ServerContext server, Broker broker, UpgradeHandler.Host host)
      throws IOException {
    // First, so that a broker out of reach (Redis down) leaves nothing started.
    server.topics().attach(broker.connect(server.topics()));
    try {
      return new ServerLoops(server, host);
    } catch (IOException e) {
      server.topics().detach().close();
      throw e;
    }
  }

  /** The bound address, or null with {@code noServer}. */
  public InetSocketAddress address() {
    return acceptor == null ? null : acceptor.address();
  }

  /**
   * Takes over a connection that other code accepted and began to read ({@code head}, which
   * is copied): its handshake goes on as if it had been accepted here.
   */
  public void adopt(SocketChannel channel, ByteBuffer head) throws IOException {
    ByteBuffer copy = ByteBuffer.allocate(head.remaining()).put(head.duplicate()).flip();
    channel.configureBlocking(false);
    attach(channel, copy);
  }

  private void accepted(SocketChannel channel) {
    if (!accepting) {
      closeQuietly(channel);
      return;
    }
    attach(channel, null);
  }

  private static void closeQuietly(SocketChannel channel) {
    try {
      channel.close();
    } catch (IOException ignored) {
      // refusing it either way
    }
  }

  private void attach(SocketChannel channel, ByteBuffer initialBytes) {
    EventLoop loop = loops.next();
    int sendBuffer = server.settings().socketSendBuffer();
    if (sendBuffer > 0) {
      try {
        channel.setOption(StandardSocketOptions.SO_SNDBUF, sendBuffer);
      } catch (IOException e) {
        closeQuietly(channel); // closed by the peer already
        return;
      }
    }
    if (!server.handshakeBegins()) {
      closeQuietly(channel);
      server.log().log(SummaryLog.Kind.HANDSHAKES_OVER_LIMIT, loop,
          () -> "closed a new connection at once: " + ServerSettings.MAX_HANDSHAKES
              + " handshakes are in progress");
      return;
    }
    try {
      begin(channel, initialBytes, loop);
    } catch (Throwable t) {
      // Before the handler had its socket (an SSLEngine that could not be made, say):
      // nothing else would give the handshake's place back.
      server.handshakeEnded();
      throw t;
    }
  }

  private void begin(SocketChannel channel, ByteBuffer initialBytes, EventLoop loop) {
    UpgradeHandler handler = new UpgradeHandler(host, server, loop);
    ReloadableContext tls = server.settings().tls();
    if (tls == null) {
      SocketConnection socket = SocketConnection.accepted(loop, channel, handler);
      handler.attach(socket);
      socket.start(initialBytes);
      return;
    }
    TlsTransport layer = new TlsTransport(loop, TlsEngines.server(tls), server.receiving(),
        handler);
    layer.observe(server.counters().tls());
    SocketConnection socket = SocketConnection.accepted(loop, channel, layer);
    layer.over(socket);
    handler.attach(layer);
    socket.start(initialBytes);
  }

  /** The place of {@code loop} in the order of the loops, or -1 when it is none of them. */
  public int indexOf(Loop loop) {
    return loops.loops().indexOf(loop);
  }

  /** Whether each event loop runs (false once it ended by a failure), in their order. */
  public List<Boolean> running() {
    return loops.loops().stream().map(l -> !l.hasEnded()).toList();
  }

  /** Whether the listening socket takes connections; false with {@code noServer}. */
  public boolean listening() {
    return acceptor != null && acceptor.isListening();
  }

  /** What first ended a loop or the listener, or null while none did. */
  public String failure() {
    return failure.get();
  }

  /** How late each event loop has run its timers lately, in the order of the loops. */
  public List<LoopLag.Snapshot> lags() {
    return lags.stream().map(LoopLag::snapshot).toList();
  }

  /**
   * Closes the listening socket, stops the loops (what is still open closes) and the topics'
   * link. From a thread of the caller's, not a loop's.
   */
  public void shutdown() {
    accepting = false;
    if (acceptor != null) {
      acceptor.close();
    }
    loops.shutdown(5000);
    Broker.Link link = server.topics().detach();
    if (link != null) {
      link.close();
    }
  }
}
