package dev.ippo.conformance;

import static dev.ippo.conformance.CaseSession.concat;
import static dev.ippo.conformance.CaseSession.utf8;
import static dev.ippo.conformance.ClientConformanceTest.assertClientFailed;
import static dev.ippo.conformance.ClientConformanceTest.assertHandshakeRefused;
import static dev.ippo.conformance.ClientConformanceTest.deadline;
import static dev.ippo.conformance.ClientConformanceTest.options;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ippo.MessageEvent;
import dev.ippo.OpenEvent;
import dev.ippo.PerMessageDeflate;
import dev.ippo.WebSocket;
import dev.ippo.WebSocketOptions;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.zip.Inflater;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * permessage-deflate at Ippo's client, against a hand-written server ({@link BadServer}) that
 * compresses and inflates with {@link DeflateCodec} (java.util.zip only): a valid answer opens
 * the connection and compressed messages go both ways; an answer RFC 7692 forbids fails the
 * handshake (error, close 1006, never open); after a valid answer, RSV1 where it stays
 * forbidden fails the connection with 1002, data that does not inflate with 1007, a bomb
 * with 1009.
 *
 * <p>Not thread safe; JUnit runs it on one thread.
 */
class DeflateClientConformanceTest {
  private static final Duration TIMEOUT = Duration.ofSeconds(4);

  @Test
  @DisplayName("CD.1 'permessage-deflate' answered: open, extensions(), compressed both ways")
  void validAnswer() throws Exception {
    try (Open o = Open.with(options().perMessageDeflate(
        PerMessageDeflate.builder().threshold(0).build()), "permessage-deflate")) {
      assertTrue(o.ws.extensions().startsWith("permessage-deflate"),
          "extensions() = '" + o.ws.extensions() + "'");
      String[] texts = {"Hello, Ippo!", "Hello, Ippo! Hello, Ippo!",
          new String(CompressedMessageCases.words(20000, 1), StandardCharsets.UTF_8)};
      for (int i = 0; i < texts.length; i++) {
        o.peer.write(FrameCodec.unmasked(true, Frame.RSV1, Frame.TEXT,
            o.codec.compress(utf8(texts[i]))));
        assertEquals(texts[i], o.events.awaitNth(MessageEvent.class, i + 1, TIMEOUT).text());
      }
      byte[] binary = CompressedMessageCases.runs(5000, 1);
      o.ws.send("from the client");
      o.ws.send(binary);
      assertArrayEquals(utf8("from the client"), o.nextMessage(Frame.TEXT));
      assertArrayEquals(binary, o.nextMessage(Frame.BINARY));
    }
  }

  @Test
  @DisplayName("CD.2 client_max_window_bits=10 answered: accepted; compressed messages fit it")
  void clientWindow10() throws Exception {
    try (Open o = Open.with(options().perMessageDeflate(
        PerMessageDeflate.builder().threshold(0).build()),
        "permessage-deflate; client_max_window_bits=10")) {
      int compressed = 0;
      for (int size : new int[] {100, 1024, 1025, 5000, 512}) {
        byte[] data = CompressedMessageCases.runs(size, size);
        o.ws.send(data);
        Frame f = o.peer.nextFrame(deadline());
        assertNotNull(f, "the client closed");
        assertTrue(f.fin() && f.opcode() == Frame.BINARY && f.masked(), "got " + f);
        byte[] got = f.payload();
        if (f.rsv() == Frame.RSV1) {
          compressed++;
          // Each alone: a fresh inflater must read it, and no longer than the 1 KiB window.
          Inflater alone = new Inflater(true);
          try {
            got = DeflateCodec.inflateWith(alone, got);
          } finally {
            alone.end();
          }
          assertTrue(got.length <= 1024, "compressed a message of " + got.length
              + " bytes, over the 2^10-byte window agreed");
        }
        assertArrayEquals(data, got, "message of " + size + " bytes");
      }
      assertTrue(compressed > 0, "threshold 0, yet nothing was compressed");
    }
  }

  @Test
  @DisplayName("CD.3 server_no_context_takeover answered unasked: accepted")
  void serverNoContextUnasked() throws Exception {
    try (Open o = Open.with(options(), "permessage-deflate; server_no_context_takeover")) {
      for (int i = 0; i < 3; i++) {
        o.peer.write(FrameCodec.unmasked(true, Frame.RSV1, Frame.TEXT,
            o.codec.compress(utf8("same again"))));
        assertEquals("same again", o.events.awaitNth(MessageEvent.class, i + 1, TIMEOUT).text());
      }
    }
  }

