package dev.ippo.conformance;

import javax.net.ssl.SSLSocketFactory;

/**
 * A WebSocket echo server the suite runs against: every message sent back with the same
 * type. Started by the test class, closed after it.
 *
 * <p>Implementations are thread safe for {@link #port} once started.
 */
interface ServerTarget extends AutoCloseable {
  /** The name used for the expected file and the report: {@code ippo}, {@code ws}. */
  String name();

  /** Every target listens on the loopback address. */
  default String host() {
    return "127.0.0.1";
  }

  int port();

  /** The port that serves {@code path}; a target may serve some paths with other options. */
  default int port(String path) {
    return port();
  }

  /** How to speak TLS to it, trusting its certificate; null for plain TCP, the default. */
  default SSLSocketFactory tls() {
    return null;
  }

  @Override
  void close();
}
