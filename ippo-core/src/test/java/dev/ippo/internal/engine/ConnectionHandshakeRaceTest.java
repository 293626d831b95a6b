package dev.ippo.internal.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ippo.ReadyState;
import dev.ippo.http.Headers;
import dev.ippo.internal.codec.Role;
import dev.ippo.internal.codec.ServerHandshake;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * close() and terminate() called while a client is CONNECTING, in both orders against the
 * server's 101: whichever comes first, the connection ends (it once stayed open). The order
 * is chosen by running the loop's tasks by hand, so no timing is involved.
 */
class ConnectionHandshakeRaceTest {
  private static final Pattern KEY = Pattern.compile("Sec-WebSocket-Key: (\\S+)\r\n");

  private final ManualLoop loop = new ManualLoop();
  private final FakeTransport transport = new FakeTransport();
  private final RecordingEvents events = new RecordingEvents();

  /** A client whose TCP connection is up and whose request went out; returns the 101. */
  private Connection connecting() throws Exception {
    Connection c = Connection.client(
        new ClientConnector.Target(URI.create("ws://127.0.0.1:9/"), List.of(), new Headers()),
        loop, (address, handler) -> {
          transport.handler(handler);
          return transport;
        },
        () -> 0x01020304, ConnectionClosingTest.SETTINGS);
    c.listen(events);
    c.connect();
    loop.awaitTask(5); // the name look-up runs off the loop, then connects on it
    transport.connected();
    assertEquals(ReadyState.CONNECTING, c.readyState());
    return c;
  }

  private byte[] answer() {
    String request = new String(transport.written(), StandardCharsets.ISO_8859_1);
    Matcher key = KEY.matcher(request);
    assertTrue(key.find(), request);
    ByteBuffer accept = ServerHandshake.accept(key.group(1), null, null, null);
    byte[] bytes = new byte[accept.remaining()];
    accept.get(bytes);
    return bytes;
  }

  /** Frames the client wrote after its request. */
  private List<String> framesAfterRequest() {
    String all = new String(transport.written(), StandardCharsets.ISO_8859_1);
    int end = all.indexOf("\r\n\r\n") + 4;
    byte[] written = transport.written();
    byte[] frames = java.util.Arrays.copyOfRange(written, end, written.length);
    return Wire.frames(frames, Role.CLIENT);
  }

  @Test
  void closeBeforeThe101GivesUpTheAttemptAndThe101IsIgnored() throws Exception {
    Connection c = connecting();
    byte[] answer = answer();
    c.close(1000, "");
    loop.runPending();
    transport.receive(answer);
    events.assertEvents("error:the connection was closed before it opened", "close:1006::unclean");
    assertEquals(ReadyState.CLOSED, c.readyState());
    assertTrue(transport.isClosed());
    assertEquals(0, loop.liveTimers(), "the handshake timer is cancelled");
  }

  @Test
  void closeWhose101CameFirstClosesTheOpenConnection() throws Exception {
    Connection c = connecting();
    c.close(1000, "changed my mind");
    transport.receive(answer());
    loop.runPending();
    events.assertEvents("open");
    assertEquals(ReadyState.CLOSING, c.readyState());
    assertEquals(List.of("close:1000:changed my mind"), framesAfterRequest());
  }

  @Test
  void terminateBeforeThe101GivesUpTheAttempt() throws Exception {
    Connection c = connecting();
    byte[] answer = answer();
    c.terminate();
    loop.runPending();
    transport.receive(answer);
    events.assertEvents("error:the connection was terminated before it opened",
        "close:1006::unclean");
  }

  @Test
  void terminateWhose101CameFirstDropsTheOpenConnection() throws Exception {
    Connection c = connecting();
    c.terminate();
    transport.receive(answer());
    loop.runPending();
    events.assertEvents("open", "close:1006::unclean");
    assertEquals(ReadyState.CLOSED, c.readyState());
    assertEquals(List.of(), framesAfterRequest());
  }

  @Test
  void aHandshakeThatNeverAnswersTimesOutOnTheLoopsClock() throws Exception {
    Connection c = connecting();
    loop.advance(9_999);
    events.assertEvents();
    loop.advance(1);
    events.assertEvents("error:the opening handshake timed out after 10000 ms",
        "close:1006::unclean");
    assertEquals(ReadyState.CLOSED, c.readyState());
  }
}
