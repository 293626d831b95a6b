package dev.ippo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ippo.internal.engine.FakeDials;
import dev.ippo.internal.engine.FakeTransport;
import dev.ippo.internal.engine.ManualLoop;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A reconnecting client on the manual loop's clock, each attempt over a fake transport whose
 * server the test plays: the back-off and its jitter, Retry-After, minUptime, maxRetries,
 * the user's close, the messages kept meanwhile. Every event is recorded, and each test
 * compares the whole list.
 */
class ReconnectingWebSocketTest {
  /** No heartbeat: the clock jumps by seconds here, and pings are not what is tested. */
  private static final WebSocketOptions CONNECTION = WebSocketOptions.builder()
      .pingInterval(Duration.ZERO).build();
  private static final String REFUSED = "HTTP/1.1 500 Internal Server Error\r\n\r\n";

  private final ManualLoop loop = new ManualLoop();
  private final FakeDials dials = new FakeDials(loop);
  private final List<String> events = new ArrayList<>();
  /** What the jitter's random source returns: 0.5 is the middle, no spread. */
  private double random = 0.5;
  /** How many attempts were made: each takes a URL first. */
  private int attempts;
  private ReconnectingWebSocket ws;

  private ReconnectingWebSocket client(ReconnectOptions.Builder options) {
    ws = new ReconnectingWebSocket(() -> URI.create("ws://127.0.0.1:9/?n=" + ++attempts),
        options.build(), CONNECTION.maxPayload(), loop,
        url -> new WebSocket(dials.client(url, CONNECTION.settings()), CONNECTION),
        () -> random);
    ws.onOpen(e -> events.add("open"));
    ws.onMessage(e -> events.add("text:" + e.text()));
    ws.onError(e -> events.add("error:" + e.message()));
    ws.onClose(e -> events.add("close:" + e.code() + (e.wasClean() ? ":clean:" : ":unclean:")
        + ws.readyState()));
    ws.onReconnecting(e -> events.add("reconnecting:" + e.attempt() + ":"
        + e.delay().toMillis()));
    return ws;
  }

  private ReconnectingWebSocket client() {
    return client(ReconnectOptions.builder());
  }

  private void assertEvents(String... expected) {
    assertEquals(List.of(expected), events);
    events.clear();
  }

  /** Attempt {@code n} is refused with a 500. */
  private void refuse(int n) throws InterruptedException {
    FakeDials.answer(dials.dial(n), REFUSED);
  }

  /** Attempt {@code n} opens. */
  private FakeTransport accept(int n) throws InterruptedException {
    FakeTransport t = dials.dial(n);
    FakeDials.accept(t);
    return t;
  }

  private static String refusal(int status) {
    return "error:the server refused the connection: HTTP " + status
        + " (Unexpected server response: " + status + ")";
  }

  /** The next attempt starts after exactly {@code millis}, not a millisecond sooner. */
  private void assertNextAttemptAfter(long millis) {
    int before = attempts;
    loop.advance(millis - 1);
    assertEquals(before, attempts, "no attempt before " + millis + " ms");
    loop.advance(1);
    assertEquals(before + 1, attempts, "an attempt at " + millis + " ms");
  }

  /** Fails every attempt and checks each wait: the first attempt's, then each retry's. */
  private void assertWaits(long... waits) throws InterruptedException {
    refuse(1);
    for (int i = 0; i < waits.length; i++) {
      assertEvents(refusal(500), "close:1006:unclean:CONNECTING",
          "reconnecting:" + (i + 1) + ":" + waits[i]);
      assertNextAttemptAfter(waits[i]);
      refuse(i + 2);
    }
  }

  @Test
  void theWaitsGrowByTheFactorUpToMaxDelayWithoutJitterAtTheMiddle()
      throws InterruptedException {
    client(ReconnectOptions.builder().minDelay(Duration.ofSeconds(1))
        .maxDelay(Duration.ofSeconds(10)).growFactor(3));
    assertWaits(1000, 3000, 9000, 10_000, 10_000);
  }

  @Test
  void theLowestJitterHalvesEachWait() throws InterruptedException {
    random = 0;
    client(); // 1 s doubling to 5 s, jitter 0.5
    assertWaits(500, 1000, 2000, 2500, 2500);
  }

  @Test
  void theHighestJitterAddsHalfButNeverPassesMaxDelay() throws InterruptedException {
    random = Math.nextDown(1.0);
    client();
    assertWaits(1500, 3000, 5000, 5000);
  }

  @Test
  void aServiceUnavailableWithRetryAfterIsRetriedNoSoonerThanAsked()
      throws InterruptedException {
    client();
    FakeDials.answer(dials.dial(1), "HTTP/1.1 503 Service Unavailable\r\nRetry-After: 7\r\n\r\n");
    assertEvents(refusal(503), "close:1006:unclean:CONNECTING", "reconnecting:1:7000");
    assertNextAttemptAfter(7000);
    FakeDials.answer(dials.dial(2), "HTTP/1.1 503 Service Unavailable\r\nRetry-After: 0\r\n\r\n");
    assertEvents(refusal(503), "close:1006:unclean:CONNECTING", "reconnecting:2:2000");
    assertNextAttemptAfter(2000); // the back-off, longer than what the server asked
  }

