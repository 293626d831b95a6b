package dev.ippo.conformance;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * Every case of {@link DeflateClientConformanceTest} over {@code wss://}, as
 * {@link ClientTlsConformanceTest} runs the plain client cases.
 *
 * <p>Not thread safe; JUnit runs it on one thread, and no other test class at the same time.
 */
class DeflateClientTlsConformanceTest extends DeflateClientConformanceTest {
  @BeforeAll
  static void overTls() throws Exception {
    ClientTlsConformanceTest.TlsBadServers.start();
  }

  @AfterAll
  static void backToTcp() {
    ClientTlsConformanceTest.TlsBadServers.stop();
  }
}
