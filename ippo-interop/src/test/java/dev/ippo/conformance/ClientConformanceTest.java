package dev.ippo.conformance;

import static dev.ippo.conformance.CaseSession.concat;
import static dev.ippo.conformance.CaseSession.utf8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ippo.CloseEvent;
import dev.ippo.MessageEvent;
import dev.ippo.OpenEvent;
import dev.ippo.WebSocket;
import dev.ippo.WebSocketOptions;
import java.net.URI;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The server cases mirrored for Ippo's client: a hand-written bad server ({@link BadServer})
 * sends what a broken or hostile server would, and the client must fail the connection with
 * the close code RFC 6455 names (read off the wire, where the client's frames are masked),
 * report an error and then a close, and refuse every handshake that was not the one it asked
 * for, as a browser does: error, then close with 1006 and wasClean false, and never open.
 *
 * <p>Not thread safe; JUnit runs it on one thread.
 */
class ClientConformanceTest {
  private static final Duration TIMEOUT = Duration.ofSeconds(4);

  @Test
  @DisplayName("C.1 the client's opening handshake is valid")
  void handshakeRequestIsValid() throws Exception {
    try (BadServer server = BadServer.start()) {
      ClientEvents events = new ClientEvents();
      WebSocket ws = events.attach(new WebSocket(URI.create(server.url()), options().build()));
      try (BadServer.Peer peer = server.accept(TIMEOUT)) {
        HttpHead request = peer.readRequest(deadline());
        assertEquals("GET / HTTP/1.1", request.startLine());
        assertNotNull(request.header("Host"), "Host");
        assertTrue(request.headerHasToken("Upgrade", "websocket"), "Upgrade: websocket");
        assertTrue(request.headerHasToken("Connection", "Upgrade"), "Connection: Upgrade");
        assertEquals("13", request.header("Sec-WebSocket-Version"));
        String key = request.header("Sec-WebSocket-Key");
        assertNotNull(key, "Sec-WebSocket-Key");
        assertEquals(16, Base64.getDecoder().decode(key).length, "the key's nonce length");
      } finally {
        ws.terminate();
      }
    }
  }

  @Test
  @DisplayName("C.2 masked frame from the server -> 1002")
  void maskedFrame() throws Exception {
    assertFailsWith(1002, FrameCodec.masked(true, 0, Frame.TEXT, utf8("masked")));
  }

  @Test
  @DisplayName("C.3 text with RSV1 (no extension) -> 1002")
  void reservedBit1() throws Exception {
    assertFailsWith(1002, FrameCodec.unmasked(true, Frame.RSV1, Frame.TEXT, utf8("rsv1")));
  }

  @Test
  @DisplayName("C.4 binary with RSV2 and RSV3 -> 1002")
  void reservedBits23() throws Exception {
    assertFailsWith(1002, FrameCodec.unmasked(true, Frame.RSV2 | Frame.RSV3, Frame.BINARY,
        utf8("rsv23")));
  }

  @Test
  @DisplayName("C.5 reserved data opcode 3 -> 1002")
  void reservedDataOpcode() throws Exception {
    assertFailsWith(1002, FrameCodec.unmasked(true, 0, 3, utf8("reserved")));
  }

  @Test
  @DisplayName("C.6 reserved control opcode 11 -> 1002")
  void reservedControlOpcode() throws Exception {
    assertFailsWith(1002, FrameCodec.unmasked(true, 0, 11, new byte[0]));
  }

  @Test
  @DisplayName("C.7 ping with 126 bytes of payload -> 1002")
  void oversizedPing() throws Exception {
    assertFailsWith(1002, FrameCodec.unmasked(true, 0, Frame.PING, Payloads.binary(126, 7)));
  }

  @Test
  @DisplayName("C.8 ping in two fragments -> 1002")
  void fragmentedPing() throws Exception {
    assertFailsWith(1002, concat(FrameCodec.unmasked(false, 0, Frame.PING, utf8("frag1")),
        FrameCodec.unmasked(true, 0, Frame.CONTINUATION, utf8("frag2"))));
  }

  @Test
  @DisplayName("C.9 continuation with nothing to continue -> 1002")
  void orphanContinuation() throws Exception {
    assertFailsWith(1002, FrameCodec.unmasked(true, 0, Frame.CONTINUATION, utf8("orphan")));
  }

  @Test
  @DisplayName("C.10 new text frame inside a fragmented text -> 1002")
  void textInsideFragmentedText() throws Exception {
    assertFailsWith(1002, concat(FrameCodec.unmasked(false, 0, Frame.TEXT, utf8("one")),
        FrameCodec.unmasked(true, 0, Frame.TEXT, utf8("two"))));
  }

  @Test
  @DisplayName("C.11 text that is not UTF-8 -> 1007")
  void invalidUtf8() throws Exception {
    assertFailsWith(1007, FrameCodec.unmasked(true, 0, Frame.TEXT,
        Payloads.hex("CE BA E1 BD B9 ED A0 80 65 64")));
  }

  @Test
  @DisplayName("C.12 close with code 1005 on the wire -> 1002")
  void closeCode1005() throws Exception {
    assertFailsWith(1002, FrameCodec.unmasked(true, 0, Frame.CLOSE,
        FrameCodec.closePayload(1005, "")));
  }

  @Test
  @DisplayName("C.13 close with code 999 -> 1002")
  void closeCode999() throws Exception {
    assertFailsWith(1002, FrameCodec.unmasked(true, 0, Frame.CLOSE,
        FrameCodec.closePayload(999, "")));
  }

  @Test
  @DisplayName("C.14 close with a 1-byte payload -> 1002")
  void closeOneByte() throws Exception {
    assertFailsWith(1002, FrameCodec.unmasked(true, 0, Frame.CLOSE, new byte[] {3}));
  }

  @Test
  @DisplayName("C.15 message over maxPayload (1024) -> 1009; one of 1024 bytes is delivered")
  void overMaxPayload() throws Exception {
    byte[] fits = Payloads.binary(1024, 15);
    try (BadServer server = BadServer.start()) {
      ClientEvents events = new ClientEvents();
      WebSocket ws = events.attach(new WebSocket(URI.create(server.url()),
          options().maxPayload(1024).build()));
      try (BadServer.Peer peer = server.accept(TIMEOUT)) {
        peer.acceptHandshake(deadline());
        events.await(OpenEvent.class, TIMEOUT);
        peer.write(FrameCodec.unmasked(true, 0, Frame.BINARY, fits));
        assertArrayEquals(fits, events.await(MessageEvent.class, TIMEOUT).bytes());
        peer.write(FrameCodec.unmasked(true, 0, Frame.BINARY, Payloads.binary(1025, 15)));
        assertClientFailed(peer, events, 1009);
      } finally {
        ws.terminate();
      }
    }
  }

  @Test
  @DisplayName("C.16 fragmented message over maxPayload (600 + 600 > 1024) -> 1009")
  void fragmentedOverMaxPayload() throws Exception {
    assertFailsWith(options().maxPayload(1024),
        1009, concat(FrameCodec.unmasked(false, 0, Frame.BINARY, Payloads.binary(600, 1)),
            FrameCodec.unmasked(true, 0, Frame.CONTINUATION, Payloads.binary(600, 2))));
  }

  @Test
  @DisplayName("C.17 64-bit payload length with the most significant bit set -> 1002")
  void lengthTopBitSet() throws Exception {
    assertFailsWith(1002, concat(
        FrameCodec.header(true, 0, Frame.BINARY, null, 0x8000_0000_0000_0010L),
        new byte[16]));
  }

  @Test
  @DisplayName("C.18 a valid ping gets a masked pong; a server close is echoed, masked")
  void pingThenCleanClose() throws Exception {
    try (BadServer server = BadServer.start()) {
      ClientEvents events = new ClientEvents();
      WebSocket ws = events.attach(new WebSocket(URI.create(server.url()), options().build()));
      try (BadServer.Peer peer = server.accept(TIMEOUT)) {
        peer.acceptHandshake(deadline());
        events.await(OpenEvent.class, TIMEOUT);
        byte[] payload = utf8("are you there?");
        peer.write(FrameCodec.unmasked(true, 0, Frame.PING, payload));
        Frame pong = peer.nextFrame(deadline());
        assertNotNull(pong, "the client closed instead of answering the ping");
        assertEquals(Frame.PONG, pong.opcode(), "got " + pong);
        assertTrue(pong.masked(), "client frames must be masked: " + pong);
        assertArrayEquals(payload, pong.payload());

        peer.write(FrameCodec.unmasked(true, 0, Frame.CLOSE,
            FrameCodec.closePayload(1000, "done")));
        Frame close = peer.nextFrame(deadline());
        assertNotNull(close, "the client closed TCP without echoing the close");
        assertEquals(Frame.CLOSE, close.opcode(), "got " + close);
        assertTrue(close.masked(), "client frames must be masked: " + close);
        assertEquals(1000, close.closeCode());
        peer.closeConnection(); // RFC 6455 section 7.1.1: the server closes TCP first
        CloseEvent closed = events.await(CloseEvent.class, TIMEOUT);
        assertEquals(1000, closed.code());
        assertTrue(closed.wasClean(), "a completed closing handshake is clean");
        assertEquals(List.of("open", "close"), events.names());
      } finally {
        ws.terminate();
      }
    }
  }

  @Test
  @DisplayName("C.19 wrong Sec-WebSocket-Accept -> error, close 1006, never open")
  void wrongAccept() throws Exception {
    assertHandshakeRefused(options(), (peer, request) ->
        peer.answer101(request.header("Sec-WebSocket-Key") + "x", ""));
  }

  @Test
  @DisplayName("C.20 403 Forbidden -> error, close 1006, never open")
  void forbidden() throws Exception {
    assertHandshakeRefused(options(), (peer, request) ->
        peer.write(utf8("HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\n\r\n")));
  }

  @Test
  @DisplayName("C.21 a subprotocol the client did not offer -> error, close 1006, never open")
  void subprotocolNotOffered() throws Exception {
    assertHandshakeRefused(options().protocols("chat"), (peer, request) ->
        peer.answer101(request.header("Sec-WebSocket-Key"),
            "Sec-WebSocket-Protocol: superchat\r\n"));
  }

  @Test
  @DisplayName("C.22 a subprotocol when the client offered none -> error, close 1006")
  void subprotocolWhenNoneOffered() throws Exception {
    assertHandshakeRefused(options(), (peer, request) ->
        peer.answer101(request.header("Sec-WebSocket-Key"), "Sec-WebSocket-Protocol: chat\r\n"));
  }

  @Test
  @DisplayName("C.23 an extension the client did not offer -> error, close 1006, never open")
  void extensionNotOffered() throws Exception {
    assertHandshakeRefused(options(), (peer, request) -> {
      String offered = request.header("Sec-WebSocket-Extensions");
      String extension = offered != null && offered.contains("permessage-deflate")
          ? "x-never-offered" : "permessage-deflate";
      peer.answer101(request.header("Sec-WebSocket-Key"),
          "Sec-WebSocket-Extensions: " + extension + "\r\n");
    });
  }

  @Test
  @DisplayName("C.24 101 without Upgrade: websocket -> error, close 1006, never open")
  void missingUpgradeInResponse() throws Exception {
    assertHandshakeRefused(options(), (peer, request) -> peer.write(utf8(
        "HTTP/1.1 101 Switching Protocols\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: "
            + HttpHead.acceptFor(request.header("Sec-WebSocket-Key")) + "\r\n\r\n")));
  }

  // ---- helpers ----

  static WebSocketOptions.Builder options() {
    return WebSocketOptions.builder().closeTimeout(Duration.ofSeconds(2))
        .handshakeTimeout(Duration.ofSeconds(3)).sslContext(clientTls);
  }

  /** What the client trusts while the bad servers speak TLS; null otherwise. */
  private static volatile SSLContext clientTls;

  static void trust(SSLContext context) {
    clientTls = context;
  }

  static long deadline() {
    return System.nanoTime() + TIMEOUT.toNanos();
  }

  private static void assertFailsWith(int code, byte[] serverBytes) throws Exception {
    assertFailsWith(options(), code, serverBytes);
  }

  /** Opens a connection, sends the bad bytes, and checks how the client fails. */
  private static void assertFailsWith(WebSocketOptions.Builder options, int code,
      byte[] serverBytes) throws Exception {
    try (BadServer server = BadServer.start()) {
      ClientEvents events = new ClientEvents();
      WebSocket ws = events.attach(new WebSocket(URI.create(server.url()), options.build()));
      try (BadServer.Peer peer = server.accept(TIMEOUT)) {
        peer.acceptHandshake(deadline());
        events.await(OpenEvent.class, TIMEOUT);
        peer.write(serverBytes);
        assertClientFailed(peer, events, code);
      } finally {
        ws.terminate();
      }
    }
  }

  /**
   * The client's next frame is a masked close with {@code code}, then it closes TCP; it
   * reported an error and then a close that was not clean, and delivered no message since.
   */
  static void assertClientFailed(BadServer.Peer peer, ClientEvents events, int code)
      throws Exception {
    Frame close = peer.nextFrame(deadline());
    assertNotNull(close, "the client closed TCP without a close frame; events: "
        + events.names());
    assertEquals(Frame.CLOSE, close.opcode(), "expected the client's close, got " + close);
    assertTrue(close.masked(), "client frames must be masked: " + close);
    assertEquals(code, close.closeCode(), "close code on the wire");
    assertTrue(peer.awaitEof(deadline()), "the client sent more after its close");
    CloseEvent closed = events.await(CloseEvent.class, TIMEOUT);
    assertFalse(closed.wasClean(), "a failed connection is not clean: " + closed);
    List<String> names = events.names();
    int error = names.indexOf("error");
    assertTrue(error >= 0 && error < names.indexOf("close"),
        "expected an error event before the close event; events: " + names);
    assertEquals(names.size() - 1, names.indexOf("close"), "events after close: " + names);
  }

  /** What a bad server answers to the client's opening handshake. */
  @FunctionalInterface
  interface Answer {
    void send(BadServer.Peer peer, HttpHead request) throws Exception;
  }

  static void assertHandshakeRefused(WebSocketOptions.Builder options, Answer answer)
      throws Exception {
    try (BadServer server = BadServer.start()) {
      ClientEvents events = new ClientEvents();
      WebSocket ws = events.attach(new WebSocket(URI.create(server.url()), options.build()));
      try (BadServer.Peer peer = server.accept(TIMEOUT)) {
        answer.send(peer, peer.readRequest(deadline()));
        CloseEvent closed = events.await(CloseEvent.class, TIMEOUT);
        assertEquals(1006, closed.code(), "a connection that never opened closes with 1006");
        assertFalse(closed.wasClean());
        assertEquals(List.of("error", "close"), events.names());
        assertEquals(WebSocket.CLOSED, ws.readyState().value());
        assertTrue(peer.awaitEof(deadline()), "the client sent bytes after a failed handshake");
      } finally {
        ws.terminate();
      }
    }
  }
}
