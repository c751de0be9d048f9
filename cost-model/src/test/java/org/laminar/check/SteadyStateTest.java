package org.laminar.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.laminar.batch.Batch;
import org.laminar.batch.Repetition;
import org.laminar.schedule.Movement;
import org.laminar.schedule.Movement.InputLoad;
import org.laminar.schedule.Movement.LinkHop;
import org.laminar.schedule.Movement.SinkStore;
import org.laminar.schedule.Movement.WeightLoad;
import org.laminar.schedule.Schedule;
import org.laminar.schedule.ScheduledTile;
import org.laminar.schedule.SchedulingProblem;
import org.laminar.tiling.TileEdge;

/**
 * Batches of {@link ScheduleCheckerTest}'s two-layer problem (a on core 0, b on core 1, one link,
 * one DRAM port of 8 bits/cycle) and the checker's steady-state measurement, by hand.
 *
 * <p>Per inference the DRAM port carries two input loads of ⌈32 / 8⌉ = 4 cycles and two stores of
 * ⌈64 / 8⌉ = 8 cycles: 24 cycles, the most any resource is busy per inference (core 0: 2 + 2, core
 * 1: 4 + 4, link: 4 + 4). The pipelined single schedule below repeats every 24 cycles: weights
 * [0,2) and [2,6); input 0 [6,10), input 1 [10,14); core 0: tile 0 [10,12), tile 1 [14,16); link:
 * [12,16), [16,20); core 1: tile 2 [16,20), tile 3 [20,24); stores [38,46) and [46,54), late enough
 * that modulo 24 the port's four movements fill [6,30) without overlap. Iteration 0 spans [6, 54),
 * 48 = (3 − 1) × 24 cycles.
 */
class SteadyStateTest {
  private final ScheduleChecker checker = new ScheduleChecker();

  private static Schedule pipelined() {
    return new Schedule(List.of(new ScheduledTile(0, 0, 10, 12), new ScheduledTile(1, 0, 14, 16),
        new ScheduledTile(2, 1, 16, 20), new ScheduledTile(3, 1, 20, 24)), List.of(
        new WeightLoad(0, 0, 16, "dram", 0, 2), new WeightLoad(1, 1, 32, "dram", 2, 6),
        new InputLoad(0, 0, 32, "dram", 6, 10), new InputLoad(1, 0, 32, "dram", 10, 14),
        new LinkHop(0, 2, 0, 0, 1, 64, "c0-c1", 12, 16), new LinkHop(1, 3, 0, 0, 1, 64, "c0-c1", 16, 20),
        new SinkStore(2, 1, 64, "dram", 38, 46), new SinkStore(3, 1, 64, "dram", 46, 54)));
  }

  /**
   * {@code single} repeated every {@code interval} cycles in a batch of {@code iterations} of the
   * problem with core 1's SRAM of {@code core1Sram} bits: the checker must accept it; its measurement.
   */
  private SteadyState measured(Schedule single, long core1Sram, int iterations, long interval) {
    SchedulingProblem problem = ScheduleCheckerTest.problem(core1Sram);
    Batch batch = Batch.of(problem, iterations);
    SchedulingProblem unrolled = batch.unroll(problem);
    Schedule repeated = Repetition.of(single, batch, interval);
    CheckReport report = checker.check(unrolled, repeated);
    assertTrue(report.valid(), report.violations()::toString);
    return SteadyState.of(unrolled, batch, repeated, report);
  }

  @Test
  void unrollingCopiesEveryTileAndEdgeOncePerIterationWithItsCores() {
    SchedulingProblem single = ScheduleCheckerTest.problem(1000);
    Batch batch = Batch.of(single, 3);
    SchedulingProblem unrolled = batch.unroll(single);

    assertEquals(12, unrolled.graph().tiles().size());
    assertEquals(List.of(new TileEdge(0, 2, 64), new TileEdge(1, 3, 64), new TileEdge(4, 6, 64),
        new TileEdge(5, 7, 64), new TileEdge(8, 10, 64), new TileEdge(9, 11, 64)), unrolled.graph().edges());
    assertEquals(List.of(0), unrolled.allowedCores(unrolled.graph().tiles().get(9)));
    assertEquals(List.of(1), unrolled.allowedCores(unrolled.graph().tiles().get(10)));
    assertEquals(2, batch.iteration(9));
    assertEquals(1, batch.base(9));
    assertEquals(9, batch.copy(1, 2));
    assertEquals(single, Batch.of(single, 1).unroll(single));
  }

