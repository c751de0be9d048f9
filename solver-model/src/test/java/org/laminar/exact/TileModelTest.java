package org.laminar.exact;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.laminar.check.CheckReport;
import org.laminar.check.ScheduleChecker;
import org.laminar.cpsat.CpSatParameters;
import org.laminar.cpsat.CpSatSolver;
import org.laminar.engine.EngineResult;
import org.laminar.engine.Objective;
import org.laminar.ir.IrChecker;
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
}
