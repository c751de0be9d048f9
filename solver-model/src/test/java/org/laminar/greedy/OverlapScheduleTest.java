package org.laminar.greedy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.laminar.check.CheckReport;
import org.laminar.check.ScheduleChecker;
import org.laminar.choco.ChocoSolver;
import org.laminar.cpsat.CpSatParameters;
import org.laminar.engine.Limits;
import org.laminar.exact.CpSatScheduler;
import org.laminar.hardware.Accelerator;
import org.laminar.hardware.Dram;
import org.laminar.hardware.Link;
import org.laminar.hardware.MemoryOperand;
import org.laminar.lns.LnsScheduler;
import org.laminar.schedule.ScheduleResult;
import org.laminar.schedule.Scheduler;
import org.laminar.schedule.SchedulingProblem;
import org.laminar.tiling.FusionPolicy;
import org.laminar.tiling.LayerTiling;
import org.laminar.tiling.Overlap;
import org.laminar.tiling.Tile;
import org.laminar.tiling.TileEdge;
import org.laminar.tiling.Tiling;
import org.laminar.workload.Workload;

/** Every scheduler on a 3×3 chain in row bands and in 2-D tiles, in every overlap mode. */
class OverlapScheduleTest {
  private final ScheduleChecker checker = new ScheduleChecker();

  /** Two 3×3 'same' convolutions on 8 × 6 outputs (2 → 4 → 3 channels), four bands of 2 rows, fused. */
  private static SchedulingProblem problem(Overlap overlap) {
    return problem(overlap, "oy=4");
  }

  /** The chain above tiled by {@code split}. */
  private static SchedulingProblem problem(Overlap overlap, String split) {
    Workload chain = new Workload("chain", List.of(RandomProblems.conv(0, 4, 2, 8, 6, 3, List.of()),
        RandomProblems.conv(1, 3, 4, 8, 6, 3, List.of(0))));
    Accelerator two = new Accelerator("two", List.of(
        RandomProblems.core(0, 16, List.of(RandomProblems.sram("sram", 1 << 16, MemoryOperand.I1, MemoryOperand.I2,
            MemoryOperand.O))),
        RandomProblems.core(1, 16, List.of(RandomProblems.sram("sram", 1 << 16, MemoryOperand.I1, MemoryOperand.I2,
            MemoryOperand.O)))),
        List.of(new Link("l0", List.of(0, 1), 16, 0.5)), new Dram(16, 16, true, 2, 2));
    Tiling tiling = Tiling.uniform(chain, LayerTiling.parse(split), new FusionPolicy.All()).withOverlap(overlap);
    return SchedulingProblem.of(tiling, two, RandomProblems.COST);
  }

  private static List<Scheduler> every() {
    List<Scheduler> all = new ArrayList<>(GreedySchedulers.all(ListScheduler.Priority.MEMORY));
    all.addAll(GreedySchedulers.all(ListScheduler.Priority.LATENCY));
    CpSatScheduler.Options exact = CpSatScheduler.Options.defaults()
        .withParameters(CpSatParameters.deterministic(0.5));
    all.add(new CpSatScheduler(exact, CpSatScheduler.greedyWarmStarts(), p -> { }));
    // Choco has wall-clock limits only: what is asserted (a checked schedule) holds wherever it stops.
    all.add(new CpSatScheduler(exact, new ChocoSolver(Limits.defaults().withWorkers(1).withTimeLimit(1)),
        CpSatScheduler.greedyWarmStarts(), p -> { }));
    all.add(new LnsScheduler(LnsScheduler.Options.deterministic(2, 0.1), p -> { }));
    return all;
  }

  @Test
  void theTwoModesGiveTheHandComputedGraphs() {
    SchedulingProblem cached = problem(Overlap.CACHE);
    SchedulingProblem recomputed = problem(Overlap.RECOMPUTE);
    // MACs: layer 0 4·2·6·9 = 432 per row, layer 1 3·4·6·9 = 648; recompute: 14 rows of layer 0, not 8.
    assertEquals(8 * 432 + 8 * 648, cached.graph().macs());
    assertEquals(14 * 432 + 8 * 648, recomputed.graph().macs());
    // Cached: each band of layer 1 reads its own band and its neighbours' (2 + 3 + 3 + 2 edges);
    // recomputed: its own band only, which holds every row it reads.
    assertEquals(10, cached.graph().edges().size());
    assertEquals(4, recomputed.graph().edges().size());
    for (TileEdge e : recomputed.graph().edges()) {
      Tile consumer = recomputed.graph().tiles().get(e.consumer());
      assertEquals(consumer.shape().inputHeight() * 4L * 6 * 8, e.bits(), "edge " + e);
    }
  }

  @Test
  void everySchedulerIsCheckerValidInEveryMode() {
    for (String split : List.of("oy=4", "oy=2,ox=2")) {
      for (Overlap overlap : Overlap.values()) {
        SchedulingProblem problem = problem(overlap, split);
        for (Scheduler s : every()) {
          ScheduleResult result = s.schedule(problem);
          String what = split + " " + overlap + " " + s.name();
          assertTrue(result.schedule().isPresent(), what + ": no schedule, " + result.status());
          CheckReport report = checker.check(problem, result.schedule().get());
          assertEquals(List.of(), report.violations(), what);
        }
      }
    }
  }
}
