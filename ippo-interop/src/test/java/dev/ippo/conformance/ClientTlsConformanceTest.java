package dev.ippo.conformance;

import dev.ippo.ServerTls;
import dev.ippo.TestCertificates;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * Every case of {@link ClientConformanceTest} over {@code wss://}: the same bad servers speak
 * TLS with a certificate for localhost that the client trusts, and the client must fail each
 * connection as it does over TCP. TLS is a layer under the same engine; this shows it.
 *
 * <p>Not thread safe; JUnit runs it on one thread, and no other test class at the same time.
 */
class ClientTlsConformanceTest extends ClientConformanceTest {
  @BeforeAll
  static void overTls() throws Exception {
    TlsBadServers.start();
  }

  @AfterAll
  static void backToTcp() {
    TlsBadServers.stop();
  }

  /** Turns the bad servers to TLS and the clients' trust to their certificate, and back. */
  static final class TlsBadServers {
    private static Path folder;

    private TlsBadServers() {}

    static void start() throws Exception {
      folder = Files.createTempDirectory("ippo-client-tls-conformance");
      TestCertificates.Pair pair = TestCertificates.make(folder, "bad", true, "localhost");
      BadServer.useTls(ServerTls.fromPem(pair.certificate(), pair.key()).context());
      ClientConformanceTest.trust(TestCertificates.trusting(pair.certificate()));
    }

    static void stop() {
      BadServer.useTls(null);
      ClientConformanceTest.trust(null);
      try (java.util.stream.Stream<Path> files = Files.walk(folder)) {
        files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      } catch (java.io.IOException ignored) {
        // a temporary folder left behind
      }
    }
  }
}