  @Test
  void aRetryAfterBeyondMaxRetryAfterWaitsOnlyThatLong() throws InterruptedException {
    client(ReconnectOptions.builder().maxRetryAfter(Duration.ofSeconds(30)));
    FakeDials.answer(dials.dial(1),
        "HTTP/1.1 503 Service Unavailable\r\nRetry-After: 86400\r\n\r\n");
    assertEvents(refusal(503), "close:1006:unclean:CONNECTING", "reconnecting:1:30000");
    assertNextAttemptAfter(30_000);
  }

  @Test
  void aConnectionThatStayedUpMinUptimeStartsTheCountAgainAndAShorterOneDoesNot()
      throws InterruptedException {
    client(); // minUptime 5 s
    FakeTransport first = accept(1);
    loop.advance(5000);
    first.peerDropped();
    assertEvents("open", "error:the connection dropped without a close frame",
        "close:1006:unclean:CONNECTING", "reconnecting:1:1000");
    assertNextAttemptAfter(1000);
    refuse(2);
    assertEvents(refusal(500), "close:1006:unclean:CONNECTING", "reconnecting:2:2000");
    assertNextAttemptAfter(2000);
    FakeTransport third = accept(3);
    assertEquals(2, ws.retryCount(), "the second retry");
    loop.advance(4999);
    assertEquals(2, ws.retryCount(), "not up for minUptime yet");
    third.peerDropped();
    assertEvents("open", "error:the connection dropped without a close frame",
        "close:1006:unclean:CONNECTING", "reconnecting:3:4000");
    assertNextAttemptAfter(4000);
    FakeTransport fourth = accept(4);
    loop.advance(5000);
    assertEquals(0, ws.retryCount(), "up for minUptime");
    fourth.peerDropped();
    assertEvents("open", "error:the connection dropped without a close frame",
        "close:1006:unclean:CONNECTING", "reconnecting:1:1000");
  }

  @Test
  void afterMaxRetriesFailedTheLastCloseEventSaysClosedAndNothingFollows()
      throws InterruptedException {
    client(ReconnectOptions.builder().maxRetries(2));
    refuse(1);
    assertEvents(refusal(500), "close:1006:unclean:CONNECTING", "reconnecting:1:1000");
    assertNextAttemptAfter(1000);
    refuse(2);
    assertEvents(refusal(500), "close:1006:unclean:CONNECTING", "reconnecting:2:2000");
    assertNextAttemptAfter(2000);
    refuse(3);
    assertEvents(refusal(500), "close:1006:unclean:CLOSED");
    loop.advance(600_000);
    assertEquals(3, attempts);
    assertEquals(0, loop.liveTimers());
    assertEquals(ReadyState.CLOSED, ws.readyState());
    assertEquals(SendResult.NOT_OPEN, ws.send("late"));
  }

  @Test
  void theUsersCloseIsNeverFollowedByAnAttempt() throws InterruptedException {
    client();
    FakeTransport t = accept(1);
    ws.close(CloseCode.NORMAL, "bye");
    assertEquals(ReadyState.CLOSING, ws.readyState());
    assertEquals(List.of("close:1000:bye"), FakeDials.sent(t));
    FakeDials.serverCloses(t, CloseCode.NORMAL);
    assertEvents("open", "close:1000:clean:CLOSED");
    loop.advance(600_000);
    assertEquals(1, attempts);
    assertEquals(0, loop.liveTimers());
  }

  @Test
  void aCloseWhileWaitingEndsTheWaitAndEmitsNothing() throws InterruptedException {
    client();
    refuse(1);
    assertEvents(refusal(500), "close:1006:unclean:CONNECTING", "reconnecting:1:1000");
    ws.close();
    assertEquals(ReadyState.CLOSED, ws.readyState());
    assertEquals(0, loop.liveTimers());
    loop.advance(600_000);
    assertEquals(1, attempts);
    assertEvents();
  }

  @Test
  void aCloseWhileConnectingGivesUpTheAttemptForGood() throws InterruptedException {
    client();
    ws.close();
    assertEquals(ReadyState.CLOSING, ws.readyState());
    loop.runPending();
    assertEvents("error:the connection was closed before it opened",
        "close:1006:unclean:CLOSED");
    loop.advance(600_000);
    assertEquals(1, attempts);
  }

  @Test
  void aServerThatEndsTheSessionOnPurposeIsNotReconnected() throws InterruptedException {
    client();
    FakeDials.serverCloses(accept(1), CloseCode.NORMAL);
    assertEvents("open", "close:1000:clean:CLOSED");
    loop.advance(600_000);
    assertEquals(1, attempts);
  }

