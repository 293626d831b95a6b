package dev.ippo.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ippo.EchoFixture;
import dev.ippo.WebSocketServer;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Opening handshakes that break RFC 6455 section 4, sent by hand to Ippo's server: each must
 * get the HTTP status the RFC (or RFC 6585 for 431) names, the connection must then be
 * closed, and a good client on the same server must still be served.
 *
 * <p>Not thread safe; JUnit runs it on one thread.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HandshakeConformanceTest {
  private static final String HOST = "127.0.0.1";
  private static final Duration TIMEOUT = Duration.ofSeconds(3);

  private WebSocketServer plain;
  private WebSocketServer withPath;
  private WebSocketServer verifying;
  private WebSocketServer refusingAll;
  private WebSocketServer quickTimeout;

  @BeforeAll
  void startServers() throws IOException {
    plain = EchoFixture.start(WebSocketServer.builder().port(0).host(HOST));
    withPath = EchoFixture.start(WebSocketServer.builder().port(0).host(HOST).path("/ws"));
    verifying = EchoFixture.start(WebSocketServer.builder().port(0).host(HOST)
        .verifyClient(r -> "yes".equals(r.header("X-Let-Me-In"))));
    refusingAll = EchoFixture.start(WebSocketServer.builder().port(0).host(HOST)
        .verifyClient(r -> false));
    quickTimeout = EchoFixture.start(WebSocketServer.builder().port(0).host(HOST)
        .handshakeTimeout(Duration.ofSeconds(1)));
  }

  @AfterAll
  void stopServers() {
    for (WebSocketServer s :
        new WebSocketServer[] {plain, withPath, verifying, refusingAll, quickTimeout}) {
      if (s != null) {
        s.close();
      }
    }
  }

  @Test
  @DisplayName("H.1 POST instead of GET -> 400")
  void post() throws Exception {
    assertRefused(plain, good(plain).requestLine("POST / HTTP/1.1"), 400);
    assertStillServes(plain, good(plain));
  }

  @Test
  @DisplayName("H.2 HTTP/1.0 -> 400")
  void http10() throws Exception {
    assertRefused(plain, good(plain).requestLine("GET / HTTP/1.0"), 400);
    assertStillServes(plain, good(plain));
  }

  @Test
  @DisplayName("H.3 no Upgrade field -> 400")
  void missingUpgrade() throws Exception {
    assertRefused(plain, good(plain).remove("Upgrade"), 400);
    assertStillServes(plain, good(plain));
  }

  @Test
  @DisplayName("H.15 Upgrade: h2c instead of websocket -> 400")
  void wrongUpgrade() throws Exception {
    assertRefused(plain, good(plain).set("Upgrade", "h2c"), 400);
    assertStillServes(plain, good(plain));
  }

  @Test
  @DisplayName("H.4 no Connection field -> 400")
  void missingConnection() throws Exception {
    assertRefused(plain, good(plain).remove("Connection"), 400);
    assertStillServes(plain, good(plain));
  }

  @Test
  @DisplayName("H.5 no Host field -> 400")
  void missingHost() throws Exception {
    assertRefused(plain, good(plain).remove("Host"), 400);
    assertStillServes(plain, good(plain));
  }

  @Test
  @DisplayName("H.6 no Sec-WebSocket-Key -> 400")
  void missingKey() throws Exception {
    assertRefused(plain, good(plain).remove("Sec-WebSocket-Key"), 400);
    assertStillServes(plain, good(plain));
  }

  @Test
  @DisplayName("H.7 Sec-WebSocket-Key of 10 bytes, not 16 -> 400")
  void shortKey() throws Exception {
    assertRefused(plain, good(plain).set("Sec-WebSocket-Key", "dGhlIHNhbXBsZQ=="), 400);
    assertStillServes(plain, good(plain));
  }

  @Test
  @DisplayName("H.8 Sec-WebSocket-Key that is not Base64 -> 400")
  void keyNotBase64() throws Exception {
    assertRefused(plain, good(plain).set("Sec-WebSocket-Key", "not*base64*at*all*here"), 400);
    assertStillServes(plain, good(plain));
  }

  @Test
  @DisplayName("H.9 Sec-WebSocket-Version 8 -> 426 with Sec-WebSocket-Version: 13")
  void oldVersion() throws Exception {
    HttpHead response =
        assertRefused(plain, good(plain).set("Sec-WebSocket-Version", "8"), 426);
    assertEquals("13", response.header("Sec-WebSocket-Version"), "the version to use");
    assertStillServes(plain, good(plain));
  }

  @Test
  @DisplayName("H.10 a request head over 8 KiB -> 431")
  void headTooLarge() throws Exception {
    assertRefused(plain, good(plain).set("X-Filler", "f".repeat(9 * 1024)), 431);
    assertStillServes(plain, good(plain));
  }

  @Test
  @DisplayName("H.11 half a request, then silence: dropped within handshakeTimeout (1 s)")
  void stalledHandshake() throws Exception {
    try (RawClient client = RawClient.connectTcp(HOST, quickTimeout.port(), TIMEOUT)) {
      client.write("GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: web"
          .getBytes(StandardCharsets.ISO_8859_1));
      long start = System.nanoTime();
      long deadline = start + Duration.ofSeconds(4).toNanos();
      boolean closed = awaitClose(client, deadline);
      long millis = (System.nanoTime() - start) / 1_000_000;
      assertTrue(closed, "still connected after " + millis + " ms");
      assertTrue(millis >= 500 && millis <= 2500,
          "dropped after " + millis + " ms; handshakeTimeout is 1000 ms");
    }
    assertStillServes(quickTimeout, good(quickTimeout));
  }

  @Test
  @DisplayName("H.12 a path the server does not serve -> 400")
  void wrongPath() throws Exception {
    assertRefused(withPath, RequestHead.upgrade(HOST, withPath.port(), "/other"), 400);
    assertStillServes(withPath, RequestHead.upgrade(HOST, withPath.port(), "/ws"));
  }

  @Test
  @DisplayName("H.13 verifyClient refuses -> 401; an accepted client still works")
  void verifyClientRefuses() throws Exception {
    assertRefused(verifying, good(verifying), 401);
    assertStillServes(verifying, good(verifying).set("X-Let-Me-In", "yes"));
  }

  @Test
  @DisplayName("H.14 verifyClient(r -> false) -> 401, every time")
  void verifyClientRefusesAll() throws Exception {
    assertRefused(refusingAll, good(refusingAll), 401);
    assertRefused(refusingAll, good(refusingAll), 401);
  }

  /** A valid upgrade request for {@code server}'s {@code /}. */
  static RequestHead good(WebSocketServer server) {
    return RequestHead.upgrade(HOST, server.port(), "/");
  }

  /** Sends the request; the answer must carry {@code status}, then the connection ends. */
  static HttpHead assertRefused(WebSocketServer server, RequestHead request,
      int status) throws IOException {
    try (RawClient client = RawClient.connectTcp(HOST, server.port(), TIMEOUT)) {
      client.write(request.bytes());
      long deadline = System.nanoTime() + TIMEOUT.toNanos();
      HttpHead response = client.readHead(deadline);
      assertEquals(status, response.status(), "status line: " + response);
      assertTrue(awaitClose(client, deadline),
          "the server kept the connection open after " + response);
      return response;
    }
  }

  /** A good client completes the handshake and gets an echo: the server is unharmed. */
  static void assertStillServes(WebSocketServer server, RequestHead request)
      throws Exception {
    try (RawClient client = RawClient.open(HOST, server.port(), request, TIMEOUT)) {
      CaseSession session = new CaseSession(client, TIMEOUT);
      session.text("still there?");
      session.expectText("still there?");
      session.closeNormally();
    }
  }

  /** Whether the server closes the connection by the deadline; an error body is skipped. */
  private static boolean awaitClose(RawClient client, long deadlineNanos) throws IOException {
    try {
      while (!client.awaitEof(deadlineNanos)) {
        client.skipBuffered();
      }
      return true;
    } catch (SocketTimeoutException e) {
      return false;
    }
  }
}
