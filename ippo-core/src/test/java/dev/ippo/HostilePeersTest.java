package dev.ippo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Attacks on a server with the default budgets, each on its own: while it lasts, a fresh
 * client's echo comes back within a second, the heap does not grow past the budgets, and
 * the attacking connections end with the close code the RFC gives. Bounded: a few hundred
 * connections to 127.0.0.1 and a few seconds each.
 */
@Timeout(60)
class HostilePeersTest {
  private static final long MIB = 1 << 20;
  /** What the heap may grow by during an attack: twice the receive budget, for the GC. */
  private static final long HEAP_GROWTH_LIMIT = 64 * MIB;

  private WebSocketServer server;
  private final List<Socket> attackers = new ArrayList<>();
  /** The protocol errors the server's connections reported. */
  private final BlockingQueue<ProtocolError> errors = new LinkedBlockingQueue<>();

  @AfterEach
  void stop() throws IOException {
    for (Socket s : attackers) {
      s.close();
    }
    if (server != null) {
      server.close();
    }
  }

  private void start(WebSocketServer.Builder options) throws IOException {
    server = options.host("127.0.0.1").port(0).build();
    server.onConnection((ws, request) -> {
      EchoFixture.ECHO.onConnection(ws, request);
      ws.onError(e -> {
        if (e.protocolError() != null) {
          errors.add(e.protocolError());
        }
      });
    });
    server.start();
  }

  /** A socket past the handshake, reading only when the test does. */
  private Socket upgraded() throws IOException {
    Socket s = new Socket("127.0.0.1", server.port());
    attackers.add(s);
    s.setSoTimeout(5000);
    RawPeer.upgrade(s);
    return s;
  }

  /** The header of a masked client frame announcing {@code length} bytes (mask key 0). */
  private static byte[] header(int firstByte, long length) {
    ByteBuffer h = ByteBuffer.allocate(14);
    h.put((byte) firstByte);
    if (length < 126) {
      h.put((byte) (0x80 | length));
    } else if (length < 65536) {
      h.put((byte) (0x80 | 126)).putShort((short) length);
    } else {
      h.put((byte) (0x80 | 127)).putLong(length);
    }
    h.putInt(0); // a zero mask key leaves the payload as it is
    byte[] bytes = new byte[h.position()];
    h.flip().get(bytes);
    return bytes;
  }

  /** A fresh client connects, sends, and has its echo back within a second. */
  private void aFreshClientIsServed() throws InterruptedException {
    BlockingQueue<String> echoed = new ArrayBlockingQueue<>(1);
    long start = System.nanoTime();
    WebSocket ws = new WebSocket("ws://127.0.0.1:" + server.port() + "/");
    ws.onOpen(e -> ws.send("still here")).onMessage(e -> echoed.add(e.text()));
    String echo = echoed.poll(1, TimeUnit.SECONDS);
    long tookMillis = (System.nanoTime() - start) / 1_000_000;
    ws.terminate();
    assertEquals("still here", echo, "no echo within a second (" + tookMillis + " ms)");
  }

  private static long heapAfterGc() {
    System.gc();
    System.gc();
    Runtime runtime = Runtime.getRuntime();
    return runtime.totalMemory() - runtime.freeMemory();
  }

  /** The close code of the first close frame the server sends, skipping other frames. */
  private static int closeCodeFrom(Socket s) throws IOException {
    DataInputStream in = new DataInputStream(s.getInputStream());
    while (true) {
      int b0 = in.readUnsignedByte();
      long length = in.readUnsignedByte() & 0x7F;
      if (length == 126) {
        length = in.readUnsignedShort();
      } else if (length == 127) {
        length = in.readLong();
      }
      byte[] payload = new byte[(int) length];
      in.readFully(payload);
      if ((b0 & 0x0F) == 8) {
        return length < 2 ? CloseCode.NO_STATUS : ((payload[0] & 0xFF) << 8) | (payload[1] & 0xFF);
      }
    }
  }

  @Test
  void framesThatAnnounceSixtyMebibytesAreRefusedAtTheirHeader() throws Exception {
    start(WebSocketServer.builder());
    List<Socket> peers = new ArrayList<>();
    for (int i = 0; i < 300; i++) {
      Socket s = upgraded();
      peers.add(s);
      s.getOutputStream().write(header(0x82, 60 * MIB)); // over maxPayload, 16 MiB
      s.getOutputStream().write(new byte[10]);
    }
    aFreshClientIsServed();
    for (Socket s : peers) {
      assertEquals(CloseCode.MESSAGE_TOO_BIG, closeCodeFrom(s));
    }
  }

  @Test
  void framesThatAnnounceSixteenMebibytesHoldOnlyWhatArrived() throws Exception {
    start(WebSocketServer.builder());
    long before = heapAfterGc();
    for (int i = 0; i < 300; i++) {
      OutputStream out = upgraded().getOutputStream();
      out.write(header(0x82, 16 * MIB)); // within maxPayload: 300 of them announce 4.7 GiB
      out.write(new byte[10]);
    }
    aFreshClientIsServed();
    long grown = heapAfterGc() - before;
    assertEquals(null, errors.poll(200, TimeUnit.MILLISECONDS), "none refused: 10 bytes each");
    assertTrue(grown < 16 * MIB, "the heap grew by " + grown / MIB + " MiB");
  }

