package org.laminar.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class LimitsTest {
  private static final long TWO_SECONDS_NANOS = 2_000_000_000L;

  @Test
  void whatIsLeftExcludesTheTimeAlreadySpent() {
    Limits limits = new Limits(5, 1, 7, 0.1);
    Limits left = limits.remainingSince(System.nanoTime() - TWO_SECONDS_NANOS);
    // At least two of the five seconds have gone by; the other limits are kept.
    assertTrue(left.timeLimitSeconds() <= 3 && left.timeLimitSeconds() >= Limits.LEAST_SECONDS, left.toString());
    assertEquals(limits.withTimeLimit(left.timeLimitSeconds()), left);
  }

  @Test
  void aSpentLimitLeavesTheLeastSearchTime() {
    Limits left = new Limits(1, 2, 0, 0).remainingSince(System.nanoTime() - TWO_SECONDS_NANOS);
    assertEquals(Limits.LEAST_SECONDS, left.timeLimitSeconds());
  }

  @Test
  void withoutATimeLimitNothingChanges() {
    Limits none = new Limits(0, 1, 3, 0);
    assertSame(none, none.remainingSince(System.nanoTime() - TWO_SECONDS_NANOS));
  }
}
