package dev.ippo.internal.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ippo.HttpHandler;
import dev.ippo.ReadyState;
import dev.ippo.VerifyClient;
import dev.ippo.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The server's side of the handshake on a fake transport and a fake clock: the deadline
 * closes a head that never ends, exactly when it falls due, and an answered handshake stops
 * it. Nothing sleeps; a 10 s deadline passes in no time.
 */
class UpgradeHandlerTest {
  private static final long DEADLINE = 10_000;
  private static final String UPGRADE = "GET /chat HTTP/1.1\r\nHost: test\r\n"
      + "Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\n"
      + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n";

  private final ManualLoop loop = new ManualLoop();
  private final FakeTransport transport = new FakeTransport();
  private final List<Connection> accepted = new ArrayList<>();
  private ServerContext server;

  private UpgradeHandler handler(VerifyClient verify, HttpHandler http) {
    ConnectionSettings connection = new ConnectionSettings(1 << 20, 1000, true,
        Duration.ofSeconds(30), Duration.ofMillis(DEADLINE), null, Duration.ZERO,
        Duration.ofSeconds(1));
    ServerSettings settings = TestServers.settings(connection, verify, http,
        ServerSettings.SEND_BUDGET);
    UpgradeHandler.Host host = (c, request) -> {
      c.listen(new RecordingEvents());
      accepted.add(c);
    };
    server = new ServerContext(settings);
    assertTrue(server.handshakeBegins(), "as ServerLoops counts each accepted connection");
    UpgradeHandler h = new UpgradeHandler(host, server, loop);
    transport.handler(h);
    h.attach(transport);
    return h;
  }

  private void send(String text) {
    transport.receive(text.getBytes(StandardCharsets.US_ASCII));
  }

  private String written() {
    return new String(transport.written(), StandardCharsets.US_ASCII);
  }

  @Test
  void aHeadThatNeverEndsIsClosedWhenTheDeadlineFallsDue() {
    handler(null, null);
    send("GET / HTTP/1.1\r\nHost: x\r\n");
    loop.advance(DEADLINE / 2);
    send("X-Slow: 1\r\n");
    loop.advance(DEADLINE / 2 - 1);
    assertFalse(transport.isClosed(), "trickling does not move the deadline, but it is not due");
    assertEquals(1, server.handshakes());
    loop.advance(1);
    assertTrue(transport.isClosed());
    assertEquals("", written(), "a timed-out handshake is dropped without an answer");
    assertEquals(0, server.handshakes(), "it no longer counts against the bound");
  }

  @Test
  void anAcceptedUpgradeStopsTheDeadline() {
    handler(null, null);
    send(UPGRADE);
    assertTrue(written().startsWith("HTTP/1.1 101 "), written());
    assertEquals(1, accepted.size());
    assertEquals(0, server.handshakes(), "an open connection is no handshake in progress");
    loop.advance(DEADLINE * 3);
    assertFalse(transport.isClosed());
    assertEquals(ReadyState.OPEN, accepted.get(0).readyState());
  }

  @Test
  void aPlainRequestIsAnsweredAndTheDeadlineStopped() {
    handler(null, (request, responder) -> responder.send(200, "text/plain", new byte[] {'k'}));
    send("GET /page HTTP/1.1\r\nHost: x\r\n\r\n");
    assertTrue(written().startsWith("HTTP/1.1 200 "), written());
    assertTrue(transport.closeAfterWritesAsked());
    loop.advance(DEADLINE * 3);
    assertFalse(transport.isClosed(), "only the answer's end closes it");
  }

  @Test
  void theDeadlineCoversAVerifyClientThatNeverAnswers() {
    List<HttpRequest> asked = new ArrayList<>();
    handler((request, verdict) -> asked.add(request), null);
    send(UPGRADE);
    assertEquals(1, asked.size());
    loop.advance(DEADLINE - 1);
    assertFalse(transport.isClosed());
    loop.advance(1);
    assertTrue(transport.isClosed());
    assertTrue(accepted.isEmpty());
  }

  @Test
  void aVerdictAfterTheDeadlineChangesNothing() {
    List<VerifyClient.Verdict> verdicts = new ArrayList<>();
    handler((request, verdict) -> verdicts.add(verdict), null);
    send(UPGRADE);
    loop.advance(DEADLINE);
    verdicts.get(0).accept();
    loop.runPending();
    assertTrue(accepted.isEmpty());
    assertEquals("", written());
  }

  @Test
  void aLateAcceptBeforeTheDeadlineOpens() {
    List<VerifyClient.Verdict> verdicts = new ArrayList<>();
    handler((request, verdict) -> verdicts.add(verdict), null);
    send(UPGRADE);
    loop.advance(DEADLINE - 1);
    verdicts.get(0).accept();
    loop.runPending();
    assertEquals(1, accepted.size());
    loop.advance(DEADLINE);
    assertFalse(transport.isClosed());
    assertEquals(ReadyState.OPEN, accepted.get(0).readyState());
  }

  @Test
  void beyondTheBoundNoHandshakeBegins() {
    ServerContext context = TestServers.context(ConnectionClosingTest.SETTINGS,
        ServerSettings.SEND_BUDGET);
    for (int i = 0; i < ServerSettings.MAX_HANDSHAKES; i++) {
      assertTrue(context.handshakeBegins());
    }
    assertFalse(context.handshakeBegins());
    assertEquals(ServerSettings.MAX_HANDSHAKES, context.handshakes());
    context.handshakeEnded();
    assertTrue(context.handshakeBegins(), "one ended: one may begin");
  }
}
