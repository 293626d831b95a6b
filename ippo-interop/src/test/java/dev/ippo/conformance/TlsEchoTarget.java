package dev.ippo.conformance;

import dev.ippo.TestCertificates;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import javax.net.ssl.SSLSocketFactory;

/**
 * {@code ippo echo --tls-cert ... --tls-key ...} in a process of its own, with a certificate
 * for localhost made for the run, and the suite's client trusting it: the suite over TLS.
 *
 * <p>Thread safe.
 */
final class TlsEchoTarget implements ServerTarget {
  private final EchoProcessTarget echo;
  private final SSLSocketFactory trust;
  private final Path folder;

  private TlsEchoTarget(EchoProcessTarget echo, SSLSocketFactory trust, Path folder) {
    this.echo = echo;
    this.trust = trust;
    this.folder = folder;
  }

  /** Starts {@code ippo echo} with TLS and these further options, reported as {@code name}. */
  static TlsEchoTarget start(String name, String... options) throws Exception {
    Path folder = Files.createTempDirectory("ippo-tls-conformance");
    TestCertificates.Pair pair = TestCertificates.make(folder, "echo", true, "localhost");
    List<String> args = new ArrayList<>(List.of("--tls-cert", pair.certificate().toString(),
        "--tls-key", pair.key().toString()));
    args.addAll(List.of(options));
    return new TlsEchoTarget(EchoProcessTarget.ippoEcho(name, args.toArray(String[]::new)),
        TestCertificates.trusting(pair.certificate()).getSocketFactory(), folder);
  }

  @Override
  public String name() {
    return echo.name();
  }

  @Override
  public int port() {
    return echo.port();
  }

  @Override
  public SSLSocketFactory tls() {
    return trust;
  }

  @Override
  public void close() {
    echo.close();
    try (Stream<Path> files = Files.walk(folder)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException ignored) {
      // a temporary folder left behind
    }
  }
}
