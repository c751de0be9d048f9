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
public final class CpSatSolver {
  private static volatile boolean loaded;

  private final CpSatParameters parameters;
  /** The solver of the search in progress, for {@link #stop}. */
  private volatile CpSolver running;
  private volatile boolean stopped;

  public CpSatSolver(CpSatParameters parameters) {
    this.parameters = parameters;
  }

  /** Loads OR-tools' native library once per JVM. */
  public static void loadNativeLibraries() {
    if (!loaded) {
      synchronized (CpSatSolver.class) {
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
    Optional<IrSolution> validHint = hint.filter(h -> IrChecker.check(problem, h).valid());
    long horizon = objective == Objective.MAKESPAN && validHint.isPresent()
        ? validHint.get().makespan(problem) : CpSatTranslation.sumOfDurations(problem);
    return solve(problem, objective, horizon, hint, progress);
  }

  /**
   * Minimises {@code objective} over the solutions of {@code problem} that end by {@code horizon}
   * (cycles). A hint that is valid and ends by the horizon is returned, as FEASIBLE, if the search
   * ends without a solution of its own.
   */
  public CpSatResult solve(IrProblem problem, Objective objective, long horizon, Optional<IrSolution> hint,
      Consumer<Progress> progress) {
    loadNativeLibraries();
    Optional<IrSolution> validHint = hint.filter(h -> IrChecker.check(problem, h).valid()
        && h.makespan(problem) <= horizon);
    CpSatTranslation translation = CpSatTranslation.translate(problem, objective, horizon);
    hint.ifPresent(translation::hint);
    String invalid = translation.model().validate();
    if (!invalid.isEmpty()) {
      throw new IllegalStateException(problem.name() + ": invalid CP-SAT model: " + invalid);
    }
    CpSolver solver = new CpSolver();
    configure(solver.getParameters(), objective);
    double scale = translation.objectiveScale();
    running = solver;
    CpSolverStatus status;
    try {
      if (stopped) {
        // Stopped before this search began (e.g. between the stages of a lexicographic solve).
        solver.getParameters().setMaxTimeInSeconds(0);
      }
      status = solver.solve(translation.model(), new CpSolverSolutionCallback() {
        @Override
        public void onSolutionCallback() {
          if (stopped) {
            stopSearch();
          }
          double incumbent = objectiveValue() / scale;
          double bound = bestObjectiveBound() / scale;
          progress.accept(new Progress(wallTime(), incumbent, bound, Progress.gap(incumbent, bound)));
        }
      });
    } finally {
      running = null;
    }
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

  /**
   * Stops the search in progress, and any later one of this solver, which then returns the best
   * solution found so far. Safe to call from another thread (e.g. a shutdown hook on Ctrl-C).
   */
  public void stop() {
    stopped = true;
    CpSolver solver = running;
    if (solver != null) {
      solver.stopSearch();
    }
  }

  /** Whether {@link #stop} was called. */
  public boolean isStopped() {
    return stopped;
  }

  private static double value(IrProblem problem, Objective objective, IrSolution solution) {
    return switch (objective) {
      case MAKESPAN -> solution.makespan(problem);
      case ENERGY -> solution.energyPj(problem);
      case EDP -> solution.makespan(problem) * solution.energyPj(problem);
      case PEAK_STORAGE -> solution.peakStorage(problem);
    };
  }

  private void configure(SatParameters.Builder p, Objective objective) {
    p.setNumWorkers(parameters.workers());
    if (objective == Objective.MAKESPAN && parameters.workers() > 1 && parameters.workers() < 4) {
      // Below four workers CP-SAT runs one full search, with LP, beside local search. Makespan bounds
      // come from propagating the resources, not from the LP: the same search without it proves
      // residual4 on quad-core in 20-35 s instead of 42-60+ s, and local search keeps its thread
      // (docs/EXACT.md). The LP stays for energy, whose bound is linear.
      p.addSubsolvers("no_lp");
    }
    p.setRandomSeed(parameters.seed());
    p.setLogSearchProgress(false);
    // SIGINT is the JVM's: a shutdown hook calls stop(). CP-SAT's own handler would crash the JVM.
    p.setCatchSigintSignal(false);
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
