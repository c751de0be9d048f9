package org.laminar.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.laminar.check.ScheduleChecker;
import org.laminar.cost.AnalyticalCostModel;
import org.laminar.greedy.GreedySchedulers;
import org.laminar.greedy.ListScheduler;
import org.laminar.io.Inputs;
import org.laminar.schedule.Schedule;
import org.laminar.schedule.SchedulingProblem;
import org.laminar.tiling.TileGraph;
import org.laminar.tiling.TileGraphBuilder;
import org.laminar.tiling.Tiling;

/** The generated chain of the benchmarks: the tile count asked for, one fused stack, schedulable. */
class SyntheticChainTest {

  @Test
  void hasTheTilesAskedForRoundedUpToWholeRows() {
    Tiling tiling = SyntheticChain.tiling(95);
    TileGraph graph = TileGraphBuilder.build(tiling);
    assertEquals(100, graph.tiles().size(), "10 layers x 10 rows");
    assertEquals(1, tiling.stacks().size());
    // Each row band of a 3x3 layer reads up to three rows of the layer before it.
    assertTrue(graph.edges().size() >= 9 * 10 && graph.edges().size() <= 9 * 30, "edges " + graph.edges().size());
    assertThrows(IllegalArgumentException.class, () -> SyntheticChain.tiling(5));
  }

  @Test
  void theListSchedulersScheduleIsValid() {
    SchedulingProblem problem = SchedulingProblem.of(SyntheticChain.tiling(200), Inputs.accelerator("quad-core"),
        new AnalyticalCostModel());
    Schedule schedule = GreedySchedulers.byName("list", ListScheduler.Priority.MEMORY).schedule(problem).schedule()
        .orElseThrow();
    assertEquals(200, schedule.tiles().size());
    assertEquals(java.util.List.of(), new ScheduleChecker().check(problem, schedule).violations());
  }
}
