package dev.ippo.conformance;

import java.io.IOException;
import java.time.Duration;
import javax.net.ssl.SSLSocketFactory;

/**
 * How a case's connections are opened: where, on which path and with which offer, and what
 * the server must answer to the offer. A case may open a second connection the same way,
 * e.g. to show that the server still serves others after failing one.
 *
 * <p>Immutable; thread safe.
 *
 * @param offer the permessage-deflate offer, or null for none
 * @param tls how to speak TLS to the server, or null for plain TCP
 */
record Connector(String host, int port, String path, String offer, Duration timeout,
    SSLSocketFactory tls) {

  /** Connects and completes the opening handshake, with the offer if there is one. */
  RawClient open() throws IOException {
    RequestHead request = RequestHead.upgrade(host, port, path);
    if (offer != null) {
      request.set("Sec-WebSocket-Extensions", offer);
    }
    return RawClient.open(host, port, request, timeout, tls);
  }

  /**
   * The client's codec for what the server agreed to, or null when nothing was offered.
   *
   * @throws CaseFailure when the server declined the offer or answered it wrongly
   */
  DeflateCodec negotiate(RawClient client) throws CaseFailure {
    String answer = client.response().header("Sec-WebSocket-Extensions");
    if (offer == null) {
      if (answer != null) {
        throw new CaseFailure("Sec-WebSocket-Extensions '" + answer + "' with nothing offered");
      }
      return null;
    }
    DeflateAgreement agreed = DeflateAgreement.check(offer, answer);
    if (agreed == null) {
      throw new CaseFailure("the server declined the offer '" + offer + "'");
    }
    return DeflateCodec.client(agreed);
  }
}
