package org.laminar.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.laminar.bound.LatencyBounds;
import org.laminar.schedule.Schedule;
import org.laminar.schedule.ScheduleResult;

class RunTest {

  @Test
  void fixtureIsValidAndItsGapIsMeasuredAgainstTheBestBound() {
    Run run = Fixture.run();

    assertEquals(List.of(), run.check().orElseThrow().violations());
    assertEquals(46, run.latencyCycles().getAsLong());
    // a only on core 0, b only on core 1, so each edge takes at least its hop: 64 / 16 = 4 cycles.
    // Path: weights of a 2 + input 4 + a/t0 2 + hop 4 + b/t0 4 + store 8 = 24. Work: (2+4+2+4) / 2 = 6.
    // DRAM: reads 2 + 4 (weights) + 4 + 4 (inputs), writes 8 + 8 (stores; spills are optional):
    // 30 cycles on one port.
    // Core windows: b's tiles on core 1 start at 12 at the earliest (a/t0 ends at 8, then the hop)
    // and leave the store, 8: 12 + 4 + 4 + 8 = 28.
    // DRAM windows: the stores cannot start before b/t0 ends at 16 (head 12 + 4): 16 + 8 + 8 = 32.
    // Re-load: each layer has one allowed core; b's tiles need 8 cycles in [12, C − 8], a's 4 in
    // [6, C − 16]: C ≥ 28, below the DRAM windows with one copy each, 32. The memories are roomy:
    // no residency bound. Pinned layer: b's tiles one after the other on core 1 (8), after b's load
    // (4) and a's slice (2), before the last one's store (8): 22 (a's: 4 + its load and an input, 6: 10).
    assertEquals(new LatencyBounds(24, 6, 30, 28, 32, 32, 0, 22), run.bounds());
    assertEquals(32, run.boundCycles());
    assertEquals((46 - 32) / 46.0, run.gap().getAsDouble(), 1e-12);
  }

  @Test
  void anInvalidScheduleHasNoLatencyAndNoGap() {
    Schedule broken = new Schedule(Fixture.schedule().tiles(), List.of());
    Run run = Run.judge(Fixture.problem(), ScheduleResult.heuristic("broken", broken),
        LatencyBounds.of(Fixture.problem()), Duration.ZERO);

    assertFalse(run.valid());
    assertTrue(run.latencyCycles().isEmpty());
    assertTrue(run.gap().isEmpty());
  }
}
