package dev.ippo.conformance;

/**
 * A WebSocket echo server the suite runs against: every message sent back with the same
 * type. Started by the test class, closed after it.
 *
 * <p>Implementations are thread safe for {@link #port} once started.
 */
interface ServerTarget extends AutoCloseable {
  /** The name used for the expected file and the report: {@code ippo}, {@code ws}. */
  String name();

  String host();

  int port();

  @Override
  void close();
}