  @Test
  void goingAwayRestartAndTryAgainLaterAreReconnected() throws InterruptedException {
    client();
    int n = 1;
    for (int code : new int[] {CloseCode.GOING_AWAY, CloseCode.SERVICE_RESTART,
        CloseCode.TRY_AGAIN_LATER, CloseCode.INTERNAL_ERROR, 4000}) {
      FakeDials.serverCloses(accept(n), code);
      assertEvents("open", "close:" + code + ":clean:CONNECTING",
          "reconnecting:" + n + ":" + (1000L << (n - 1) > 5000 ? 5000 : 1000L << (n - 1)));
      loop.advance(5000);
      n++;
    }
    assertEquals(6, attempts);
  }

  @Test
  void eachAttemptTakesAFreshUrlAndMessagesFlowOnTheNewConnection()
      throws InterruptedException {
    client();
    FakeTransport first = accept(1);
    assertEquals("ws://127.0.0.1:9/?n=1", ws.url());
    FakeDials.serverSends(first, "one");
    first.peerDropped();
    loop.advance(1000);
    FakeTransport second = accept(2);
    assertEquals("ws://127.0.0.1:9/?n=2", ws.url());
    assertEquals(SendResult.SENT, ws.send("again"));
    assertEquals(List.of("text:again"), FakeDials.sent(second));
    FakeDials.serverSends(second, "two");
    assertEvents("open", "text:one",
        "error:the connection dropped without a close frame",
        "close:1006:unclean:CONNECTING", "reconnecting:1:1000", "open", "text:two");
  }

  @Test
  void aSupplierThatFailsCountsAsAFailedAttempt() throws InterruptedException {
    List<String> urls = new ArrayList<>(List.of("ws://127.0.0.1:9/"));
    ws = new ReconnectingWebSocket(() -> {
      attempts++;
      if (urls.isEmpty()) {
        throw new IllegalStateException("no token");
      }
      return URI.create(urls.remove(0));
    }, ReconnectOptions.builder().build(), CONNECTION.maxPayload(), loop,
        url -> new WebSocket(dials.client(url, CONNECTION.settings()), CONNECTION), () -> 0.5);
    ws.onError(e -> events.add("error:" + e.message() + ":" + e.target()));
    ws.onClose(e -> events.add("close:" + e.code() + ":" + e.target()));
    ws.onReconnecting(e -> events.add("reconnecting:" + e.attempt()));
    refuse(1);
    events.clear();
    loop.advance(1000);
    assertEvents("error:cannot make the next attempt: no token:null", "close:1006:null",
        "reconnecting:2");
  }

  @Test
  void messagesSentWhileAwayAreRefusedByDefault() throws InterruptedException {
    client();
    refuse(1);
    assertEquals(SendResult.NOT_OPEN, ws.send("lost"));
    assertEquals(0, ws.bufferedAmount());
    loop.advance(1000);
    FakeTransport t = accept(2);
    assertEquals(List.of(), FakeDials.sent(t));
  }

  @Test
  void messagesSentWhileAwayAreKeptUpToTheLimitAndGoFirstOnTheNextOpen()
      throws InterruptedException {
    client(ReconnectOptions.builder().maxEnqueuedMessages(2));
    ws.onOpen(e -> ws.send("from the open handler"));
    assertEquals(SendResult.QUEUED, ws.send("während")); // before the first open, too
    refuse(1);
    assertEquals(SendResult.QUEUED, ws.send(new byte[] {1, 2, 3}));
    assertEquals(SendResult.DROPPED, ws.send("one too many"));
    assertEquals("während".getBytes(java.nio.charset.StandardCharsets.UTF_8).length + 3,
        ws.bufferedAmount());
    loop.advance(1000);
    FakeTransport t = accept(2);
    assertEquals(List.of("text:während", "binary:\u0001\u0002\u0003",
        "text:from the open handler"), FakeDials.sent(t));
    assertEquals(0, ws.bufferedAmount());
  }

  @Test
  void messagesKeptAreDroppedWhenTheUserCloses() throws InterruptedException {
    client(ReconnectOptions.builder().maxEnqueuedMessages(5));
    refuse(1);
    ws.send("kept");
    ws.close();
    assertEquals(0, ws.bufferedAmount());
    assertEquals(SendResult.NOT_OPEN, ws.send("after close"));
  }

  @Test
  void pingAndPongSayWhetherAConnectionWasOpen() throws InterruptedException {
    client();
    assertEquals(false, ws.ping(new byte[0]));
    FakeTransport t = accept(1);
    assertTrue(ws.ping("p".getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    assertEquals(List.of("ping:p"), FakeDials.sent(t));
    assertThrows(IllegalArgumentException.class, () -> ws.pong(new byte[126]));
  }

  @Test
  void optionsThatMakeNoSenseAreRefusedWhenBuilt() {
    assertThrows(IllegalArgumentException.class, () -> ReconnectOptions.builder()
        .minDelay(Duration.ofSeconds(10)).maxDelay(Duration.ofSeconds(1)).build());
    assertThrows(IllegalArgumentException.class, () -> ReconnectOptions.builder().jitter(1.5));
    assertThrows(IllegalArgumentException.class,
        () -> ReconnectOptions.builder().growFactor(0.5));
    assertThrows(IllegalArgumentException.class,
        () -> ReconnectOptions.builder().maxRetries(-1));
  }
}
