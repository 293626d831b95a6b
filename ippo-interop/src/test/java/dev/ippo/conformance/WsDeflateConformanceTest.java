package dev.ippo.conformance;

import java.time.Duration;
import java.util.List;

/**
 * The deflate suite ({@link DeflateServerCases}) against Node's {@code ws} with
 * permessage-deflate, the reference: its expected file records what {@code ws} really does.
 *
 * <p>Not thread safe; JUnit runs it on one thread.
 */
class WsDeflateConformanceTest extends ServerConformanceTest {
  @Override
  ServerTarget startTarget() throws Exception {
    return EchoProcessTarget.nodeWsWithDeflate();
  }

  @Override
  String name() {
    return "ws-deflate";
  }

  @Override
  String title() {
    return "Node ws 8.23.0 with permessage-deflate (deflate-echo-server.js, threshold 0)";
  }

  @Override
  List<ServerCase> suite() {
    return DeflateServerCases.all();
  }

  @Override
  Duration budget() {
    return Duration.ofSeconds(120);
  }
}
