package org.laminar.bench;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.ortools.sat.CpModelProto;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.laminar.cost.AnalyticalCostModel;
import org.laminar.cpsat.CpSatSolver;
import org.laminar.cpsat.CpSatTranslation;
import org.laminar.engine.Horizons;
import org.laminar.engine.Objective;
import org.laminar.exact.Allocation;
import org.laminar.exact.CoreSymmetry;
import org.laminar.exact.TileModel;
import org.laminar.io.Inputs;
import org.laminar.schedule.SchedulingProblem;

/**
 * The exact model grows linearly with the tiles: the CP-SAT model of a generated 1,000-tile chain
 * on quad-core has, per tile, at most 5 % more variables and constraints than that of a 200-tile
 * chain. Each tile has up to three incoming edges, and every part of the model is per tile, per
 * edge or per (edge, core pair), so the counts per tile differ only by the few rows at the ends of
 * the chain (its edges per tile: 2.61 and 2.68); a term per pair of tiles, or per tile and layer,
 * would make the ratio about 5. Counts, not times: they are the same on every machine.
 */
class ModelSizeTest {
  private static final double FACTOR = 1.05;

  private static SchedulingProblem small;
  private static SchedulingProblem large;

  @BeforeAll
  static void problems() {
    CpSatSolver.loadNativeLibraries();
    small = chain(200);
    large = chain(1_000);
  }

  private static SchedulingProblem chain(int tiles) {
    return SchedulingProblem.of(SyntheticChain.tiling(tiles), Inputs.accelerator("quad-core"), new AnalyticalCostModel());
  }

  /** As {@code --scheduler cpsat} builds it for latency: memories that can never fill are left out. */
  @Test
  void theLatencyModelGrowsLinearly() {
    assertLinear(Bench.cpSatModel(small).model().model(), 200, Bench.cpSatModel(large).model().model(), 1_000);
  }

  /** For the memory objective every memory stays, with a buffer per output, received copy, input and weight slice. */
  @Test
  void theModelWithEveryMemoryGrowsLinearly() {
    assertLinear(withMemories(small), 200, withMemories(large), 1_000);
  }

  private static CpModelProto withMemories(SchedulingProblem problem) {
    TileModel model = TileModel.compile(problem, Allocation.TILE, CoreSymmetry.of(problem), true);
    return CpSatTranslation.translate(model.ir(), Objective.PEAK_STORAGE, Horizons.sumOfDurations(model.ir()))
        .model().model();
  }

  private static void assertLinear(CpModelProto small, int smallTiles, CpModelProto large, int largeTiles) {
    double variables = ((double) large.getVariablesCount() / largeTiles) / ((double) small.getVariablesCount() / smallTiles);
    double constraints = ((double) large.getConstraintsCount() / largeTiles)
        / ((double) small.getConstraintsCount() / smallTiles);
    String counts = String.format("%,d tiles: %,d variables, %,d constraints; %,d tiles: %,d and %,d", smallTiles,
        small.getVariablesCount(), small.getConstraintsCount(), largeTiles, large.getVariablesCount(),
        large.getConstraintsCount());
    assertTrue(variables <= FACTOR, "variables per tile grow by " + variables + ": " + counts);
    assertTrue(constraints <= FACTOR, "constraints per tile grow by " + constraints + ": " + counts);
  }
}
