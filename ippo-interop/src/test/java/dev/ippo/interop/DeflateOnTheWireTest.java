package dev.ippo.interop;

import static dev.ippo.interop.DeflatePayloads.BIG_COMPRESSIBLE_TEXT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ippo.WebSocket;
import dev.ippo.WebSocketOptions;
import dev.ippo.interop.CountingRelay.Direction;
import dev.ippo.interop.CountingRelay.Frame;
import dev.ippo.interop.CountingRelay.Link;
import java.net.URI;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Compression that happens, not only one that is agreed: a 200 KB text of one sentence
 * over and over crosses a {@link CountingRelay} each way in a compressed frame, in under
 * a twentieth of its size, between Ippo and Node's {@code ws} as either end. And the
 * control: without the extension the same text crosses whole.
 */
@Timeout(60)
class DeflateOnTheWireTest {
  private static final long WAIT = 30;
  private static final int MESSAGE_BYTES = 200_000;
  /** The most a direction may carry, handshake and close included, to count as compressed. */
  static final long COMPRESSED_LIMIT = MESSAGE_BYTES / 20;

  @Test
  void wsClientAndIppoServerBothCompress() throws Exception {
    try (IppoTestServer server = IppoTestServer.start(o -> o.perMessageDeflate(true));
        CountingRelay relay = CountingRelay.start(server.port())) {
      Map<String, JsonLine> r = WsClientScript.runScript("deflate-client.js", WAIT, List.of(
          "ws://127.0.0.1:" + relay.port() + "/", "{}", BIG_COMPRESSIBLE_TEXT));

      JsonLine echo = r.get(BIG_COMPRESSIBLE_TEXT);
      assertEquals(MESSAGE_BYTES, echo.number("length"));
      assertEquals(InteropData.sha256(DeflatePayloads.bytes(BIG_COMPRESSIBLE_TEXT)),
          echo.string("sha256"));
      Link link = relay.nextLink(WAIT);
      assertCompressed(link.toServer(), "ws's message to Ippo");
      assertCompressed(link.toClient(), "Ippo's echo to ws");
    }
  }

  @Test
  void ippoClientAndWsServerBothCompress() throws Exception {
    try (PeerProcess node = PeerProcess.node("deflate-parameter-server.js", "{}");
        CountingRelay relay = CountingRelay.start(node.awaitListening())) {
      Link link = echoThroughIppoClient(relay, true);
      assertEquals("connection", JsonLine.parse(node.nextLine(WAIT)).string("event"));
      assertCompressed(link.toServer(), "Ippo's message to ws");
      assertCompressed(link.toClient(), "ws's echo to Ippo");
    }
  }

  @Test
  void withoutTheExtensionTheTextCrossesWhole() throws Exception {
    try (IppoTestServer server = IppoTestServer.start();
        CountingRelay relay = CountingRelay.start(server.port())) {
      Link link = echoThroughIppoClient(relay, false);
      for (Direction d : List.of(link.toServer(), link.toClient())) {
        assertTrue(d.bytes() > MESSAGE_BYTES, d.bytes() + " bytes crossed");
        assertFalse(d.dataFrames().get(0).rsv1(), d.frames().toString());
      }
    }
  }

  /**
   * Sends the big text from an Ippo client (deflate offered), through the relay, checks its
   * echo and that the extension was or was not agreed, and closes.
   */
  private static Link echoThroughIppoClient(CountingRelay relay, boolean deflateExpected)
      throws Exception {
    WebSocket ws = new WebSocket(URI.create("ws://127.0.0.1:" + relay.port() + "/"),
        WebSocketOptions.builder().perMessageDeflate(true).build());
    EventRecorder events = EventRecorder.attach(ws);
    try {
      events.awaitOpen(WAIT);
      assertEquals(deflateExpected ? "permessage-deflate" : "", ws.extensions());
      String text = DeflatePayloads.text(BIG_COMPRESSIBLE_TEXT);
      ws.send(text);
      assertTrue(text.equals(events.nextMessage(WAIT).text()), "the echo came back changed");
      ws.close(1000, "done");
      assertEquals(1000, events.awaitClose(WAIT).code());
      return relay.nextLink(WAIT);
    } finally {
      ws.terminate();
    }
  }

  /**
   * The direction carried one compressed message (its first frame has RSV1) and, with the
   * handshake and the close, under {@link #COMPRESSED_LIMIT} bytes.
   */
  static void assertCompressed(Direction d, String what) {
    List<Frame> data = d.dataFrames();
    assertFalse(data.isEmpty(), what + ": no data frame crossed; frames " + d.frames());
    assertTrue(data.get(0).rsv1(), what + " went without RSV1: " + data);
    long payload = data.stream().mapToLong(Frame::length).sum();
    assertTrue(d.bytes() < COMPRESSED_LIMIT, what + ": " + d.bytes() + " bytes crossed ("
        + payload + " of payload) for a " + MESSAGE_BYTES + "-byte text; frames " + data);
    System.out.println(what + ": " + MESSAGE_BYTES + " bytes of text took " + payload
        + " bytes of payload, " + d.bytes() + " bytes with handshake and close");
  }
}
