package dev.ippo.internal.engine;

import static dev.ippo.internal.codec.WebSocketProtocol.OPCODE_PING;
import static dev.ippo.internal.codec.WebSocketProtocol.OPCODE_TEXT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ippo.ReadyState;
import dev.ippo.SendResult;
import dev.ippo.SlowConsumerPolicy;
import dev.ippo.internal.codec.Role;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What send says, and the slow-consumer policies: CLOSE ends a peer over its highWaterMark,
 * DROP skips messages to it while it stays over, counted in one event per loop turn, and
 * never skips a pong or a close frame. The highWaterMark here is 1000 bytes.
 */
class SlowConsumerTest {
  private final ManualLoop loop = new ManualLoop();
  private final FakeTransport transport = new FakeTransport();
  private final RecordingEvents events = new RecordingEvents();
  private ServerContext server;

  private Connection openServer(SlowConsumerPolicy policy, long sendBudget) {
    server = TestServers.context(ConnectionClosingTest.SETTINGS, sendBudget, policy);
    Connection c = Connection.server("ws://test/", loop, server);
    c.listen(events);
    c.open(transport, null, "", "", null, null);
    return c;
  }

  private Connection openServer(SlowConsumerPolicy policy) {
    return openServer(policy, ServerSettings.SEND_BUDGET);
  }

  private List<String> sent() {
    return Wire.frames(transport.written(), Role.SERVER);
  }

  private static SharedFrames published(String text, SlowConsumerPolicy policy) {
    return new SharedFrames(OPCODE_TEXT, text.getBytes(StandardCharsets.UTF_8), policy);
  }

  @Test
  void sendSaysSentThenQueuedBehindAPeerThatDoesNotReadThenNotOpen() {
    Connection c = openServer(SlowConsumerPolicy.CLOSE);
    assertEquals(SendResult.SENT, c.send("a"));
    transport.peerStopsReading();
    transport.queued(500);
    assertEquals(SendResult.QUEUED, c.send("b"), "under the mark, behind what waits");
    transport.queued(1001);
    assertEquals(SendResult.NOT_OPEN, c.send("c"), "over the mark: the peer is ended");
    loop.runPending();
    assertEquals(ReadyState.CLOSED, c.readyState());
    assertEquals(SendResult.NOT_OPEN, c.send("d"));
    assertEquals(1, server.counters().slowConsumerCloses());
    assertEquals(2, server.counters().traffic().snapshot().messagesOut(),
        "a and b; c ended the peer, d came after");
  }

  @Test
  void dropSkipsMessagesWhileThePeerIsOverTheMarkAndCountsThemInOneEvent() {
    Connection c = openServer(SlowConsumerPolicy.DROP);
    transport.peerStopsReading();
    transport.queued(1001);
    assertEquals(SendResult.DROPPED, c.send("a"));
    assertEquals(SendResult.DROPPED, c.sendShared(published("b", null)));
    assertEquals(SendResult.DROPPED, c.send("c"));
    events.assertEvents("open"); // not inside the broadcast that found it
    loop.runPending();
    events.assertEvents("open", "dropped:3");
    assertEquals(List.of(), sent(), "nothing queued for it");

    transport.receive(Wire.fromClient(OPCODE_PING, "still there?".getBytes(
        StandardCharsets.UTF_8)));
    transport.drained();
    transport.queued(0);
    assertEquals(SendResult.SENT, c.send("d"), "back under the mark: messages flow again");
    c.close(1001, "bye");
    assertEquals(List.of("pong:still there?", "text:d", "close:1001:bye"), sent());
    assertEquals(ReadyState.CLOSING, c.readyState(), "never ended as too slow");
    events.assertEvents("open", "dropped:3", "ping:still there?", "drain");
    assertEquals(3, server.counters().slowConsumerDrops());
    assertEquals(0, server.counters().slowConsumerCloses());
  }

  @Test
  void underDropControlFramesOverTheMarkGoAndDoNotEndThePeer() {
    Connection c = openServer(SlowConsumerPolicy.DROP);
    transport.peerStopsReading();
    transport.queued(1001);
    c.sendControl(OPCODE_PING, new byte[0]);
    transport.receive(Wire.fromClient(OPCODE_PING, new byte[0])); // its pong is owed
    loop.runPending();
    assertEquals(ReadyState.OPEN, c.readyState());
    transport.drained(); // the owed pong goes as soon as the peer reads
    assertEquals(List.of("ping:", "pong:"), sent());
  }

  @Test
  void dropSkipsWhatTheSendBudgetCannotCoverInsteadOfEndingThePeer() {
    Connection c = openServer(SlowConsumerPolicy.DROP, 100);
    transport.peerStopsReading();
    assertEquals(SendResult.QUEUED, c.send("x".repeat(50)));
    transport.queued(52);
    assertEquals(SendResult.DROPPED, c.send("y".repeat(60)), "52 + 62 bytes > budget of 100");
    loop.runPending();
    assertEquals(ReadyState.OPEN, c.readyState());
    events.assertEvents("open", "dropped:1");
  }

  @Test
  void aPublishsOwnPolicyOverridesTheServers() {
    Connection dropping = openServer(SlowConsumerPolicy.CLOSE);
    transport.peerStopsReading();
    transport.queued(1001);
    assertEquals(SendResult.DROPPED,
        dropping.sendShared(published("price", SlowConsumerPolicy.DROP)));
    loop.runPending();
    assertEquals(ReadyState.OPEN, dropping.readyState());

    assertEquals(SendResult.NOT_OPEN,
        dropping.sendShared(published("chat", SlowConsumerPolicy.CLOSE)));
    loop.runPending();
    assertEquals(ReadyState.CLOSED, dropping.readyState());
    assertTrue(events.events.contains("dropped:1"), events.events.toString());
  }

  @Test
  void aClientIsNeverSkippedItsServerChoosesNothingForIt() {
    Connection client = transport.openClient(loop, events, ConnectionClosingTest.SETTINGS);
    transport.peerStopsReading();
    transport.queued(500);
    assertEquals(SendResult.QUEUED, client.send("a"));
    assertFalse(transport.isClosed());
  }
}
