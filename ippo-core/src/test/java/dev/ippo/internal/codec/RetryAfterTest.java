package dev.ippo.internal.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Retry-After's two forms, and what is ignored. */
class RetryAfterTest {
  private static final Instant NOW = Instant.parse("2026-12-04T23:00:00Z");

  @Test
  void secondsAreTakenAsSeconds() {
    assertEquals(0, RetryAfter.millis("0", NOW));
    assertEquals(120_000, RetryAfter.millis(" 120 ", NOW));
  }

  @Test
  void aDateCountsFromNowAndOneInThePastMeansAtOnce() {
    assertEquals(90_000, RetryAfter.millis("Fri, 04 Dec 2026 23:01:30 GMT", NOW));
    assertEquals(0, RetryAfter.millis("Fri, 04 Dec 2026 22:00:00 GMT", NOW));
  }

  @Test
  void anythingElseIsIgnored() {
    assertEquals(-1, RetryAfter.millis(null, NOW));
    assertEquals(-1, RetryAfter.millis("", NOW));
    assertEquals(-1, RetryAfter.millis("-5", NOW));
    assertEquals(-1, RetryAfter.millis("1.5", NOW));
    assertEquals(-1, RetryAfter.millis("soon", NOW));
    assertEquals(-1, RetryAfter.millis("9999999999999", NOW), "past a long of milliseconds");
  }
}
