package dev.ippo.conformance;

/**
 * The deflate suite ({@link DeflateServerCases}) against Node's {@code ws} with
 * permessage-deflate, the reference: its expected file records what {@code ws} really does.
 *
 * <p>Not thread safe; JUnit runs it on one thread.
 */
class WsDeflateConformanceTest extends DeflateSuiteConformanceTest {
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
}
