package dev.ippo.internal.engine;

import dev.ippo.http.Headers;
import dev.ippo.internal.transport.Loop;
import dev.ippo.internal.transport.Transport;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * A {@link Transport} with no socket: it keeps what the engine writes, says as many bytes
 * are queued as the test wants, and lets the test play the peer (bytes in, the peer's TCP
 * close) and the network (writes leaving). Driven on the test's {@link ManualLoop} thread;
 * writes may come from any thread. Public for the API's tests, through {@link FakeDials}.
 */
public final class FakeTransport implements Transport {
  private Handler handler;
  private final List<ByteBuffer> written = new ArrayList<>();
  private volatile long queued;
  private boolean waiting;
  private boolean closeAfterWrites;
  private boolean closed;

  @Override
  public void handler(Handler handler) {
    this.handler = handler;
  }

  @Override
  public synchronized void write(ByteBuffer buf) {
    written.add(buf.duplicate());
  }

  @Override
  public void closeAfterWrites() {
    closeAfterWrites = true;
  }

  @Override
  public void close() {
    end(null);
  }

  @Override
  public void setReading(boolean on) {
    // No peer reads faster or slower here: nothing to pause.
  }

  @Override
  public long queuedBytes() {
    return queued;
  }

  @Override
  public boolean isWaitingForPeer() {
    return waiting;
  }

  @Override
  public boolean isClosed() {
    return closed;
  }

  @Override
  public InetSocketAddress remoteAddress() {
    return new InetSocketAddress("127.0.0.1", 40000);
  }

  /** What the engine wrote so far, all buffers in order as one array. */
  public synchronized byte[] written() {
    int size = written.stream().mapToInt(ByteBuffer::remaining).sum();
    ByteBuffer all = ByteBuffer.allocate(size);
    written.forEach(b -> all.put(b.duplicate()));
    return all.array();
  }

  /** Forgets what was written so far: the opening handshake, once the test has read it. */
  synchronized void forgetWritten() {
    written.clear();
  }

  /** Pretends this many bytes wait for the peer. */
  void queued(long bytes) {
    queued = bytes;
  }

  /** Pretends the peer stopped reading: writes wait until {@link #drained}. */
  void peerStopsReading() {
    waiting = true;
  }

  /** The peer read everything: the waiting writes left. */
  void drained() {
    waiting = false;
    handler.onDrained();
  }

  /** The TCP connection is up (a client's). */
  public void connected() {
    handler.onConnected();
  }

  /** A client's connection on {@code loop}, opened straight onto this transport (no dialling). */
  Connection openClient(Loop loop, ConnectionEvents events, ConnectionSettings settings) {
    Connection c = Connection.client(
        new ClientConnector.Target(URI.create("ws://test/"), List.of(), new Headers()), loop,
        (address, handler) -> {
          throw new IOException("not dialled: opened directly");
        },
        () -> 0x01020304, settings);
    c.listen(events);
    c.open(this, null, "", "", null, null);
    return c;
  }

  /** The peer sends {@code bytes}. */
  public void receive(byte[] bytes) {
    handler.onRead(ByteBuffer.wrap(bytes));
  }

  /** Everything queued left: a closeAfterWrites() takes effect now. */
  void writesLeft() {
    if (closeAfterWrites) {
      end(null);
    }
  }

  /** The peer closed the TCP connection. */
  public void peerDropped() {
    end(null);
  }

  boolean closeAfterWritesAsked() {
    return closeAfterWrites;
  }

  private void end(Exception cause) {
    if (!closed) {
      closed = true;
      handler.onClosed(cause);
    }
  }
}
