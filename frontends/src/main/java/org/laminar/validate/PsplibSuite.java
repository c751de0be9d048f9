package org.laminar.validate;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.laminar.bound.IrBounds;
import org.laminar.cpsat.CpSatParameters;
import org.laminar.cpsat.CpSatSolver;
import org.laminar.engine.EngineResult;
import org.laminar.engine.Objective;
import org.laminar.greedy.SerialSgs;
import org.laminar.io.InputException;
import org.laminar.ir.IrCheckResult;
import org.laminar.ir.IrChecker;
import org.laminar.ir.IrProblem;
import org.laminar.ir.IrSolution;
import org.laminar.psplib.PsplibReader;
import org.laminar.schedule.SolveStatus;

/**
 * CP-SAT on the shipped PSPLIB j30 instances (j301_1..10, j3013_1..10) against their published
 * optima ({@code j30opt-subset.sm}), as {@code laminar rcpsp} solves them: best serial SGS
 * schedule as the hint, one worker, a deterministic limit per instance. A case passes when the
 * answer is correct — the checker accepts the schedule, its makespan is not below the optimum and
 * the proven bound not above it — and, when CP-SAT reports {@code OPTIMAL}, the makespan is the
 * optimum. The error column is the makespan's gap above the optimum (0 when it is reached).
 */
public final class PsplibSuite {
  private PsplibSuite() {
  }

  /** The 20 cases, each solved under {@code deterministicLimit} CP-SAT deterministic time units. */
  public static List<ValidationCase> run(Path instances, double deterministicLimit) {
    Path j30 = instances.resolve("psplib").resolve("j30");
    Map<String, Long> optima = PsplibReader.readOptima(j30.resolve("j30opt-subset.sm"));
    CpSatSolver solver = new CpSatSolver(CpSatParameters.deterministic(deterministicLimit));
    List<ValidationCase> cases = new ArrayList<>();
    for (String parameter : List.of("j301", "j3013")) {
      for (int i = 1; i <= 10; i++) {
        String name = parameter + "_" + i;
        Long optimum = optima.get(name);
        if (optimum == null) {
          throw InputException.in(j30.resolve("j30opt-subset.sm"), "no optimum for " + name);
        }
        IrProblem problem = PsplibReader.read(j30.resolve(name + ".sm"));
        Optional<IrSolution> greedy = SerialSgs.best(problem);
        EngineResult result = solver.solve(problem, Objective.MAKESPAN, greedy, p -> { });
        IrSolution solution = result.solution().orElseThrow(() -> InputException.in(j30.resolve(name + ".sm"),
            "no schedule found (" + result.status() + ")"));
        IrCheckResult check = IrChecker.check(problem, solution);
        long bound = Math.max(IrBounds.makespan(problem), (long) Math.ceil(result.bound() - 1e-9));
        long makespan = check.makespan();
        boolean pass = check.valid() && makespan >= optimum && bound <= optimum
            && (result.status() != SolveStatus.OPTIMAL || makespan == optimum);
        String detail = result.status() + ", bound " + bound + (check.valid() ? "" : ", INVALID: "
            + String.join("; ", check.violations()));
        cases.add(new ValidationCase("psplib", name, "periods", optimum, makespan,
            (makespan - optimum) / (double) optimum, -1, pass, detail));
      }
    }
    return cases;
  }
}
