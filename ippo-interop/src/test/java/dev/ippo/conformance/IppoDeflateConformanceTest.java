package dev.ippo.conformance;

import java.time.Duration;
import java.util.List;

/**
 * The deflate suite ({@link DeflateServerCases}) against Ippo's {@code WebSocketServer} with
 * permessage-deflate; every case must be OK.
 *
 * <p>Not thread safe; JUnit runs it on one thread.
 */
class IppoDeflateConformanceTest extends ServerConformanceTest {
  @Override
  ServerTarget startTarget() throws Exception {
    return IppoDeflateEchoTarget.start();
  }

  @Override
  String name() {
    return "ippo-deflate";
  }

  @Override
  String title() {
    return "Ippo's WebSocketServer with permessage-deflate (in-process echo, threshold 0)";
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
