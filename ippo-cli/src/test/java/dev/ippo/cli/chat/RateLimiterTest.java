package dev.ippo.cli.chat;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.ippo.cli.chat.RateLimiter.Verdict;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The token bucket, on a fake clock: 10 a second, bursts of 20. */
class RateLimiterTest {
  private final FakeTicker clock = FakeTicker.frozen();
  private final RateLimiter limiter = new RateLimiter(clock);

  private void expectAllowed(int count) {
    for (int i = 0; i < count; i++) {
      assertEquals(Verdict.ALLOW, limiter.acquire(), "message " + i);
    }
  }

  @Test
  void aFullBucketLetsTheBurstThroughThenTellsOnce() {
    expectAllowed(20);
    assertEquals(Verdict.REJECT_AND_TELL, limiter.acquire());
    for (int i = 0; i < 1000; i++) {
      assertEquals(Verdict.REJECT, limiter.acquire());
    }
  }

  @Test
  void refillsTenASecond() {
    expectAllowed(20);
    assertEquals(Verdict.REJECT_AND_TELL, limiter.acquire());
    clock.advance(99, TimeUnit.MILLISECONDS);
    assertEquals(Verdict.REJECT, limiter.acquire());
    clock.advance(1, TimeUnit.MILLISECONDS);
    expectAllowed(1);
    assertEquals(Verdict.REJECT, limiter.acquire());
    clock.advance(500, TimeUnit.MILLISECONDS);
    expectAllowed(5);
    assertEquals(Verdict.REJECT, limiter.acquire());
  }

  @Test
  void tellsAtMostOncePerSecond() {
    expectAllowed(20);
    assertEquals(Verdict.REJECT_AND_TELL, limiter.acquire());
    // A steady 20 a second for 10 s: half get through, and the client hears of it once a
    // second (at 0 s above, then at 1.05 s, 2.05 s... 9.05 s).
    int told = 1;
    int allowed = 0;
    for (int i = 0; i < 200; i++) {
      clock.advance(50, TimeUnit.MILLISECONDS);
      Verdict verdict = limiter.acquire();
      told += verdict == Verdict.REJECT_AND_TELL ? 1 : 0;
      allowed += verdict == Verdict.ALLOW ? 1 : 0;
    }
    assertEquals(100, allowed);
    assertEquals(10, told);
  }

  @Test
  void aLongSilenceRefillsToTheBurstOnly() {
    expectAllowed(20);
    clock.advance(1, TimeUnit.HOURS);
    expectAllowed(20);
    assertEquals(Verdict.REJECT_AND_TELL, limiter.acquire());
  }

  @Test
  void otherRatesAndBursts() {
    RateLimiter slow = new RateLimiter(clock, 2, 1);
    assertEquals(Verdict.ALLOW, slow.acquire());
    assertEquals(Verdict.REJECT_AND_TELL, slow.acquire());
    clock.advance(500, TimeUnit.MILLISECONDS);
    assertEquals(Verdict.ALLOW, slow.acquire());
    assertEquals(Verdict.REJECT, slow.acquire());
  }
}