  @Test
  void theSingleScheduleRepeatedEvery24CyclesIsASteadyStateOfInterval24() {
    SchedulingProblem single = ScheduleCheckerTest.problem(1000);
    assertTrue(checker.check(single, pipelined()).valid(), () -> checker.check(single, pipelined()).violations()
        .toString());
    Batch batch = Batch.of(single, 3);
    SchedulingProblem unrolled = batch.unroll(single);
    Schedule repeated = Repetition.of(pipelined(), batch, 24);
    CheckReport report = checker.check(unrolled, repeated);

    assertEquals(List.of(), report.violations());
    // The last store: iteration 2's store of tile 3, [46 + 48, 54 + 48).
    assertEquals(102, report.metrics().latencyCycles());
    SteadyState steady = SteadyState.of(unrolled, batch, repeated, report);
    assertEquals(OptionalLong.of(24), steady.intervalCycles());
    assertEquals(48, steady.spanCycles());
    assertTrue(steady.steady(), steady.reasons()::toString);
  }

  @Test
  void oneCycleLessAndIterationsCollideOnTheDramPort() {
    SchedulingProblem single = ScheduleCheckerTest.problem(1000);
    Batch batch = Batch.of(single, 3);
    CheckReport report = checker.check(batch.unroll(single), Repetition.of(pipelined(), batch, 23));

    assertFalse(report.valid());
    assertTrue(report.violations().stream().anyMatch(v -> v.message().contains("dram")), report.violations()::toString);
  }

  @Test
  void twoIterationsAreTooFewForThisSpan() {
    SteadyState steady = measured(pipelined(), 1000, 2, 24);

    // Periodic with interval 24, but iteration 0 spans 48 > (2 - 1) x 24: a third iteration would
    // meet the first one's stores on the DRAM port.
    assertEquals(OptionalLong.of(24), steady.intervalCycles());
    assertFalse(steady.steady());
    assertTrue(steady.reasons().get(0).contains("spans 48 cycles"), steady.reasons()::toString);
  }

  @Test
  void aMovementOutOfStepIsNotPeriodic() {
    SchedulingProblem single = ScheduleCheckerTest.problem(1000);
    Batch batch = Batch.of(single, 3);
    SchedulingProblem unrolled = batch.unroll(single);
    Schedule repeated = Repetition.of(pipelined(), batch, 24);
    List<Movement> moved = new ArrayList<>(repeated.movements());
    // Iteration 2's store of tile 3 (tile 11) one cycle later than 46 + 2 x 24.
    int last = moved.indexOf(new SinkStore(11, 1, 64, "dram", 94, 102));
    moved.set(last, new SinkStore(11, 1, 64, "dram", 95, 103));
    Schedule shifted = new Schedule(repeated.tiles(), moved);
    CheckReport report = checker.check(unrolled, shifted);

    assertTrue(report.valid(), report.violations()::toString);
    SteadyState steady = SteadyState.of(unrolled, batch, shifted, report);
    assertEquals(OptionalLong.empty(), steady.intervalCycles());
    assertTrue(steady.reasons().get(0).startsWith("not periodic: iteration 2: store of tile 3"),
        steady.reasons()::toString);
  }

  @Test
  void weightsThatCannotStayResidentBesideThePeakAreNoSteadyState() {
    // Core 1's SRAM of 224 bits is exactly the single schedule's peak there (ScheduleCheckerTest),
    // so its 32 bits of weights cannot stay resident beside it for ever.
    SteadyState steady = measured(ScheduleCheckerTest.valid(), 224, 3, 34);

    assertEquals(OptionalLong.of(34), steady.intervalCycles());
    assertFalse(steady.steady());
    assertTrue(steady.reasons().get(0).contains("cannot keep its 32 bits of weights resident"),
        steady.reasons()::toString);
  }
}
