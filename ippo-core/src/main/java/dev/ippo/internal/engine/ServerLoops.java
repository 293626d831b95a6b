package dev.ippo.internal.engine;

import dev.ippo.Broker;
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

/**
 * A started server's threads and listening socket: its event loops, its acceptor (none with
 * {@code noServer}), and each new TCP connection given an {@link UpgradeHandler} on the next
 * loop. What becomes of a handshake that succeeds is the {@link UpgradeHandler.Host}'s
 * business. Thread safe.
 */
public final class ServerLoops {
  private static final System.Logger LOG = System.getLogger("dev.ippo.WebSocketServer");

  private final ServerContext server;
  private final UpgradeHandler.Host host;
  private final EventLoopGroup loops;
  /** How late each loop runs, in the order of the loops. */
  private final List<LoopLag> lags;
  private final Acceptor acceptor;
  private volatile boolean accepting = true;

  private ServerLoops(ServerContext server, UpgradeHandler.Host host) throws IOException {
    this.server = server;
    this.host = host;
    ServerSettings settings = server.settings();
    this.loops = new EventLoopGroup("ippo-server", settings.eventLoops(), false);
    this.lags = loops.loops().stream().map(LoopLag::start).toList();
    loops.loops().forEach(server.counters().traffic()::countOn);
    if (settings.noServer()) {
      this.acceptor = null;
      return;
    }
    InetSocketAddress address = settings.host() == null
        ? new InetSocketAddress(settings.port())
        : new InetSocketAddress(settings.host(), settings.port());
    try {
      this.acceptor = Acceptor.bind(loops.next(), address, settings.backlog(), this::accepted);
    } catch (IOException e) {
      loops.shutdown(1000);
      throw e;
    }
    ReloadableContext tls = settings.tls();
    if (tls != null && !tls.checkEvery().isZero()) {
      checkTlsFiles(loops.next(), tls);
    }
  }

  /** Looks at the TLS files now and then, on a loop, and reloads them when they changed. */
  private void checkTlsFiles(EventLoop loop, ReloadableContext tls) {
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
