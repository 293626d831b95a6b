package dev.ippo.internal.transport;

import dev.ippo.internal.fault.Fatal;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.Channel;
import java.nio.channels.SelectionKey;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.concurrent.CompletableFuture;

/**
 * A listening socket on one loop of a group; each accepted channel goes to
 * {@link Events#accepted}, on that loop's thread. Nothing that happens to one connection
 * ends it: a failed {@code accept} (out of file descriptors, typically) pauses accepting for
 * {@link #RETRY_MILLIS} and listens again, a failure while a new connection is handed over
 * closes that connection, and when its loop ends by a failure it moves to a loop that runs.
 * It ends only by {@link #close}, or when no loop of its group runs.
 *
 * <p>Thread safe: {@link #close} and {@link #isListening} may be called from any thread;
 * the rest runs on the loop the acceptor is on.
 */
public final class Acceptor implements EventLoop.Selectable {
  /** How long accepting pauses after {@code accept} failed. */
  public static final long RETRY_MILLIS = 100;
  /** Accepted in one turn at most, so a connection storm cannot starve the loop's others. */
  private static final int BATCH = 64;

  /** What an acceptor tells its server, on the thread of the loop it is on. */
  public interface Events {
    /** A new connection; what this throws closes that connection and goes to failed. */
    void accepted(SocketChannel channel);

    /**
     * Accepting failed and pauses for {@code pausedMillis}, or (0) handing over one new
     * connection failed and that connection was closed; {@code on} is the acceptor's loop.
     */
    void failed(Throwable cause, long pausedMillis, EventLoop on);

    /**
     * The listening socket on {@code address} is gone for good, not by {@link #close}: no
     * loop runs.
     */
    void ended(InetSocketAddress address, Throwable cause);
  }

  private final EventLoopGroup loops;
  private final ServerSocketChannel channel;
  /** Kept: once the channel is closed it no longer says. */
  private final InetSocketAddress address;
  private final Events events;
  private volatile EventLoop loop;
  private volatile boolean closing;
  private volatile boolean ended;

  private Acceptor(EventLoopGroup loops, ServerSocketChannel channel, Events events)
      throws IOException {
    this.loops = loops;
    this.channel = channel;
    this.address = (InetSocketAddress) channel.getLocalAddress();
    this.events = events;
  }

  /**
   * Binds {@code address} now (so a port in use fails here, in the caller's thread) and
   * starts accepting on the next loop of {@code loops}.
   */
  public static Acceptor bind(
      EventLoopGroup loops, InetSocketAddress address, int backlog, Events events)
      throws IOException {
    ServerSocketChannel channel = ServerSocketChannel.open();
    Acceptor acceptor;
    try {
      channel.setOption(StandardSocketOptions.SO_REUSEADDR, true);
      channel.bind(address, backlog);
      channel.configureBlocking(false);
      acceptor = new Acceptor(loops, channel, events);
    } catch (IOException | RuntimeException e) {
      channel.close();
      throw e;
    }
    CompletableFuture<Void> registered = new CompletableFuture<>();
    acceptor.registerOn(loops.next(), registered);
    try {
      registered.join();
    } catch (RuntimeException e) {
      channel.close();
      throw new IOException("cannot register the listening socket", e.getCause());
    }
    return acceptor;
  }

  private void registerOn(EventLoop target, CompletableFuture<Void> registered) {
    loop = target;
    target.execute(() -> {
      try {
        target.register(channel, SelectionKey.OP_ACCEPT, this);
        registered.complete(null);
      } catch (IOException | RuntimeException e) {
        registered.completeExceptionally(e);
      }
    });
  }

  /** The bound address, with the real port; null once it no longer listens. */
  public InetSocketAddress address() {
    return channel.isOpen() ? address : null;
  }

  /** Whether it takes connections: not once closed, nor once it ended. */
  public boolean isListening() {
    return !closing && !ended && channel.isOpen();
  }

  @Override
  public void onReady(SelectionKey key) {
    for (int i = 0; i < BATCH; i++) {
      SocketChannel accepted;
      try {
        accepted = channel.accept();
      } catch (Throwable t) {
        Fatal.rethrowIfFatal(t);
        if (!channel.isOpen()) {
          if (!closing) {
            end(t);
          }
          return;
        }
        // The socket stays ready, so without a pause the loop would spin on it.
        pause(key);
        tell(t, RETRY_MILLIS);
        return;
      }
      if (accepted == null) {
        return;
      }
      try {
        events.accepted(accepted);
      } catch (Throwable t) {
        Fatal.rethrowIfFatal(t);
        closeQuietly(accepted);
        tell(t, 0);
      }
    }
  }

  private void pause(SelectionKey key) {
    EventLoop here = loop;
    try {
      key.interestOps(0);
      here.schedule(() -> {
        if (key.isValid()) {
          key.interestOps(SelectionKey.OP_ACCEPT);
        }
      }, RETRY_MILLIS);
    } catch (RuntimeException cancelled) {
      // closed or moved meanwhile: nothing to pause
    }
  }

  private void tell(Throwable cause, long pausedMillis) {
    try {
      events.failed(cause, pausedMillis, loop);
    } catch (Throwable t) {
      Fatal.rethrowIfFatal(t);
    }
  }

  private void end(Throwable cause) {
    ended = true;
    closeQuietly(channel);
    try {
      events.ended(address, cause);
    } catch (Throwable t) {
      Fatal.rethrowIfFatal(t);
    }
  }

  private static void closeQuietly(Channel c) {
    try {
      c.close();
    } catch (IOException | RuntimeException ignored) {
      // not open any more either way
    }
  }

  @Override
  public void abort(Exception cause) {
    close();
  }

  /** Its loop ended by a failure: the listening socket goes on, on a loop that runs. */
  @Override
  public void loopEnded(Throwable cause) {
    if (closing || ended) {
      return;
    }
    EventLoop next;
    try {
      next = loops.next();
    } catch (IllegalStateException none) {
      end(cause);
      return;
    }
    CompletableFuture<Void> registered = new CompletableFuture<>();
    registered.whenComplete((ok, failure) -> {
      if (failure != null) {
        end(failure);
      }
    });
    registerOn(next, registered);
  }

  /** Stops listening. */
  public void close() {
    closing = true;
    closeQuietly(channel);
    loop.execute(() -> {});
  }
}
