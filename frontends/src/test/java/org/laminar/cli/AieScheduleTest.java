package org.laminar.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.laminar.check.CheckReport;
import org.laminar.check.ScheduleChecker;
import org.laminar.cost.AnalyticalCostModel;
import org.laminar.greedy.GreedySchedulers;
import org.laminar.greedy.ListScheduler;
import org.laminar.hardware.Accelerator;
import org.laminar.io.Inputs;
import org.laminar.schedule.Schedule;
import org.laminar.schedule.Scheduler;
import org.laminar.schedule.SchedulingProblem;
import org.laminar.tiling.Tile;
import org.laminar.tiling.Tiling;
import org.laminar.workload.Workload;
import org.laminar.yaml.StreamMappingReader;

/**
 * Two bf16 convolutions (stream-current/workload/bf16_pair.yaml: conv 2,048 MACs, b 4,096) on an
 * AIE column (shim, memory tile, compute tiles 2 and 3) with the kernels and cores of
 * aie_list.yaml: conv on tile 2 in 2 row bands at the conv kernel's 61.8 %, b on tile 3 in 2
 * channel parts at the default entry's 50 %.
 */
class AieScheduleTest {
  private static Path resource(String name) throws URISyntaxException {
    return Path.of(AieScheduleTest.class.getResource("/org/laminar/stream-current/" + name).toURI());
  }

  @Test
  void everyGreedyScheduleOfAnAieColumnPassesTheChecker() throws URISyntaxException {
    Path mapping = resource("mapping/aie_list.yaml");
    Workload pair = Inputs.workload(resource("workload/bf16_pair.yaml").toString());
    Accelerator column = Inputs.withKernels(Inputs.accelerator(resource("hardware/aie/column.yaml").toString()),
        Optional.of(mapping), pair);
    Tiling tiling = StreamMappingReader.read(mapping, pair, StreamMappingReader.defaultFusion(column));
    SchedulingProblem problem = SchedulingProblem.of(tiling, column, new AnalyticalCostModel());

    // conv's bands are 1,024 MACs at 32 × 61.8 % = 19.776 MACs/cycle: ceil(51.78) = 52 cycles; b's
    // parts 2,048 MACs at 32 × 50 % = 16 MACs/cycle: 128 cycles.
    for (Tile tile : problem.graph().tiles()) {
      boolean conv = tile.layer() == 0;
      assertEquals(conv ? List.of(2) : List.of(3), problem.allowedCores(tile), "tile " + tile.id());
      assertEquals(conv ? 52 : 128, problem.cost(tile, column.core(conv ? 2 : 3)).cycles(), "tile " + tile.id());
    }
    for (Scheduler scheduler : GreedySchedulers.all(ListScheduler.Priority.MEMORY)) {
      Schedule schedule = scheduler.schedule(problem).schedule().orElseThrow();
      CheckReport report = new ScheduleChecker().check(problem, schedule);
      assertEquals(List.of(), report.violations(), scheduler.name());
      // Tile 3 runs b's two parts (2 × 128 cycles) after conv's first band at the earliest (52).
      assertTrue(report.metrics().latencyCycles() >= 52 + 2 * 128, scheduler.name());
      assertEquals(0, report.metrics().energy().totalPj(), scheduler.name());
    }
  }

  @Test
  void aPrecisionAnAieTileHasNoRateForStopsTheRunNamingTheLayer() throws URISyntaxException {
    Cli.Outcome o = Cli.run("schedule", "--workload", resource("workload/pair.yaml").toString(), "--hardware",
        resource("hardware/aie/column.yaml").toString(), "--mapping", resource("mapping/aie_list.yaml").toString(),
        "--scheduler", "list");
    assertEquals(2, o.code(), o.err());
    assertTrue(o.err().contains("(layer 'a') cannot run on any of its allowed cores [3] (core 3: layer a: core "
        + "aie_tile has a MAC rate for operands of 16 or 32 bits, one precision for every input and the output; the "
        + "layer's are I 8, W 8, O 8 bits)"), o.err());
  }
}