  @Test
  void peersWhoseMessagesTogetherPassTheReceiveBudgetAreClosedWith1009() throws Exception {
    start(WebSocketServer.builder());
    long before = heapAfterGc();
    // Each announces 16 MiB (within maxPayload) and sends 15: past half its message, its
    // buffer takes the whole 16 MiB, so two fill the 32 MiB budget and four are refused.
    byte[] chunk = new byte[64 * 1024];
    for (int i = 0; i < 6; i++) {
      Socket s = upgraded();
      s.getOutputStream().write(header(0x82, 16 * MIB));
      try {
        for (long sent = 0; sent < 15 * MIB; sent += chunk.length) {
          s.getOutputStream().write(chunk);
        }
      } catch (IOException refusedMeanwhile) {
        // the server closed this one part way
      }
    }
    aFreshClientIsServed();
    for (int refused = 0; refused < 4; refused++) {
      assertEquals(ProtocolError.MESSAGE_TOO_BIG, errors.poll(5, TimeUnit.SECONDS));
    }
    assertEquals(null, errors.poll(200, TimeUnit.MILLISECONDS), "two fit the budget");
    long grown = heapAfterGc() - before;
    assertTrue(grown < HEAP_GROWTH_LIMIT, "the heap grew by " + grown / MIB + " MiB");
  }

  @Test
  void slowHandshakesAreClosedAtTheirDeadlineAndOthersServedMeanwhile() throws Exception {
    start(WebSocketServer.builder().handshakeTimeout(Duration.ofMillis(1500)));
    for (int i = 0; i < 1000; i++) {
      Socket s = new Socket("127.0.0.1", server.port());
      attackers.add(s);
      s.getOutputStream().write("GET / HTTP/1.1\r\nHost: x\r\nX-Slow: ".getBytes(
          StandardCharsets.US_ASCII));
    }
    aFreshClientIsServed();
    for (Socket s : attackers) {
      s.setSoTimeout(5000);
      assertEquals(-1, s.getInputStream().read(), "dropped without an answer");
    }
  }

  @Test
  void pingsFromPeersThatDoNotReadDoNotPileUpPongs() throws Exception {
    start(WebSocketServer.builder());
    long before = heapAfterGc();
    AtomicBoolean flooding = new AtomicBoolean(true);
    List<Thread> floods = new ArrayList<>();
    byte[] ping = ByteBuffer.allocate(6 + 125).put(header(0x89, 125)).array();
    // Each attacker counts down once it has sent 32 MiB of pings, and goes on.
    CountDownLatch sent = new CountDownLatch(20);
    for (int i = 0; i < 20; i++) {
      Socket s = new Socket();
      s.setReceiveBufferSize(4096);
      s.connect(new InetSocketAddress("127.0.0.1", server.port()));
      attackers.add(s);
      s.setSoTimeout(5000);
      RawPeer.upgrade(s); // flooded once open, not refused as early data
      Thread t = new Thread(() -> {
        try {
          OutputStream out = s.getOutputStream();
          for (long n = 0; flooding.get(); n += ping.length) {
            out.write(ping);
            if (n < 32 * MIB && n + ping.length >= 32 * MIB) {
              sent.countDown();
            }
          }
        } catch (IOException e) {
          sent.countDown(); // closed: by the test at its end, or dropped by the server
        }
      });
      t.start();
      floods.add(t);
    }
    assertTrue(sent.await(30, TimeUnit.SECONDS));
    aFreshClientIsServed();
    long grown = heapAfterGc() - before;
    flooding.set(false);
    for (Socket s : attackers) {
      s.close();
    }
    for (Thread t : floods) {
      t.join(5000);
    }
    // Only the latest ping of a peer that does not read is answered, and a peer whose queue
    // still grows is dropped: either way no pongs pile up.
    assertTrue(grown < 32 * MIB, "the heap grew by " + grown / MIB + " MiB");
  }

  @Test
  void endlessEmptyFragmentsHoldNothingAndSlowNobody() throws Exception {
    start(WebSocketServer.builder());
    long before = heapAfterGc();
    byte[] first = header(0x02, 0); // binary, not FIN, empty
    byte[] more = header(0x00, 0); // continuation, not FIN, empty
    ByteBuffer burst = ByteBuffer.allocate(more.length * 200_000);
    while (burst.hasRemaining()) {
      burst.put(more);
    }
    for (int i = 0; i < 20; i++) {
      OutputStream out = upgraded().getOutputStream();
      out.write(first);
      out.write(burst.array());
    }
    aFreshClientIsServed();
    long grown = heapAfterGc() - before;
    assertTrue(grown < HEAP_GROWTH_LIMIT, "the heap grew by " + grown / MIB + " MiB");
  }

  @Test
  void garbageIsAnsweredWith1002AndTheConnectionClosed() throws Exception {
    start(WebSocketServer.builder());
    Random random = new Random(14);
    List<Socket> peers = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      Socket s = upgraded();
      peers.add(s);
      byte[] garbage = new byte[4096];
      random.nextBytes(garbage);
      garbage[0] |= 0x20; // RSV2: no extension gives it a meaning, so never a valid frame
      s.getOutputStream().write(garbage);
    }
    aFreshClientIsServed();
    for (Socket s : peers) {
      assertEquals(CloseCode.PROTOCOL_ERROR, closeCodeFrom(s));
      assertEquals(-1, s.getInputStream().read(), "closed after the close frame");
    }
  }
}
