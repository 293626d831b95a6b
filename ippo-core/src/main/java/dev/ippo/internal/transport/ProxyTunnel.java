package dev.ippo.internal.transport;

import dev.ippo.internal.codec.ProxyException;
import dev.ippo.internal.codec.ProxyHandshake;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.security.cert.X509Certificate;
import java.util.List;

/**
 * A tunnel through an HTTP proxy as a layer on a TCP {@link Transport} to that proxy: once
 * the TCP connection is up it sends CONNECT, and once the proxy answers 2xx it tells its own
 * handler {@link Handler#onConnected}, as a direct connection to the server would, and hands
 * it what came after the answer. From then on it passes bytes through both ways. The layer
 * above (TLS for {@code wss://}, or the WebSocket handshake) does not know there is a proxy.
 *
 * <p>Any way the tunnel fails to open ends the transport with a {@link ProxyException} as
 * the cause, whose message names the proxy: out of reach, closed early, or refused.
 *
 * <p>Thread safety: as {@link Transport} says; the {@link ProxyHandshake} is read on the
 * loop thread only.
 */
public final class ProxyTunnel implements Transport, Transport.Handler {
  private final ProxyHandshake handshake;
  private volatile Handler handler;
  private Transport net;

  // Loop thread only.
  /** The TCP connection to the proxy is up (so a failure is no longer "cannot connect"). */
  private boolean connected;
  /** The proxy answered 2xx: bytes pass through. */
  private boolean open;
  private boolean ended;

  /** A tunnel asking {@code handshake}'s proxy; give it its TCP transport with {@link #over}. */
  public ProxyTunnel(ProxyHandshake handshake, Handler handler) {
    this.handshake = handshake;
    this.handler = handler;
  }

  /** The TCP connection to the proxy; this tunnel is its handler. */
  public void over(Transport net) {
    this.net = net;
  }

  // ---- what the TCP connection to the proxy reports (loop thread) ----

  @Override
  public void onConnected() {
    connected = true;
    net.write(handshake.request());
  }

  @Override
  public void onRead(ByteBuffer data) {
    if (open) {
      handler.onRead(data);
      return;
    }
    if (ended) {
      data.position(data.limit());
      return;
    }
    try {
      if (!handshake.read(data)) {
        return;
      }
    } catch (ProxyException e) {
      data.position(data.limit());
      fail(e);
      return;
    }
    open = true;
    handler.onConnected();
    if (data.hasRemaining() && !ended) {
      handler.onRead(data); // the server's first bytes, read along with the proxy's answer
    }
  }

  @Override
  public void onDrained() {
    if (open) {
      handler.onDrained();
    }
  }

  @Override
  public void onClosed(Exception cause) {
    if (ended) {
      return;
    }
    ended = true;
    if (open) {
      handler.onClosed(cause);
      return;
    }
    String proxy = handshake.proxy();
    handler.onClosed(!connected
        ? new ProxyException(0, "cannot connect to proxy " + proxy + ": "
            + (cause == null ? "closed" : cause.getMessage()), cause)
        : new ProxyException(0, "the proxy " + proxy + " closed the connection before"
            + " answering CONNECT to " + handshake.target()
            + (cause == null ? "" : ": " + cause.getMessage()), cause));
  }

  private void fail(ProxyException e) {
    ended = true;
    net.close();
    handler.onClosed(e);
  }

  // ---- what the layer above writes and asks (any thread) ----

  @Override
  public void handler(Handler handler) {
    this.handler = handler;
  }

  @Override
  public void write(ByteBuffer buf) {
    net.write(buf);
  }

  @Override
  public void closeAfterWrites() {
    net.closeAfterWrites();
  }

  @Override
  public void close() {
    net.close();
  }

  @Override
  public void setReading(boolean on) {
    net.setReading(on);
  }

  @Override
  public long queuedBytes() {
    return net.queuedBytes();
  }

  @Override
  public boolean isWaitingForPeer() {
    return net.isWaitingForPeer();
  }

  @Override
  public boolean isClosed() {
    return net.isClosed();
  }

  /** The proxy's address: the tunnel's far end is known to the proxy alone. */
  @Override
  public InetSocketAddress remoteAddress() {
    return net.remoteAddress();
  }

  @Override
  public List<X509Certificate> peerCertificates() {
    return net.peerCertificates();
  }
}
