package org.laminar.cpsat;

import com.google.ortools.Loader;
import com.google.ortools.sat.CpSolver;
import com.google.ortools.sat.CpSolverSolutionCallback;
import com.google.ortools.sat.CpSolverStatus;
import com.google.ortools.sat.SatParameters;
import java.util.Optional;
import java.util.function.Consumer;
import org.laminar.ir.IrChecker;
import org.laminar.ir.IrProblem;
import org.laminar.ir.IrSolution;

/**
 * Solves an {@link IrProblem} with CP-SAT: translates it ({@link CpSatTranslation}), hints a given
 * solution in full, solves with the given parameters while streaming improving solutions, and reads
 * the best solution back. Callers validate the solution with {@link IrChecker}; this class reports
 * the solver's own objective and bound.
 */
public final class CpSatScheduler {
  private static volatile boolean loaded;

  private final CpSatParameters parameters;

  public CpSatScheduler(CpSatParameters parameters) {
    this.parameters = parameters;
  }

  /** Loads OR-tools' native library once per JVM. */
  public static void loadNativeLibraries() {
    if (!loaded) {
      synchronized (CpSatScheduler.class) {
        if (!loaded) {
          Loader.loadNativeLibraries();
          loaded = true;
        }
      }
    }
  }

  /**
   * Minimises {@code objective} over {@code problem}.
   *
   * @param hint a solution to start from (hinted in full), or empty. When it is valid and the
   *     objective is the makespan, its makespan is the horizon; otherwise the horizon is
   *     {@link CpSatTranslation#sumOfDurations}. A valid hint is also returned, as FEASIBLE, if the
   *     search ends without a solution of its own.
   * @param progress receives each improving solution
   */
  public CpSatResult solve(IrProblem problem, Objective objective, Optional<IrSolution> hint,
      Consumer<Progress> progress) {
    loadNativeLibraries();
    Optional<IrSolution> validHint = hint.filter(h -> IrChecker.check(problem, h).valid());
    long horizon = objective == Objective.MAKESPAN && validHint.isPresent()
        ? validHint.get().makespan(problem) : CpSatTranslation.sumOfDurations(problem);
    CpSatTranslation translation = CpSatTranslation.translate(problem, objective, horizon);
    hint.ifPresent(translation::hint);
    String invalid = translation.model().validate();
    if (!invalid.isEmpty()) {
      throw new IllegalStateException(problem.name() + ": invalid CP-SAT model: " + invalid);
    }
    CpSolver solver = new CpSolver();
    configure(solver.getParameters());
    double scale = translation.objectiveScale();
    CpSolverStatus status = solver.solve(translation.model(), new CpSolverSolutionCallback() {
      @Override
      public void onSolutionCallback() {
        double incumbent = objectiveValue() / scale;
        double bound = bestObjectiveBound() / scale;
        progress.accept(new Progress(wallTime(), incumbent, bound, Progress.gap(incumbent, bound)));
      }
    });
    SolverStatistics statistics = new SolverStatistics(solver.numConflicts(), solver.numBranches(),
        solver.wallTime());
    double bound = solver.bestObjectiveBound() / scale;
    return switch (status) {
      case OPTIMAL, FEASIBLE -> new CpSatResult(status == CpSolverStatus.OPTIMAL ? SolveStatus.OPTIMAL
          : SolveStatus.FEASIBLE, Optional.of(translation.read(solver)), solver.objectiveValue() / scale, bound,
          statistics);
      case INFEASIBLE -> new CpSatResult(SolveStatus.INFEASIBLE, Optional.empty(), Double.NaN, bound, statistics);
      case MODEL_INVALID -> throw new IllegalStateException(problem.name() + ": CP-SAT rejected the model");
      default -> validHint.map(h -> new CpSatResult(SolveStatus.FEASIBLE, Optional.of(h), value(problem, objective, h),
          bound, statistics)).orElse(new CpSatResult(SolveStatus.UNKNOWN, Optional.empty(), Double.NaN, bound,
          statistics));
    };
  }

  private static double value(IrProblem problem, Objective objective, IrSolution solution) {
    return switch (objective) {
      case MAKESPAN -> solution.makespan(problem);
      case ENERGY -> solution.energyPj(problem);
    };
  }

  private void configure(SatParameters.Builder p) {
    p.setNumWorkers(parameters.workers());
    p.setRandomSeed(parameters.seed());
    p.setLogSearchProgress(false);
    if (parameters.timeLimitSeconds() > 0) {
      p.setMaxTimeInSeconds(parameters.timeLimitSeconds());
    }
    if (parameters.maxDeterministicTime() > 0) {
      p.setMaxDeterministicTime(parameters.maxDeterministicTime());
    }
    if (parameters.relativeGap() > 0) {
      p.setRelativeGapLimit(parameters.relativeGap());
    }
  }
}
