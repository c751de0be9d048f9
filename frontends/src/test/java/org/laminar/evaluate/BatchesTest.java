package org.laminar.evaluate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.laminar.batch.Batch;
import org.laminar.bound.IntervalBound;
import org.laminar.cost.AnalyticalCostModel;
import org.laminar.cpsat.CpSatParameters;
import org.laminar.exact.CpSatScheduler;
import org.laminar.schedule.Scheduler;
import org.laminar.schedule.SchedulingProblem;
import org.laminar.schedule.SolveStatus;
import org.laminar.steady.RepeatedScheduler;
import org.laminar.steady.SteadyStateResult;
import org.laminar.steady.SteadyStateScheduler;
import org.laminar.tiling.Tile;

/**
 * The must-show: eight inferences of chain3 on quad-core ({@code --batch 8 --steady-state
 * --scheduler cpsat}), whose initiation interval CP-SAT proves optimal.
 *
 * <p>By hand: chain3 at the default {@code oy=4} has four row bands of each layer, 12 tiles. On a
 * quad-core core (a 32 × 32 array unrolling K and C) a band of conv0 (K 16, C 8, 8 × 32 outputs,
 * 3 × 3) and a band of conv1 (K 16, C 16) each take 8 · 32 · 9 = 2,304 compute cycles, a band of
 * conv2 (1 × 1) 8 · 32 = 256; with the cost model's other terms (cost-model/README.md) they last
 * 2,314, 2,314 and 258 cycles, as the cost table guard pins them (CostTableTest). One inference is 4 · (2,314 + 2,314 +
 * 258) = 19,544 cycles of core work over 4 cores: II ≥ 4,886. Its DRAM traffic is 2,240 cycles
 * (inputs and stores), so the cores bind. Every core running one band of each layer per
 * inference is busy exactly 4,886 cycles, so II = 4,886 needs a perfect pipeline (no core ever
 * idle in the steady state), which exists: band j on core j, its layer-1 band waiting for the
 * neighbours' halo rows over the ring, in a later period when needed; eight inferences leave
 * an iteration room for 7 · 4,886 cycles. So the optimum is the bound.
 */
class BatchesTest {

  private static Prepared chain3() {
    Point point = new Point("chain3", false, "quad-core", "laminar", Optional.empty(), Optional.empty(), "auto",
        "overlapped", "cache", "never", Optional.of("cpsat"), false, List.of(), "latency", "tile", "memory",
        new SolverSettings("cpsat", 60, 1, 0, 0));
    return new Evaluator(new AnalyticalCostModel()).prepare(point, Observer.SILENT);
  }

  @Test
  void eightChain3InferencesOnQuadCoreHaveTheProvenIntervalOfTheirCoreWork() {
    SchedulingProblem single = chain3().problem();
    long work = 0;
    for (Tile t : single.graph().tiles()) {
      work += single.cost(t, single.accelerator().core(0)).cycles();
    }
    assertEquals(12, single.graph().tiles().size());
    assertEquals(4 * (2314 + 2314 + 258), work);
    assertEquals(4886, IntervalBound.of(single).bestCycles());

    Batch batch = Batch.of(single, 8);
    SchedulingProblem unrolled = batch.unroll(single);
    List<SteadyStateResult> starts = new ArrayList<>();
    for (Scheduler s : CpSatScheduler.greedyWarmStarts()) {
      starts.add(new RepeatedScheduler(s).schedule(single, batch, unrolled, 4886));
    }
    SteadyStateResult cp = new SteadyStateScheduler(CpSatParameters.deterministic(100), p -> { })
        .solve(batch, unrolled, 4886, starts);

    assertEquals(SolveStatus.OPTIMAL, cp.status(), cp.note()::toString);
    assertEquals(OptionalLong.of(4886), cp.intervalCycles());
    assertTrue(cp.check().orElseThrow().valid());
  }
}
