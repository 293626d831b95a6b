package dev.ippo.internal.engine;

import static dev.ippo.internal.codec.WebSocketProtocol.OPCODE_CLOSE;
import static dev.ippo.internal.codec.WebSocketProtocol.OPCODE_PING;
import static dev.ippo.internal.codec.WebSocketProtocol.OPCODE_TEXT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ippo.ReadyState;
import dev.ippo.internal.codec.Role;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

/**
 * The engine's ways to an end, without sockets or sleeping: a fake transport plays the peer
 * and the network, a manual loop the clock.
 */
class ConnectionClosingTest {
  /** A highWaterMark above a flood's queue of pongs. */
  private static final ConnectionSettings ROOMY = new ConnectionSettings(1 << 20, 1 << 20, true,
      Duration.ofSeconds(30), Duration.ofSeconds(10), null, Duration.ZERO, Duration.ofSeconds(1));
  static final ConnectionSettings SETTINGS = new ConnectionSettings(1 << 20, 1000, true,
      Duration.ofSeconds(30), Duration.ofSeconds(10), null, Duration.ZERO, Duration.ofSeconds(1));

  private final ManualLoop loop = new ManualLoop();
  private final FakeTransport transport = new FakeTransport();
  private final RecordingEvents events = new RecordingEvents();
  private long sendBudget = ServerSettings.SEND_BUDGET;
  private ConnectionSettings settings = SETTINGS;
  private ServerContext server;

  private Connection openServer() {
    server = TestServers.context(settings, sendBudget);
    Connection c = Connection.server("ws://test/", loop, server);
    c.listen(events);
    c.open(transport, null, "", "", null, null);
    return c;
  }

  private Connection openClient() {
    return transport.openClient(loop, events, SETTINGS);
  }

  private List<String> sent(Role by) {
    return Wire.frames(transport.written(), by);
  }

  @Test
  void theClosingHandshakeEndsCleanWithThePeersCodeAndReason() {
    Connection c = openServer();
    c.close(1000, "bye");
    assertEquals(ReadyState.CLOSING, c.readyState());
    assertEquals(List.of("close:1000:bye"), sent(Role.SERVER));

    transport.receive(Wire.fromClient(OPCODE_CLOSE, Wire.close(1000, "ok")));
    assertTrue(transport.closeAfterWritesAsked(), "the server closes TCP first");
    transport.writesLeft();
    events.assertEvents("open", "close:1000:ok:clean");
    assertEquals(ReadyState.CLOSED, c.readyState());
    assertEquals(0, loop.liveTimers());
  }

  @Test
  void thePeersCloseIsAnsweredWithItsCodeAndNothingMayFollowIt() {
    Connection c = openServer();
    transport.receive(Wire.fromClient(OPCODE_CLOSE, Wire.close(1001, "going")));
    c.send("too late");
    transport.writesLeft();
    assertEquals(List.of("close:1001:"), sent(Role.SERVER));
    events.assertEvents("open", "close:1001:going:clean");
  }

  @Test
  void aPeerThatNeverAnswersOurCloseIsDroppedAfterCloseTimeout() {
    Connection c = openClient();
    c.close(1000, "");
    loop.advance(29_999);
    events.assertEvents("open");
    loop.advance(1);
    events.assertEvents("open",
        "error:no close frame from the peer within closeTimeout (30000 ms)",
        "close:1006::unclean");
    assertTrue(transport.isClosed());
    assertEquals(List.of("close:1000:"), sent(Role.CLIENT));
  }

  @Test
  void aClientThatGotTheServersCloseWaitsForItsTcpCloseThenEndsCleanWithoutAnError() {
    Connection c = openClient();
    transport.receive(Wire.fromServer(OPCODE_CLOSE, Wire.close(1000, "done")));
    assertEquals(List.of("close:1000:"), sent(Role.CLIENT));
    assertFalse(transport.isClosed(), "a client leaves the TCP close to the server");
    loop.advance(30_000);
    assertTrue(transport.isClosed());
    events.assertEvents("open", "close:1000:done:clean");
  }

  @Test
  void aPeerThatDropsInsteadOfAnsweringOurCloseEndsAbnormal() {
    Connection c = openServer();
    c.close(4000, "");
    transport.peerDropped();
    events.assertEvents("open", "error:the connection dropped without a close frame",
        "close:1006::unclean");
    assertEquals(0, loop.liveTimers());
  }

  @Test
  void aConnectionDroppedWithoutAnyCloseIsAnError() {
    openServer();
    transport.peerDropped();
    events.assertEvents("open", "error:the connection dropped without a close frame",
        "close:1006::unclean");
  }

  @Test
  void aSlowConsumerIsDroppedInTheLoopsNextTaskWithOneErrorNamingTheLimit() {
    Connection c = openServer();
    transport.peerStopsReading();
    transport.queued(1001); // over the highWaterMark of 1000
    c.send("x");
    events.assertEvents("open"); // not inside send: its caller may be iterating connections
    assertFalse(transport.isClosed());
    loop.runPending();
    events.assertEvents("open",
        "error:the peer is too slow: 1001 bytes queued, over the highWaterMark of 1000",
        "close:1006::unclean");
    assertTrue(transport.isClosed());
    c.send("y");
    assertEquals(List.of("text:x"), sent(Role.SERVER));
  }

  @Test
  void oneMessageLongerThanTheHighWaterMarkStillGoesOut() {
    Connection c = openServer();
    transport.peerStopsReading();
    c.send("a".repeat(5000)); // the queue was empty: over the mark of 1000 only after it
    transport.queued(5004);
    events.assertEvents("open");
    assertFalse(transport.isClosed());
    c.send("b"); // over the mark when another frame comes: too slow
    loop.runPending();
    assertTrue(transport.isClosed());
  }

