package dev.ippo.internal.engine;

import static dev.ippo.internal.codec.WebSocketProtocol.OPCODE_PING;
import static dev.ippo.internal.codec.WebSocketProtocol.OPCODE_PONG;
import static dev.ippo.internal.codec.WebSocketProtocol.OPCODE_TEXT;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.ippo.ReadyState;
import dev.ippo.internal.codec.Role;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The heartbeat, on the manual loop's clock: a ping after pingInterval of silence, the end
 * after pongTimeout of more silence, and anything from the peer counts as an answer.
 */
class HeartbeatTest {
  /** Pings after 1 s of silence, ends after 0.5 s more; the scan runs every 125 ms. */
  private static final ConnectionSettings HEARTBEAT = new ConnectionSettings(1 << 20, 1 << 20,
      true, Duration.ofSeconds(30), Duration.ofSeconds(10), null, Duration.ofSeconds(1),
      Duration.ofMillis(500));

  private final ManualLoop loop = new ManualLoop();
  private final FakeTransport transport = new FakeTransport();
  private final RecordingEvents events = new RecordingEvents();

  private ServerContext server;

  private Connection openServer(ConnectionSettings settings) {
    server = TestServers.context(settings, ServerSettings.SEND_BUDGET);
    Connection c = Connection.server("ws://test/", loop, server);
    c.listen(events);
    c.open(transport, null, "", "", null, null);
    return c;
  }

  private long pingsSent(Role by) {
    return Wire.frames(transport.written(), by).stream().filter(f -> f.startsWith("ping:"))
        .count();
  }

  private void clientSends(int opcode, String payload) {
    transport.receive(Wire.fromClient(opcode, payload.getBytes(StandardCharsets.UTF_8)));
  }

  @Test
  void aSilentPeerIsPingedAfterPingIntervalThenEndedAfterPongTimeout() {
    Connection c = openServer(HEARTBEAT);
    loop.advance(999);
    assertEquals(0, pingsSent(Role.SERVER), "not before a whole interval of silence");
    loop.advance(1);
    assertEquals(1, pingsSent(Role.SERVER));
    loop.advance(499);
    assertEquals(ReadyState.OPEN, c.readyState());
    loop.advance(1);
    events.assertEvents("open",
        "error:no pong within pongTimeout (500 ms) of a ping sent after 1000 ms of silence",
        "close:1006::unclean");
    assertEquals(1, pingsSent(Role.SERVER), "one ping, not one per scan");
    assertEquals(1, server.counters().heartbeatTimeouts());
    assertEquals(1, server.counters().closed(ServerCounters.CloseClass.UNCLEAN));
    assertEquals(0, loop.liveTimers(), "the scan stops with its last connection");
  }

  @Test
  void anyFrameAnswersThePingAndAPeerThatKeepsTalkingIsNeverPinged() {
    Connection c = openServer(HEARTBEAT);
    loop.advance(1000);
    assertEquals(1, pingsSent(Role.SERVER));
    loop.advance(300);
    clientSends(OPCODE_TEXT, "no pong, but a message"); // at 1300 ms
    loop.advance(900);
    assertEquals(ReadyState.OPEN, c.readyState(), "past the pong timeout, alive");
    assertEquals(1, pingsSent(Role.SERVER), "silent for 900 ms only");
    for (int i = 0; i < 20; i++) {
      clientSends(OPCODE_TEXT, "chat");
      loop.advance(900);
    }
    assertEquals(1, pingsSent(Role.SERVER), "never silent for a whole interval");
    events.assertEvents("open", "text:no pong, but a message",
        "text:chat", "text:chat", "text:chat", "text:chat", "text:chat", "text:chat",
        "text:chat", "text:chat", "text:chat", "text:chat", "text:chat", "text:chat",
        "text:chat", "text:chat", "text:chat", "text:chat", "text:chat", "text:chat",
        "text:chat", "text:chat");
  }

  @Test
  void aPongAnswersAndTheNextSilenceIsPingedAgain() {
    Connection c = openServer(HEARTBEAT);
    loop.advance(1000);
    clientSends(OPCODE_PONG, "");
    loop.advance(999);
    assertEquals(ReadyState.OPEN, c.readyState());
    assertEquals(1, pingsSent(Role.SERVER));
    loop.advance(1);
    assertEquals(2, pingsSent(Role.SERVER), "1000 ms after the pong");
    clientSends(OPCODE_PONG, "");
    loop.advance(10_000);
    assertEquals(ReadyState.CLOSED, c.readyState(), "the last pong was 10 s ago");
  }

  @Test
  void thePongOfTheHeartbeatsPingMeasuresTheRoundTrip() {
    Connection c = openServer(HEARTBEAT);
    assertEquals(-1, c.roundTripMicros(), "nothing measured yet");
    loop.advance(1000);
    clientSends(OPCODE_PONG, "unsolicited"); // at 1000 ms: not the ping's payload
    assertEquals(-1, c.roundTripMicros());
    loop.advance(7);
    byte[] pingTime = ByteBuffer.allocate(Long.BYTES).putLong(1_000_000_000L).array();
    transport.receive(Wire.fromClient(OPCODE_PONG, pingTime));
    assertEquals(7_000, c.roundTripMicros(), "the ping went at 1000 ms");
  }

  @Test
  void theUsersPingAndItsPongMeasureTheRoundTripAndOtherPongsDoNot() {
    Connection c = openServer(HEARTBEAT);
    c.sendControl(OPCODE_PING, "mine".getBytes(StandardCharsets.UTF_8));
    loop.advance(3);
    clientSends(OPCODE_PONG, "someone else's");
    assertEquals(-1, c.roundTripMicros());
    clientSends(OPCODE_PONG, "mine");
    assertEquals(3_000, c.roundTripMicros());
    loop.advance(5);
    clientSends(OPCODE_PONG, "mine");
    assertEquals(3_000, c.roundTripMicros(), "a ping is answered once");
  }

  @Test
  void aPausedConnectionIsNotEndedForTheSilenceItDoesNotRead() {
    Connection c = openServer(HEARTBEAT);
    c.pause();
    loop.advance(60_000);
    assertEquals(ReadyState.OPEN, c.readyState(), "what the peer sent waits unread");
    assertEquals(0, pingsSent(Role.SERVER));
    c.resume();
    loop.advance(999);
    assertEquals(0, pingsSent(Role.SERVER), "silence counts from the resume");
    loop.advance(1);
    assertEquals(1, pingsSent(Role.SERVER));
  }

  @Test
  void aClientPingsTooAndZeroTurnsTheHeartbeatOff() {
    Connection client = transport.openClient(loop, events, HEARTBEAT);
    loop.advance(1000);
    assertEquals(1, pingsSent(Role.CLIENT), "masked, as a client's frames are");
    client.terminate();
    loop.advance(125);
    assertEquals(0, loop.liveTimers(), "the scan stops once it finds no connection");

    ManualLoop quiet = new ManualLoop();
    FakeTransport wire = new FakeTransport();
    Connection off = Connection.server("ws://test/", quiet, TestServers.context(
        ConnectionClosingTest.SETTINGS, ServerSettings.SEND_BUDGET));
    off.listen(new RecordingEvents());
    off.open(wire, null, "", "", null, null);
    quiet.advance(3_600_000);
    assertEquals(List.of(), Wire.frames(wire.written(), Role.SERVER), "an hour, no ping");
    assertEquals(ReadyState.OPEN, off.readyState());
    assertEquals(0, quiet.liveTimers());
  }
}
