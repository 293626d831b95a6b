package dev.ippo.internal.transport;

import java.nio.ByteBuffer;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The handler of a transport that a test only writes through: it says when the transport is
 * connected and counts its drains, and ignores what is read.
 *
 * <p>Thread safe: the loop calls it, the test reads it.
 */
final class WriterHandler implements Transport.Handler {
  final CountDownLatch connected = new CountDownLatch(1);
  final AtomicInteger drained = new AtomicInteger();

  @Override
  public void onConnected() {
    connected.countDown();
  }

  @Override
  public void onRead(ByteBuffer data) {}

  @Override
  public void onDrained() {
    drained.incrementAndGet();
  }

  @Override
  public void onClosed(Exception cause) {}
}
