package dev.ippo.conformance;

/**
 * The deflate suite ({@link DeflateServerCases}) against Ippo's {@code WebSocketServer} with
 * permessage-deflate; every case must be OK.
 *
 * <p>Not thread safe; JUnit runs it on one thread.
 */
class IppoDeflateConformanceTest extends DeflateSuiteConformanceTest {
  @Override
  ServerTarget startTarget() throws Exception {
    return InProcessEchoTarget.withDeflate();
  }

  @Override
  String name() {
    return "ippo-deflate";
  }

  @Override
  String title() {
    return "Ippo's WebSocketServer with permessage-deflate (in-process echo, threshold 0)";
  }
}
