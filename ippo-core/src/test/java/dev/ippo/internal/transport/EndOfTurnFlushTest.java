package dev.ippo.internal.transport;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import dev.ippo.Await;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Writes made on the loop thread wait for the end of the loop's turn, then leave in order. */
class EndOfTurnFlushTest {
  private final EventLoopGroup loops = new EventLoopGroup("flush-test", 1, true);

  @AfterEach
  void stop() {
    loops.shutdown(2000);
  }

  @Test
  void writesOnTheLoopLeaveTogetherAfterTheTurn() throws Exception {
    try (ServerSocket listener = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      WriterHandler handler = new WriterHandler();
      EventLoop loop = loops.next();
      SocketConnection connection = SocketConnection.connect(loop,
          new InetSocketAddress(listener.getInetAddress(), listener.getLocalPort()), handler);
      try (Socket peer = listener.accept()) {
        assertTrue(handler.connected.await(5, TimeUnit.SECONDS));
        AtomicLong queuedDuringTurn = new AtomicLong();
        CompletableFuture<Void> done = new CompletableFuture<>();
        loop.execute(() -> {
          connection.write(ByteBuffer.wrap(new byte[] {1, 2}));
          connection.write(ByteBuffer.wrap(new byte[] {3}));
          connection.write(ByteBuffer.wrap(new byte[] {4, 5, 6}));
          queuedDuringTurn.set(connection.queuedBytes());
          done.complete(null);
        });
        done.get(5, TimeUnit.SECONDS);
        InputStream in = peer.getInputStream();
        peer.setSoTimeout(5000);
        assertArrayEquals(new byte[] {1, 2, 3, 4, 5, 6}, in.readNBytes(6));
        // Nothing had reached the socket while the task that wrote was still running.
        assertEquals(6, queuedDuringTurn.get());
        Await.until("the queue to empty", () -> connection.queuedBytes() == 0);
      }
    }
  }
}