  @Test
  void aBurstTheLoopHasNotWrittenYetIsNoSlowConsumer() {
    Connection c = openServer();
    transport.queued(5000); // over the mark of 1000, but the network takes all it is given
    c.send("x");
    assertFalse(transport.isClosed());
    events.assertEvents("open");
  }

  @Test
  void whileThePeerDoesNotReadOnlyItsLatestPingIsAnsweredOnceWritesLeave() {
    openServer();
    transport.receive(Wire.fromClient(OPCODE_PING, ascii("p1")));
    transport.peerStopsReading();
    for (int i = 2; i <= 100; i++) {
      transport.receive(Wire.fromClient(OPCODE_PING, ascii("p" + i)));
    }
    assertEquals(List.of("pong:p1"), sent(Role.SERVER));
    transport.drained();
    assertEquals(List.of("pong:p1", "pong:p100"), sent(Role.SERVER));
  }

  @Test
  void pingsAreAnsweredEachWhileTheQueueIsShort() {
    openServer();
    transport.receive(pings("a", "b", "c"));
    assertEquals(List.of("pong:a", "pong:b", "pong:c"), sent(Role.SERVER));
  }

  @Test
  void underAFloodOnlyTheLatestPingOfAReadIsAnswered() {
    settings = ROOMY;
    openServer();
    transport.queued(Pongs.AT_ONCE); // a turn's worth of frames already queued
    transport.receive(pings("a", "b", "c"));
    assertEquals(List.of("pong:c"), sent(Role.SERVER));
  }

  @Test
  void aPongOwedUnderAFloodIsQueuedBeforeTheNextMessageIsDelivered() {
    settings = ROOMY;
    openServer();
    transport.queued(Pongs.AT_ONCE);
    List<List<String>> sentBeforeTheMessage = new ArrayList<>();
    events.onText = text -> sentBeforeTheMessage.add(sent(Role.SERVER));
    ByteBuffer read = ByteBuffer.allocate(64);
    read.put(pings("a", "b")).put(Wire.fromClient(OPCODE_TEXT, ascii("m")));
    transport.receive(Arrays.copyOf(read.array(), read.position()));
    assertEquals(List.of(List.of("pong:b")), sentBeforeTheMessage,
        "what the application sends for the message comes after the pong");
  }

  private static byte[] pings(String... payloads) {
    ByteBuffer read = ByteBuffer.allocate(64);
    for (String p : payloads) {
      read.put(Wire.fromClient(OPCODE_PING, ascii(p)));
    }
    return Arrays.copyOf(read.array(), read.position());
  }

  private static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }

  @Test
  void aPeerThatDoesNotReadIsDroppedWhenTheSendBudgetIsSpentAndGivesItBack() {
    sendBudget = 600;
    Connection c = openServer();
    transport.peerStopsReading();
    transport.queued(500);
    c.send("x"); // 500 + 3 bytes wait: within the budget
    assertEquals(503, server.sending().used());
    transport.drained();
    assertEquals(0, server.sending().used(), "given back once the peer read it all");
    transport.peerStopsReading();
    transport.queued(700);
    c.send("y");
    loop.runPending();
    events.assertEvents("open", "drain", "error:the peer is too slow: 700 bytes queued, and the"
        + " server's send budget of 600 bytes is spent", "close:1006::unclean");
    assertEquals(0, server.sending().used());
  }

  @Test
  void theFirstCauseWinsOneErrorEventEvenWhenAnotherFollows() {
    Connection c = openServer();
    // A client frame without its mask: a protocol violation, answered with 1002.
    transport.receive(Wire.fromServer(OPCODE_TEXT, "x".getBytes(StandardCharsets.UTF_8)));
    c.terminate();
    events.assertEvents("open", "error:EXPECTED_MASK", "close:1006::unclean");
    assertEquals(List.of("close:1002:"), sent(Role.SERVER));
  }

  @Test
  void terminateEndsWithoutAnErrorAndWithoutAFrame() {
    Connection c = openServer();
    c.terminate();
    events.assertEvents("open", "close:1006::unclean");
    assertEquals(List.of(), sent(Role.SERVER));
  }

  @Test
  void closeFromManyThreadsAtOnceSendsOneCloseFrameAndArmsOneTimer() throws Exception {
    Connection c = openServer();
    CountDownLatch start = new CountDownLatch(1);
    List<Thread> threads = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      int code = 4000 + i;
      Thread t = new Thread(() -> {
        try {
          start.await();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        c.close(code, "");
      });
      t.start();
      threads.add(t);
    }
    start.countDown();
    for (Thread t : threads) {
      t.join(5000);
    }
    loop.runPending();
    List<String> frames = sent(Role.SERVER);
    assertEquals(1, frames.size(), frames.toString());
    assertTrue(frames.get(0).startsWith("close:40"), frames.toString());
    assertEquals(ReadyState.CLOSING, c.readyState());
    assertEquals(1, loop.liveTimers());
  }

  @Test
  void closeArgumentsAreCheckedOnceBeforeAnythingChanges() {
    Connection c = openServer();
    for (Runnable bad : List.<Runnable>of(() -> c.close(1006, ""), () -> c.close(999, ""),
        () -> c.close(1005, "reason without code"), () -> c.close(1000, "x".repeat(124)))) {
      try {
        bad.run();
        throw new AssertionError("accepted");
      } catch (IllegalArgumentException expected) {
        assertEquals(ReadyState.OPEN, c.readyState());
      }
    }
    assertEquals(List.of(), sent(Role.SERVER));
  }
}
