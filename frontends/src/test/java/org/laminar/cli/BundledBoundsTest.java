package org.laminar.cli;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.laminar.bound.LatencyBounds;
import org.laminar.bound.RelaxationBound;
import org.laminar.cost.AnalyticalCostModel;
import org.laminar.hardware.Accelerator;
import org.laminar.io.Inputs;
import org.laminar.schedule.SchedulingProblem;
import org.laminar.tiling.FusionPolicy;
import org.laminar.tiling.LayerTiling;
import org.laminar.tiling.Tiling;
import org.laminar.workload.Workload;

/**
 * Every analytical bound, the capacity bounds (re-load, residency) and the pinned layer among
 * them, and the relaxation bound, is at most the proven optimum of each bundled small network fused into one stack in 4 row
 * bands ({@code --fuse all --tiling oy=4}), allocation per tile: the optima CP-SAT proved,
 * published in the README's "Exact vs greedy" table. The relaxation bound must also beat the
 * analytical ones on hetero-quad: it exists to raise them.
 */
class BundledBoundsTest {
  /** One worker and a deterministic limit: the same relaxation bound on every run. */
  private static final RelaxationBound.Settings RELAXATION = new RelaxationBound.Settings(0, 5, 1, 0);

  @ParameterizedTest(name = "{0} on {1}: optimum {2}")
  @CsvSource({
      "chain3, quad-core, 7190", "chain3, hetero-quad, 6335",
      "chain5, quad-core, 7841", "chain5, hetero-quad, 7261",
      "residual4, quad-core, 3483", "residual4, hetero-quad, 3736",
      "diamond4, quad-core, 2619", "diamond4, hetero-quad, 2769",
      "mbconv3, quad-core, 19639", "mbconv3, hetero-quad, 2956"})
  void everyBoundIsAtMostTheOptimum(String workload, String hardware, long optimum) {
    SchedulingProblem problem = problem(workload, hardware);
    LatencyBounds analytical = LatencyBounds.of(problem);
    LatencyBounds bounds = analytical.withRelaxation(problem, RELAXATION);
    for (Map.Entry<String, Long> bound : bounds.named().entrySet()) {
      assertTrue(bound.getValue() <= optimum, () -> bound.getKey() + " " + bound.getValue() + " > " + optimum);
    }
    assertTrue(bounds.named().keySet().containsAll(List.of("reload", "residency", "pinned")));
    assertTrue(bounds.bestCycles() > 0);
    // On hetero-quad each layer is fast on one kind of core, which the one-resource bounds cannot
    // see and the relaxation must weigh; on quad-core's equal cores the re-load bound is as strong.
    if (hardware.equals("hetero-quad")) {
      assertTrue(bounds.relaxationCycles() > analytical.bestCycles(),
          () -> "relaxation " + bounds.relaxationCycles() + " <= analytical " + analytical.bestCycles());
    }
  }

  private static SchedulingProblem problem(String workload, String hardware) {
    Workload w = Inputs.workload(workload);
    Accelerator accelerator = Inputs.accelerator(hardware);
    Tiling tiling = Tiling.uniform(w, LayerTiling.parse("oy=4"),
        FusionPolicy.parse("all", FusionPolicy.WeightCapacity.of(accelerator)));
    return SchedulingProblem.of(tiling, accelerator, new AnalyticalCostModel());
  }
}
