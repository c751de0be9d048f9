package org.laminar.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.laminar.check.CheckReport;
import org.laminar.check.MemoryTrace;
import org.laminar.check.ScheduleChecker;
import org.laminar.check.Violation;
import org.laminar.cost.AnalyticalCostModel;
import org.laminar.cost.CostModel;
import org.laminar.greedy.ListScheduler;
import org.laminar.hardware.Accelerator;
import org.laminar.hardware.Core;
import org.laminar.hardware.MemoryLevel;
import org.laminar.io.Inputs;
import org.laminar.schedule.Movement.LinkHop;
import org.laminar.schedule.Schedule;
import org.laminar.schedule.SchedulingProblem;
import org.laminar.tiling.FusionPolicy;
import org.laminar.tiling.LayerTiling;
import org.laminar.tiling.Tiling;
import org.laminar.workload.Workload;

/**
 * Stream's {@code fusemax.yaml} (an array core and a vector core sharing their SRAM through
 * {@code core_memory_sharing}, no links) and the bundled {@code dual-shared}: the bundled chain3
 * fused, its layers on both cores, moves no data over a link, and the checker holds the two cores
 * to the one capacity.
 */
class SharedMemoryAcceleratorsTest {
  private static final ScheduleChecker CHECKER = new ScheduleChecker();
  private static final String FUSEMAX = Path.of(System.getProperty("laminar.root"), "..", "shared", "instances",
      "stream", "examples", "hardware", "fusemax.yaml").normalize().toString();

  /** chain3 fused in row bands of 4 on {@code accelerator}, layer 0 and 2 on core 0, layer 1 on core 1. */
  private static SchedulingProblem chain3(Accelerator accelerator, CostModel costs) {
    Workload chain3 = Inputs.workload("chain3");
    return SchedulingProblem.of(Tiling.uniform(chain3, LayerTiling.parse("oy=4"), new FusionPolicy.All()),
        accelerator, costs).withLayerCores(Map.of(0, List.of(0), 1, List.of(1), 2, List.of(0)));
  }

  private static long crossCoreEdges(SchedulingProblem p, Schedule s) {
    int[] core = new int[p.graph().tiles().size()];
    s.tiles().forEach(t -> core[t.tile()] = t.core());
    return p.graph().edges().stream().filter(e -> core[e.producer()] != core[e.consumer()])
        .count();
  }

  @Test
  void aFusedChainAcrossFuseMaxsTwoCoresMovesNothingOverALink() {
    Accelerator fusemax = Inputs.accelerator(FUSEMAX);
    SchedulingProblem p = chain3(fusemax, new AnalyticalCostModel());
    Schedule s = new ListScheduler(ListScheduler.Priority.MEMORY).schedule(p).schedule().orElseThrow();

    CheckReport report = CHECKER.check(p, s);
    assertEquals(List.of(), report.violations());
    // Every edge of the fused chain crosses the two cores (layer 1 sits alone on core 1).
    assertEquals(p.graph().edges().size(), crossCoreEdges(p, s));
    assertTrue(s.movements().stream().noneMatch(m -> m instanceof LinkHop));
    assertEquals(0, report.metrics().energy().interconnectPj());
    MemoryTrace sram = report.memory().stream().filter(MemoryTrace::isShared).findFirst().orElseThrow();
    assertEquals(List.of(0, 1), sram.cores());
    assertEquals("sram_0_1", sram.memory());
  }

  /**
   * The same schedule against the same accelerator with its shared SRAM just below the schedule's
   * peak there (tiles costed as before): the checker reports the shared memory, naming it.
   */
  @Test
  void theCheckerHoldsBothCoresToTheSharedCapacity() {
    Accelerator fusemax = Inputs.accelerator(FUSEMAX);
    AnalyticalCostModel model = new AnalyticalCostModel();
    SchedulingProblem p = chain3(fusemax, model);
    Schedule s = new ListScheduler(ListScheduler.Priority.MEMORY).schedule(p).schedule().orElseThrow();
    MemoryTrace sram = CHECKER.check(p, s).memory().stream().filter(MemoryTrace::isShared).findFirst().orElseThrow();
    long peak = sram.peakBits();

    List<Core> smaller = fusemax.cores().stream().map(c -> new Core(c.id(), c.name(), c.array(), c.memories().stream()
        .map(m -> !m.name().equals("sram") ? m : new MemoryLevel(m.name(), peak - 1, m.readEnergyPj(),
            m.writeEnergyPj(), m.operands(), m.ports(), m.servedDimensions())).toList(), c.dataflow())).toList();
    Accelerator tight = new Accelerator(fusemax.name(), smaller, fusemax.links(), fusemax.dram(),
        fusemax.sharedMemories());
    CostModel asBefore = (shape, core) -> model.cost(shape, fusemax.core(core.id()));
    List<Violation> violations = CHECKER.check(chain3(tight, asBefore), s).violations();

    assertEquals(1, violations.size(), violations::toString);
    assertEquals(Violation.Rule.MEMORY, violations.get(0).rule());
    assertEquals("shared memory sram_0_1 (cores 0, 1)", violations.get(0).subject());
    assertTrue(violations.get(0).message().contains("holds " + peak + " bits"), violations.get(0)::message);
  }

  @Test
  void theTraceAndTheMemoryPlotShowTheSharedMemoryAsOneTrack(@TempDir Path dir) throws IOException {
    Cli.Outcome o = Cli.run("schedule", "--workload", "chain3", "--hardware", "dual-shared", "--tiling", "oy=4",
        "--fuse", "all", "--scheduler", "list", "--out", dir.toString());
    assertEquals(0, o.code(), o.err());

    Set<String> counters = new TreeSet<>();
    new ObjectMapper().readTree(dir.resolve("trace.json").toFile()).get("traceEvents").forEach(e -> {
      if (e.get("ph").asText().equals("C")) {
        counters.add(e.get("name").asText());
      }
    });
    assertEquals(Set.of("memory shared l2 (cores 0, 1) (bits)"), counters);
    String plot = Files.readString(dir.resolve("memory.svg"));
    assertEquals(1, plot.split("shared l2 \\(cores 0, 1\\): peak", -1).length - 1, plot);
  }

  @Test
  void theBundledDualSharedAcceleratorSharesItsSram() {
    Accelerator dual = Inputs.accelerator("dual-shared");
    assertEquals(List.of(), dual.links());
    assertEquals(1, dual.sharedMemories().size());
    SchedulingProblem p = chain3(dual, new AnalyticalCostModel());
    Schedule s = new ListScheduler(ListScheduler.Priority.LATENCY).schedule(p).schedule().orElseThrow();
    CheckReport report = CHECKER.check(p, s);
    assertEquals(List.of(), report.violations());
    assertTrue(crossCoreEdges(p, s) > 0);
    assertEquals(1, report.memory().stream().filter(MemoryTrace::isShared).count());
  }
}
