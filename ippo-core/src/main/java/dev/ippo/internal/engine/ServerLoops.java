package dev.ippo.internal.engine;

import dev.ippo.internal.transport.Acceptor;
import dev.ippo.internal.transport.EventLoop;
import dev.ippo.internal.transport.EventLoopGroup;
import dev.ippo.internal.transport.SocketConnection;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;

/**
 * A started server's threads and listening socket: its event loops, its acceptor (none with
 * {@code noServer}), and each new TCP connection given an {@link UpgradeHandler} on the next
 * loop. What becomes of a handshake that succeeds is the {@link UpgradeHandler.Host}'s
 * business. Thread safe.
 */
public final class ServerLoops {
  private final ServerSettings settings;
  private final Topics topics;
  private final UpgradeHandler.Host host;
  private final EventLoopGroup loops;
  private final Acceptor acceptor;
  private volatile boolean accepting = true;

  private ServerLoops(ServerSettings settings, Topics topics, UpgradeHandler.Host host)
      throws IOException {
    this.settings = settings;
    this.topics = topics;
    this.host = host;
    this.loops = new EventLoopGroup("ippo-server", settings.eventLoops(), false);
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
  }

  /**
   * Starts the loops and, unless {@code noServer}, binds and accepts.
   *
   * @throws IOException when binding fails; nothing is left running then
   */
  public static ServerLoops start(ServerSettings settings, Topics topics,
      UpgradeHandler.Host host) throws IOException {
    return new ServerLoops(settings, topics, host);
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
      try {
        channel.close();
      } catch (IOException ignored) {
        // refusing it either way
      }
      return;
    }
    attach(channel, null);
  }

  private void attach(SocketChannel channel, ByteBuffer initialBytes) {
    EventLoop loop = loops.next();
    UpgradeHandler handler = new UpgradeHandler(host, settings, topics, loop);
    SocketConnection socket = SocketConnection.accepted(loop, channel, handler);
    handler.attach(socket);
    socket.start(initialBytes);
  }

  /** Closes the listening socket; connections it accepts from now on are closed at once. */
  public void stopAccepting() {
    accepting = false;
    if (acceptor != null) {
      acceptor.close();
    }
  }

  /** Stops the loops, waiting up to {@code timeoutMillis} for them. */
  public void shutdown(long timeoutMillis) {
    loops.shutdown(timeoutMillis);
  }
}
