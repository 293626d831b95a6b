package dev.ippo.conformance;

/**
 * The deflate suite against {@code ippo echo --deflate} over TLS: the cases of
 * {@link IppoEchoDeflateConformanceTest}, each giving the same line as there.
 *
 * <p>Not thread safe; JUnit runs it on one thread.
 */
class IppoEchoTlsDeflateConformanceTest extends IppoEchoDeflateConformanceTest {
  @Override
  ServerTarget startTarget() throws Exception {
    return TlsEchoTarget.start(name(), "--deflate");
  }

  @Override
  String name() {
    return "ippo-echo-tls-deflate";
  }

  @Override
  String title() {
    return "ippo echo --deflate over TLS (the program, default options)";
  }
}
