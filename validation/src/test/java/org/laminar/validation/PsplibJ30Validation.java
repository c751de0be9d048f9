package org.laminar.validation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.laminar.bound.IrBounds;
import org.laminar.cpsat.CpSatParameters;
import org.laminar.cpsat.CpSatSolver;
import org.laminar.engine.EngineResult;
import org.laminar.engine.Objective;
import org.laminar.greedy.SerialSgs;
import org.laminar.ir.IrCheckResult;
import org.laminar.ir.IrChecker;
import org.laminar.ir.IrProblem;
import org.laminar.psplib.PsplibReader;

/**
 * The harder PSPLIB j30 instances (parameter 13, instances 1-10) under a time limit: makespan
 * against the published optimum, status, bound and time. Not part of {@code mvn verify}; run with
 *
 * <pre>
 * mvn -B -o -pl validation -am -Pvalidation test -Dtest=PsplibJ30Validation \
 *     -Dsurefire.failIfNoSpecifiedTests=false -Dpsplib.timeLimit=20 -Dpsplib.workers=2
 * </pre>
 *
 * It fails only on a wrong answer: an invalid schedule, a makespan below the optimum or a bound
 * above it.
 */
@Tag("validation")
class PsplibJ30Validation {
  private static final Path J30 = Path.of(System.getProperty("laminar.root"), "..", "shared", "instances", "psplib",
      "j30");

  @Test
  void j3013() {
    double timeLimit = Double.parseDouble(System.getProperty("psplib.timeLimit", "20"));
    int workers = Integer.parseInt(System.getProperty("psplib.workers", "2"));
    Map<String, Long> optima = PsplibReader.readOptima(J30.resolve("j30opt-subset.sm"));
    CpSatSolver solver = new CpSatSolver(CpSatParameters.defaults().withTimeLimit(timeLimit)
        .withWorkers(workers));
    List<String> rows = new ArrayList<>();
    rows.add(String.format("PSPLIB j3013, CP-SAT %d workers, %.0f s limit", workers, timeLimit));
    rows.add("| instance | SGS | makespan | optimum | status | bound | time (s) |");
    rows.add("|---|---|---|---|---|---|---|");
    for (int i = 1; i <= 10; i++) {
      String name = "j3013_" + i;
      IrProblem problem = PsplibReader.read(J30.resolve(name + ".sm"));
      var greedy = SerialSgs.best(problem);
      EngineResult result = solver.solve(problem, Objective.MAKESPAN, greedy, p -> { });
      IrCheckResult check = IrChecker.check(problem, result.solution().orElseThrow());
      long optimum = optima.get(name);
      long bound = Math.max(IrBounds.makespan(problem), (long) Math.ceil(result.bound() - 1e-9));
      rows.add(String.format("| %s | %d | %d | %d | %s | %d | %.1f |", name, greedy.orElseThrow().makespan(problem),
          check.makespan(), optimum, result.status(), bound, result.statistics().wallSeconds()));
      assertEquals(List.of(), check.violations(), name);
      assertTrue(check.makespan() >= optimum && bound <= optimum, name + ": makespan " + check.makespan()
          + ", bound " + bound + ", optimum " + optimum);
    }
    System.out.println(String.join(System.lineSeparator(), rows));
  }
}
