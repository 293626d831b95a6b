package dev.ippo.internal.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** The wait before each retry, at the edges the reconnecting client's tests do not reach. */
class BackoffTest {
  @Test
  void aLongRunOfRetriesStaysAtTheCapRatherThanOverflowing() {
    Backoff backoff = new Backoff(1000, 5000, 2, 0.5);
    assertEquals(5000, backoff.delayMillis(Integer.MAX_VALUE, 0.5));
    assertEquals(2500, backoff.delayMillis(10_000, 0));
  }

  @Test
  void withoutJitterTheRandomNumberDoesNotMatter() {
    Backoff backoff = new Backoff(100, 1000, 1.5, 0);
    assertEquals(100, backoff.delayMillis(1, 0));
    assertEquals(150, backoff.delayMillis(2, 0.99));
    assertEquals(225, backoff.delayMillis(3, 0.3));
  }

  @Test
  void aGrowFactorOfOneWaitsTheSameEachTime() {
    Backoff backoff = new Backoff(300, 300, 1, 0);
    assertEquals(300, backoff.delayMillis(1, 0.5));
    assertEquals(300, backoff.delayMillis(50, 0.5));
  }

  @Test
  void aBackoffThatMakesNoSenseIsRefused() {
    assertThrows(IllegalArgumentException.class, () -> new Backoff(-1, 10, 2, 0.5));
    assertThrows(IllegalArgumentException.class, () -> new Backoff(10, 5, 2, 0.5));
    assertThrows(IllegalArgumentException.class, () -> new Backoff(1, 5, Double.NaN, 0.5));
    assertThrows(IllegalArgumentException.class, () -> new Backoff(1, 5, 2, 1.01));
  }
}
