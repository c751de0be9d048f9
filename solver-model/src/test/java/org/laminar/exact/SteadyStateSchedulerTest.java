package org.laminar.exact;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.laminar.batch.Batch;
import org.laminar.bound.IntervalBound;
import org.laminar.check.CheckReport;
import org.laminar.check.ScheduleChecker;
import org.laminar.check.SteadyState;
import org.laminar.cpsat.CpSatParameters;
import org.laminar.schedule.Scheduler;
import org.laminar.schedule.SchedulingProblem;
import org.laminar.schedule.SolveStatus;
import org.laminar.steady.ModuloListScheduler;
import org.laminar.steady.RepeatedScheduler;
import org.laminar.steady.SteadyStateResult;
import org.laminar.steady.SteadyStateScheduler;

/**
 * The steady state of four inferences of a two-layer chain (3×3 convolutions, 'same' padding,
 * 8×8 maps, C 3 → K 8 → K 8, two row bands of 4 rows) on two cores of 64 PEs on a bus, by hand.
 *
 * <p>Tiles: a band of layer 0 has 8 · 3 · 4 · 8 · 9 = 6,912 MACs, 108 cycles; a band of layer 1
 * 8 · 8 · 4 · 8 · 9 = 18,432 MACs, 288 cycles. Per inference the two cores do 2 · 108 + 2 · 288 =
 * 792 cycles of work: II ≥ ⌈792 / 2⌉ = 396. The DRAM port (64 bits/cycle) loads each band's input,
 * 3 channels × 5 rows (4 and a halo row) × 8 columns × 8 bits = 960 bits, ⌈960 / 64⌉ = 15 cycles,
 * and stores each band's output, 8 × 4 × 8 × 8 = 2,048 bits, 32 cycles: 94 cycles. One band of
 * each layer per core is 396 cycles on each, so II = 396 is reached when the bus's halo rows
 * (512 bits, 16 cycles each) and the port fit around the cores, and when one iteration may span
 * (N − 1) · 396 cycles. A layer-1 band needs both layer-0 bands of its iteration (the halo row),
 * so on one of the two cores it waits a period for the other core's band: an iteration then runs
 * input (15), a layer-0 band, a period, a layer-1 band and its store (32), at least 15 + 108 + 396
 * + 288 + 32 = 839 cycles, more than 2 · 396 but less than 3 · 396. So with four inferences the
 * optimum is the bound, 396 (with three, CP-SAT proves 424 in a run of this model).
 */
class SteadyStateSchedulerTest {
  private static SchedulingProblem single() {
    return TileProblems.problem(TileProblems.tiles(TileProblems.chain(2, 8, 8), "oy=2"),
        TileProblems.accelerator(2, List.of("fast"), 1 << 20, true));
  }

  @Test
  void theIntervalBoundIsTheCoresWorkPerInference() {
    IntervalBound bound = IntervalBound.of(single());

    assertEquals(396, bound.coreCycles());
    assertEquals(94, bound.dramCycles());
    assertEquals(396, bound.bestCycles());
  }

  @Test
  void cpsatProvesTheHandComputedIntervalAndTheCheckerMeasuresIt() {
    SchedulingProblem single = single();
    Batch batch = Batch.of(single, 4);
    SchedulingProblem unrolled = batch.unroll(single);
    long lowest = IntervalBound.of(single).bestCycles();
    List<SteadyStateResult> starts = new ArrayList<>();
    for (Scheduler s : CpSatScheduler.greedyWarmStarts()) {
      SteadyStateResult r = new RepeatedScheduler(s).schedule(single, batch, unrolled, lowest);
      // Every repetition found is checker-valid, a steady state, and no better than the bound.
      assertTrue(r.check().orElseThrow().valid(), r.scheduler());
      assertTrue(r.intervalCycles().getAsLong() >= lowest, r.scheduler());
      starts.add(r);
    }
    // The modulo list schedule at II = 396, by hand: input loads [0,15) and [15,30) on the port;
    // band 0 of layer 0 on core 0 [15,123), band 1 on core 1 [30,138) (it ends there first). A
    // layer-1 band needs 288 free cycles modulo 396: on core 0 only [123, 411) is free, but the
    // halo row of band 1 arrives at 138 + 16, so it waits for 123 + 396 = 519 and ends at 807 (on
    // core 1 it would end at 822); band 1 symmetrically on core 1 [534, 822). The stores, 32 cycles
    // each: at 807 the first would meet a later iteration's second input load (807 = 15 modulo
    // 396), so [822, 854), then [854, 886). An iteration spans [0, 886), within 3 x 396: the first
    // candidate, the bound, works.
    SteadyStateResult modulo = new ModuloListScheduler().schedule(single, batch, unrolled, lowest, 2 * lowest);
    assertTrue(modulo.check().orElseThrow().valid());
    assertEquals(OptionalLong.of(396), modulo.intervalCycles());
    assertEquals(886, modulo.steadyState().orElseThrow().spanCycles());
    starts.add(modulo);
    SteadyStateResult cp = new SteadyStateScheduler(CpSatParameters.deterministic(20), p -> { })
        .solve(batch, unrolled, lowest, starts);

    assertEquals(SolveStatus.OPTIMAL, cp.status(), cp.note()::toString);
    assertEquals(OptionalLong.of(396), cp.intervalCycles());
    assertEquals(396, cp.boundCycles());
    // The unrolled schedule passes the checker afresh, and measures the same interval.
    CheckReport report = new ScheduleChecker().check(unrolled, cp.schedule().orElseThrow());
    assertEquals(List.of(), report.violations());
    SteadyState steady = SteadyState.of(unrolled, batch, cp.schedule().get(), report);
    assertTrue(steady.steady(), steady.reasons()::toString);
    assertEquals(OptionalLong.of(396), steady.intervalCycles());
    assertTrue(steady.spanCycles() <= 3 * 396);
  }
}
