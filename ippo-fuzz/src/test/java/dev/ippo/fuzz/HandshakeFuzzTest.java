package dev.ippo.fuzz;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.ippo.http.HttpRequest;
import dev.ippo.internal.codec.ClientHandshake;
import dev.ippo.internal.codec.DeflateNegotiation;
import dev.ippo.internal.codec.DeflateParameters;
import dev.ippo.internal.codec.ExtensionHeader;
import dev.ippo.internal.codec.HandshakeException;
import dev.ippo.internal.codec.HttpHeadReader;
import dev.ippo.internal.codec.HttpRequestParser;
import dev.ippo.internal.codec.HttpResponse;
import dev.ippo.internal.codec.ProxyException;
import dev.ippo.internal.codec.ProxyHandshake;
import dev.ippo.internal.codec.ServerHandshake;
import java.nio.ByteBuffer;
import java.util.List;

/**
 * Both ends' handshakes, from bytes in any split through the head reader, the parser, the
 * checks and the extension negotiation: nothing escapes but a HandshakeException with a
 * client-error status, and no head is taken past its size limit. The same for a proxy's
 * answer to CONNECT, where only a ProxyException may escape.
 */
class HandshakeFuzzTest {
  private static final int MAX_HEAD = 8 * 1024;

  /** The head, if the bytes hold a whole one within the limit; null if they do not yet. */
  private static ByteBuffer head(FuzzedDataProvider data) throws HandshakeException {
    HttpHeadReader reader = new HttpHeadReader(MAX_HEAD);
    while (data.remainingBytes() > 0) {
      ByteBuffer piece = ByteBuffer.wrap(data.consumeBytes(data.consumeInt(1, 2048)));
      ByteBuffer head = reader.read(piece);
      if (head != null) {
        assertTrue(head.remaining() <= MAX_HEAD, "a head of " + head.remaining() + " bytes");
        return head;
      }
      assertTrue(!piece.hasRemaining(), "an unfinished head consumes all it is given");
    }
    return null;
  }

  private static void assertClientError(HandshakeException e) {
    assertTrue(e.status() >= 400 && e.status() < 500, "status " + e.status());
  }

  @FuzzTest(maxDuration = "60m")
  void serverReadsARequest(FuzzedDataProvider data) {
    try {
      ByteBuffer head = head(data);
      if (head == null) {
        return;
      }
      HttpRequest request = HttpRequestParser.parse(head);
      if (ServerHandshake.isUpgrade(request)) {
        ServerHandshake.validate(request);
        DeflateNegotiation.negotiateServer(
            ExtensionHeader.parse(request.headers().all("Sec-WebSocket-Extensions"), 400),
            DeflateParameters.DEFAULT);
      }
    } catch (HandshakeException e) {
      assertClientError(e);
    }
  }

  @FuzzTest(maxDuration = "60m")
  void clientReadsAResponse(FuzzedDataProvider data) {
    String key = "dGhlIHNhbXBsZSBub25jZQ==";
    try {
      ByteBuffer head = head(data);
      if (head == null) {
        return;
      }
      ClientHandshake.validate(HttpResponse.parse(head), key, List.of("chat"),
          DeflateParameters.DEFAULT);
    } catch (HandshakeException e) {
      assertTrue(e.status() >= 0, "status " + e.status());
    }
  }

  @FuzzTest(maxDuration = "60m")
  void clientReadsAProxysAnswer(FuzzedDataProvider data) {
    ProxyHandshake handshake = new ProxyHandshake("proxy:3128", "example.com:443", null);
    long taken = 0;
    try {
      while (data.remainingBytes() > 0) {
        ByteBuffer piece = ByteBuffer.wrap(data.consumeBytes(data.consumeInt(1, 2048)));
        boolean open = handshake.read(piece);
        taken += piece.position();
        assertTrue(taken <= ProxyHandshake.MAX_ANSWER_HEAD, "a head of " + taken + " bytes");
        if (open) {
          return; // what is left in the piece is the server's
        }
        assertTrue(!piece.hasRemaining(), "an unfinished answer consumes all it is given");
      }
    } catch (ProxyException e) {
      assertTrue(e.getMessage().startsWith("the proxy proxy:3128 "), e.getMessage());
    }
  }
}
