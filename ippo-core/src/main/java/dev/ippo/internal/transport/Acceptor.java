package dev.ippo.internal.transport;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.SelectionKey;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * A listening socket on one loop; each accepted channel goes to {@code onAccept}, on the
 * acceptor's loop thread.
 *
 * <p>Thread safe: {@link #close} may be called from any thread.
 */
public final class Acceptor implements EventLoop.Selectable {
  private static final System.Logger LOG = System.getLogger(Acceptor.class.getName());

  private static final long RETRY_MILLIS = 100;

  private final EventLoop loop;
  private final ServerSocketChannel channel;
  private final Consumer<SocketChannel> onAccept;

  private Acceptor(EventLoop loop, ServerSocketChannel channel, Consumer<SocketChannel> onAccept) {
    this.loop = loop;
    this.channel = channel;
    this.onAccept = onAccept;
  }

  /**
   * Binds {@code address} now (so a port in use fails here, in the caller's thread) and
   * starts accepting on {@code loop}.
   */
  public static Acceptor bind(
      EventLoop loop, InetSocketAddress address, int backlog, Consumer<SocketChannel> onAccept)
      throws IOException {
    ServerSocketChannel channel = ServerSocketChannel.open();
    try {
      channel.setOption(StandardSocketOptions.SO_REUSEADDR, true);
      channel.bind(address, backlog);
      channel.configureBlocking(false);
    } catch (IOException | RuntimeException e) {
      channel.close();
      throw e;
    }
    Acceptor acceptor = new Acceptor(loop, channel, onAccept);
    CompletableFuture<Void> registered = new CompletableFuture<>();
    loop.execute(() -> {
      try {
        loop.register(channel, SelectionKey.OP_ACCEPT, acceptor);
        registered.complete(null);
      } catch (IOException | RuntimeException e) {
        registered.completeExceptionally(e);
      }
    });
    try {
      registered.join();
    } catch (RuntimeException e) {
      channel.close();
      throw new IOException("cannot register the listening socket", e.getCause());
    }
    return acceptor;
  }

  /** The bound address, with the real port. */
  public InetSocketAddress address() {
    try {
      return (InetSocketAddress) channel.getLocalAddress();
    } catch (IOException e) {
      return null;
    }
  }

  @Override
  public void onReady(SelectionKey key) {
    // Accept a bounded batch, so a connection storm cannot starve this loop's connections.
    for (int i = 0; i < 64; i++) {
      SocketChannel accepted;
      try {
        accepted = channel.accept();
      } catch (IOException e) {
        // Out of file descriptors, typically. The socket stays ready, so without a pause the
        // loop would spin on it: stop accepting for a moment, then listen again.
        LOG.log(Level.WARNING, "accept failed, pausing for " + RETRY_MILLIS + " ms: "
            + e.getMessage());
        key.interestOps(0);
        loop.schedule(() -> {
          if (key.isValid()) {
            key.interestOps(SelectionKey.OP_ACCEPT);
          }
        }, RETRY_MILLIS);
        return;
      }
      if (accepted == null) {
        return;
      }
      onAccept.accept(accepted);
    }
  }

  @Override
  public void abort(Exception cause) {
    close();
  }

  /** Stops listening. */
  public void close() {
    try {
      channel.close();
    } catch (IOException ignored) {
      // not listening any more either way
    }
    loop.execute(() -> {});
  }
}
