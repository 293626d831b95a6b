package dev.ippo.internal.transport;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.security.cert.X509Certificate;
import java.util.List;

/**
 * The seam between a connection's engine and its byte stream: a TCP socket
 * ({@link SocketConnection}), later TLS as a layer over one, or another transport. It knows
 * bytes, not WebSocket rules.
 *
 * <p>Thread safety: every method but {@link #handler} may be called from any thread; the
 * {@link Handler} is always called on the transport's loop thread.
 */
public interface Transport {
  /** What a transport reports, always on its loop thread. */
  interface Handler {
    /** The transport is connected (client side; an accepted one starts connected). */
    default void onConnected() {}

    /** Bytes arrived; take them all, the buffer is reused after the call. */
    void onRead(ByteBuffer data);

    /** The write queue ran empty after writes had to wait for the peer. */
    default void onDrained() {}

    /** The transport is closed, once: null cause for an orderly end (ours or the peer's). */
    void onClosed(Exception cause);
  }

  /** Who hears this transport from now on (after a handshake, say). Loop thread. */
  void handler(Handler handler);

  /**
   * Queues {@code buf} (position to limit) after everything queued before. Each buffer is
   * one whole frame or more, never part of one. What the loop thread writes leaves at the end
   * of the loop's turn, in one write with the turn's other writes. The transport moves the
   * buffer's position as its bytes leave, so a buffer shared with other transports goes to
   * each as a view of its own.
   */
  void write(ByteBuffer buf);

  /** Closes once everything queued is written. */
  void closeAfterWrites();

  /** Closes now, dropping whatever is queued. */
  void close();

  /** Stops ({@code false}) or restarts reading from the peer. */
  void setReading(boolean on);

  /** Bytes handed to {@link #write} and not yet given to the network. */
  long queuedBytes();

  /**
   * Whether writes wait for the peer to read: the network took less than it was given, and
   * {@link Handler#onDrained} will say when all has left. Senders judge a slow peer by it.
   */
  boolean isWaitingForPeer();

  /** Whether the transport has closed. */
  boolean isClosed();

  /** The peer's address, or null if not known. */
  InetSocketAddress remoteAddress();

  /** The certificates the peer presented and the handshake verified; empty without TLS. */
  default List<X509Certificate> peerCertificates() {
    return List.of();
  }
}
