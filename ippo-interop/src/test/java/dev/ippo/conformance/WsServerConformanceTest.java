package dev.ippo.conformance;

/**
 * The server suite against Node's {@code ws} echo server, the reference: its expected file
 * records what {@code ws} really does, which proves the suite's own expectations.
 *
 * <p>Not thread safe; JUnit runs it on one thread.
 */
class WsServerConformanceTest extends ServerConformanceTest {
  @Override
  ServerTarget startTarget() throws Exception {
    return EchoProcessTarget.nodeWs();
  }

  @Override
  String name() {
    return "ws";
  }

  @Override
  String title() {
    return "Node ws 8.23.0 (echo-server.js)";
  }
}
