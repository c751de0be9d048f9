package org.laminar.exact;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.laminar.check.CheckReport;
import org.laminar.check.ScheduleChecker;
import org.laminar.cpsat.CpSatParameters;
import org.laminar.cpsat.CpSatSolver;
import org.laminar.engine.EngineResult;
import org.laminar.engine.Objective;
import org.laminar.hardware.Accelerator;
import org.laminar.hardware.Core;
import org.laminar.hardware.Dram;
import org.laminar.hardware.Link;
import org.laminar.ir.IrChecker;
import org.laminar.ir.IrProblem;
import org.laminar.ir.ModeRef;
import org.laminar.ir.Precedence;
import org.laminar.schedule.Schedule;
import org.laminar.schedule.SchedulingProblem;
import org.laminar.schedule.SolveStatus;

class TileModelTest {
  @Test
  void solvedScheduleIsValidForTheChecker() {
    SchedulingProblem problem = TileProblems.problem(TileProblems.tiles(TileProblems.chain(3, 8, 8), "oy=2"),
        TileProblems.accelerator(2, java.util.List.of("fast"), 1 << 20, false));
    for (Allocation allocation : Allocation.values()) {
      TileModel model = TileModel.compile(problem, allocation);
      EngineResult result = new CpSatSolver(CpSatParameters.deterministic(20)).solve(model.ir(), Objective.MAKESPAN,
          Optional.empty(), p -> { });
      assertEquals(SolveStatus.OPTIMAL, result.status());
      assertTrue(IrChecker.check(model.ir(), result.solution().orElseThrow()).valid());
      Schedule schedule = model.toSchedule(result.solution().orElseThrow());
      CheckReport report = new ScheduleChecker().check(problem, schedule);
      assertEquals(java.util.List.of(), report.violations());
      assertEquals((long) result.objective(), report.metrics().latencyCycles());
      assertEquals(java.util.List.of(), IrChecker.check(model.ir(), model.toSolution(schedule)).violations());
    }
  }

  @Test
  void readingBackOntoTheSameCoreIsLeftOutOnlyWhereMemoryCannotFillAndThePeakDoesNotMatter() {
    var graph = TileProblems.tiles(TileProblems.chain(3, 8, 8), "oy=2");
    SchedulingProblem roomy = TileProblems.problem(graph, TileProblems.accelerator(2, java.util.List.of("fast"), 1 << 20,
        false));
    SchedulingProblem tight = TileProblems.problem(graph, TileProblems.accelerator(2, java.util.List.of("fast"), 1 << 15,
        false));
    CoreSymmetry none = CoreSymmetry.none(roomy);
    int full = TileModel.compile(roomy, Allocation.TILE, none, true).ir().forbidden().size();
    int pruned = TileModel.compile(roomy, Allocation.TILE, none, false).ir().forbidden().size();
    // One nogood per edge and core both of its tiles may use: 2 cores, every edge.
    assertEquals(full + 2 * graph.edges().size(), pruned);
    assertEquals(TileModel.compile(tight, Allocation.TILE, none, true).ir().forbidden().size(),
        TileModel.compile(tight, Allocation.TILE, none, false).ir().forbidden().size());
    for (Objective objective : java.util.List.of(Objective.MAKESPAN, Objective.ENERGY)) {
      double[] optimum = new double[2];
      for (int i = 0; i < 2; i++) {
        TileModel model = TileModel.compile(roomy, Allocation.TILE, none, i == 0);
        EngineResult result = new CpSatSolver(CpSatParameters.deterministic(30)).solve(model.ir(), objective,
            Optional.empty(), p -> { });
        assertEquals(SolveStatus.OPTIMAL, result.status());
        optimum[i] = result.objective();
      }
      assertEquals(optimum[0], optimum[1], 1e-6, objective.name());
    }
  }

  /**
   * Two one-tile layers on a ring of four cores (32 bits/cycle links), DRAM at 16 bits/cycle: from
   * core a, the neighbours a ± 1 are one hop away and a + 2 two hops, and spilling the output and
   * reading it back takes 2·⌈bits / 16⌉, more than either. So the consumer starts at least ⌈bits /
   * 32⌉ after the producer ends on any other core, and 2·⌈bits / 32⌉ on the opposite one.
   */
  @Test
  void transferLagsAreTheShortestWayTheDataCanMove() {
    List<Core> cores = new ArrayList<>();
    List<Link> links = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      cores.add(TileProblems.core(i, "fast", 1 << 20));
      links.add(new Link("ring_" + i, List.of(i, (i + 1) % 4), 32, 0.1));
    }
    var graph = TileProblems.tiles(TileProblems.chain(2, 8, 8), "oy=1");
    SchedulingProblem problem = TileProblems.problem(graph, new Accelerator("ring4", cores, links,
        new Dram(16, 16, true, 10, 12)));
    long bits = graph.edges().get(0).bits();
    assertEquals(graph.tiles().get(0).outputBits(), bits);
    long hop = (bits + 31) / 32;
    TileModel model = TileModel.compile(problem, Allocation.TILE);
    IrProblem ir = model.ir();
    // Per producer core: lag -> the consumer cores it applies to.
    Map<Integer, Map<Long, Set<Integer>>> lags = new TreeMap<>();
    for (Precedence p : ir.precedences()) {
      if (p.before() == model.tileTask(0) && p.after() == model.tileTask(1) && p.minLag() > 0) {
        for (List<ModeRef> clause : p.when().anyOf()) {
          lags.computeIfAbsent(clause.get(0).mode(), a -> new TreeMap<>())
              .computeIfAbsent(p.minLag(), l -> new TreeSet<>()).add(clause.get(1).mode());
        }
      }
    }
    for (int a = 0; a < 4; a++) {
      assertEquals(Map.of(hop, Set.of((a + 1) % 4, (a + 2) % 4, (a + 3) % 4), 2 * hop, Set.of((a + 2) % 4)),
          lags.get(a), "producer on core " + a);
    }
  }
}
