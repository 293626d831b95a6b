package dev.ippo.conformance;

import java.io.IOException;

/**
 * The server suite, groups 1 to 10, against {@code ippo echo} over TLS ({@code --tls-cert},
 * {@code --tls-key}): each case must give the same line as against the plain server
 * ({@code expected-ippo.txt}), TLS being only a layer under the same engine.
 *
 * <p>Not thread safe; JUnit runs it on one thread.
 */
class IppoEchoTlsConformanceTest extends ServerConformanceTest {
  @Override
  ServerTarget startTarget() throws Exception {
    return TlsEchoTarget.start(name());
  }

  @Override
  String name() {
    return "ippo-echo-tls";
  }

  @Override
  String title() {
    return "ippo echo --tls-cert --tls-key (the program over TLS 1.3, default options)";
  }

  @Override
  ExpectedResults expected() throws IOException {
    return ExpectedResults.load("ippo");
  }
}