  @ParameterizedTest(name = "CD.4 answer ''{0}'' -> error, close 1006, never open")
  @ValueSource(strings = {
      "x-foo",
      "permessage-deflate, x-foo",
      "permessage-deflate; server_no_context_takeover; server_no_context_takeover",
      "permessage-deflate; foo",
      "permessage-deflate; server_max_window_bits=16",
      "permessage-deflate; server_max_window_bits=7",
      "permessage-deflate; server_max_window_bits",
      "permessage-deflate; client_max_window_bits",
      "permessage-deflate; client_max_window_bits=16",
      "permessage-deflate; client_no_context_takeover=1",
      "permessage-deflate, permessage-deflate",
      "permessage-deflate;",
  })
  void answerRefused(String answer) throws Exception {
    assertHandshakeRefused(options(), (peer, request) -> peer.answer101(
        request.header("Sec-WebSocket-Key"), "Sec-WebSocket-Extensions: " + answer + "\r\n"));
  }

  @Test
  @DisplayName("CD.5 ping with RSV1 -> 1002")
  void rsv1Ping() throws Exception {
    assertFailsWith(options(), 1002, FrameCodec.unmasked(true, Frame.RSV1, Frame.PING,
        utf8("ping")));
  }

  @Test
  @DisplayName("CD.6 compressed text, RSV1 on its continuation too -> 1002")
  void rsv1Continuation() throws Exception {
    byte[] z = DeflateViolationCases.compressed(utf8("fragment one, fragment two"));
    int half = z.length / 2;
    assertFailsWith(options(), 1002, concat(
        FrameCodec.unmasked(false, Frame.RSV1, Frame.TEXT, Arrays.copyOf(z, half)),
        FrameCodec.unmasked(true, Frame.RSV1, Frame.CONTINUATION,
            Arrays.copyOfRange(z, half, z.length))));
  }

  @Test
  @DisplayName("CD.7 compressed text of a reserved block type (FF FF FF FF) -> 1007")
  void corruptData() throws Exception {
    assertFailsWith(options(), 1007, FrameCodec.unmasked(true, Frame.RSV1, Frame.TEXT,
        Payloads.hex("FF FF FF FF")));
  }

  @Test
  @DisplayName("CD.8 compressed text inflating to invalid UTF-8 -> 1007")
  void invalidUtf8() throws Exception {
    assertFailsWith(options(), 1007, FrameCodec.unmasked(true, Frame.RSV1, Frame.TEXT,
        DeflateViolationCases.compressed(Payloads.hex("CE BA E1 BD B9 ED A0 80 65 64"))));
  }

  @Test
  @DisplayName("CD.9 bomb: 1 KiB inflating to 1 MiB, maxPayload 64 KiB -> 1009")
  void bomb() throws Exception {
    assertFailsWith(options().maxPayload(64 * 1024), 1009, FrameCodec.unmasked(true,
        Frame.RSV1, Frame.BINARY, DeflateViolationCases.compressed(new byte[1024 * 1024])));
  }

  /** Opens with a valid deflate answer, sends the bad bytes, checks how the client fails. */
  private static void assertFailsWith(WebSocketOptions.Builder options, int code, byte[] bytes)
      throws Exception {
    try (Open o = Open.with(options, "permessage-deflate")) {
      o.peer.write(bytes);
      assertClientFailed(o.peer, o.events, code);
    }
  }

  /** A client connected to a bad server that answered its offer with {@code answer}. */
  private static final class Open implements AutoCloseable {
    final BadServer server;
    final BadServer.Peer peer;
    final ClientEvents events;
    final WebSocket ws;
    final DeflateCodec codec;

    private Open(BadServer server, BadServer.Peer peer, ClientEvents events, WebSocket ws,
        DeflateCodec codec) {
      this.server = server;
      this.peer = peer;
      this.events = events;
      this.ws = ws;
      this.codec = codec;
    }

    static Open with(WebSocketOptions.Builder options, String answer) throws Exception {
      BadServer server = BadServer.start();
      ClientEvents events = new ClientEvents();
      WebSocket ws = events.attach(new WebSocket(URI.create(server.url()), options.build()));
      BadServer.Peer peer = null;
      try {
        peer = server.accept(TIMEOUT);
        HttpHead request = peer.readRequest(deadline());
        String offer = request.header("Sec-WebSocket-Extensions");
        assertNotNull(offer, "the client offered no extension");
        DeflateCodec codec = DeflateCodec.server(DeflateAgreement.of(offer, answer));
        peer.answer101(request.header("Sec-WebSocket-Key"),
            "Sec-WebSocket-Extensions: " + answer + "\r\n");
        events.await(OpenEvent.class, TIMEOUT);
        return new Open(server, peer, events, ws, codec);
      } catch (Exception | Error e) {
        ws.terminate();
        if (peer != null) {
          peer.close();
        }
        server.close();
        throw e;
      }
    }

    /** The client's next message: one masked frame, inflated when RSV1. */
    byte[] nextMessage(int opcode) throws Exception {
      Frame f = peer.nextFrame(deadline());
      assertNotNull(f, "the client closed");
      assertTrue(f.fin() && f.opcode() == opcode && f.masked()
          && (f.rsv() == 0 || f.rsv() == Frame.RSV1), "got " + f);
      return f.rsv() == Frame.RSV1 ? codec.inflate(f.payload()) : f.payload();
    }

    @Override
    public void close() throws Exception {
      ws.terminate();
      codec.end();
      peer.close();
      server.close();
    }
  }
}
