package dev.ippo.internal.transport;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ippo.Await;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What a connection writes leaves whole and in order through a peer that takes a little at a
 * time: buffers larger than the loop's write buffer and than the socket's, empty ones, and
 * hundreds queued at once, each socket-full staged through the loop's one direct buffer.
 */
class SlowPeerWritesTest {
  private final EventLoopGroup loops = new EventLoopGroup("slow-peer-test", 1, true);

  @AfterEach
  void stop() {
    loops.shutdown(2000);
  }

  @Test
  void everythingArrivesInOrderAndTheQueueEmpties() throws Exception {
    Random random = new Random(42);
    ByteArrayOutputStream expected = new ByteArrayOutputStream();
    ByteBuffer[] writes = new ByteBuffer[300];
    for (int i = 0; i < writes.length; i++) {
      // One of 16 MiB: far over the loop's write buffer, and over what the sockets hold (the
      // peer's receive buffer is set to 4 KiB, a send buffer grows to 4 MiB at most by
      // default), so writes must wait for the peer.
      int size = i == 100 ? (16 << 20) + 3 : i % 50 == 0 ? 0 : random.nextInt(20_000);
      byte[] bytes = new byte[size];
      random.nextBytes(bytes);
      expected.write(bytes);
      writes[i] = ByteBuffer.wrap(bytes);
    }
    try (ServerSocket listener = new ServerSocket()) {
      listener.setReceiveBufferSize(4096);
      listener.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 1);
      WriterHandler handler = new WriterHandler();
      SocketConnection connection = SocketConnection.connect(loops.next(),
          new InetSocketAddress(listener.getInetAddress(), listener.getLocalPort()), handler);
      try (Socket peer = listener.accept()) {
        assertTrue(handler.connected.await(5, TimeUnit.SECONDS));
        for (ByteBuffer w : writes) {
          connection.write(w); // from this thread: the loop takes them as they come
        }
        ByteArrayOutputStream received = new ByteArrayOutputStream();
        InputStream in = peer.getInputStream();
        peer.setSoTimeout(5000);
        byte[] chunk = new byte[4000];
        while (received.size() < expected.size()) {
          int n = in.read(chunk);
          assertTrue(n > 0, "the stream ended after " + received.size() + " bytes");
          received.write(chunk, 0, n);
        }
        assertArrayEquals(expected.toByteArray(), received.toByteArray());
        Await.until("the queue to empty", () -> connection.queuedBytes() == 0);
        Await.until("the drain the full socket owes", () -> handler.drained.get() > 0);
      }
    }
  }
}
