package dev.ippo.conformance;

/**
 * The server suite against Ippo's {@code WebSocketServer}; every case must be OK.
 *
 * <p>Not thread safe; JUnit runs it on one thread.
 */
class IppoServerConformanceTest extends ServerConformanceTest {
  @Override
  ServerTarget startTarget() throws Exception {
    return InProcessEchoTarget.plain();
  }

  @Override
  String name() {
    return "ippo";
  }

  @Override
  String title() {
    return "Ippo's WebSocketServer (in-process echo)";
  }
}
