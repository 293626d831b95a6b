package dev.ippo;

import java.time.Duration;

/** The defaults of every limit, in one place, and their checks. */
final class Limits {
  private Limits() {}

  /** Long enough for a slow mobile network, short enough that half-open sockets go. */
  static final Duration HANDSHAKE_TIMEOUT = Duration.ofSeconds(10);
  /** As Node's ws: time for the peer's close frame to cross a slow link. */
  static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(30);
  /** Big enough for images and documents, small enough that one peer cannot exhaust a heap. */
  static final long MAX_PAYLOAD = 64L * 1024 * 1024;
  /** A consumer this far behind is not coming back. */
  static final long HIGH_WATER_MARK = 64L * 1024 * 1024;
  /** Browsers send under 2 KiB of headers; 8 KiB leaves room for cookies. */
  static final int MAX_HEADER_SIZE = 8 * 1024;

  static Duration positive(Duration d, String name) {
    if (d == null || d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException(name + " must be positive: " + d);
    }
    return d;
  }

  static long positive(long n, String name) {
    if (n <= 0) {
      throw new IllegalArgumentException(name + " must be positive: " + n);
    }
    return n;
  }
}
