package dev.ippo.conformance;

import java.io.IOException;
import java.util.List;

/**
 * The deflate suite against the program users run, {@code ippo echo --deflate}, in a process
 * of its own with its defaults (threshold 1 KiB, so short echoes go uncompressed): groups
 * 1-7 and 9-10 with deflate agreed, 12, 13 and 14. Each case must give the same line as
 * against the in-process servers ({@code expected-ippo-deflate.txt}).
 *
 * <p>Left out are the cases that need a server configured otherwise, which the suite gives
 * a path of their own: 13.15 (a server that limits the client's window) and group 14's
 * cases on {@code /small} (a maxPayload of 64 KiB).
 *
 * <p>Not thread safe; JUnit runs it on one thread.
 */
class IppoEchoDeflateConformanceTest extends DeflateSuiteConformanceTest {
  @Override
  ServerTarget startTarget() throws Exception {
    return EchoProcessTarget.ippoEcho(name(), "--deflate");
  }

  @Override
  String name() {
    return "ippo-echo-deflate";
  }

  @Override
  String title() {
    return "ippo echo --deflate (the program, in a process of its own, default options)";
  }

  @Override
  List<ServerCase> suite() {
    return super.suite().stream().filter(c -> c.path().equals("/")).toList();
  }

  @Override
  ExpectedResults expected() throws IOException {
    return ExpectedResults.load("ippo-deflate")
        .only(suite().stream().map(ServerCase::id).toList());
  }
}
