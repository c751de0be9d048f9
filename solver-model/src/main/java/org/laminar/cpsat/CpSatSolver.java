package org.laminar.cpsat;

import com.google.ortools.Loader;
import com.google.ortools.sat.CpSolver;
import com.google.ortools.sat.CpSolverSolutionCallback;
import com.google.ortools.sat.CpSolverStatus;
import com.google.ortools.sat.SatParameters;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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
   * @param progress receives each improving solution and, once there is a solution or a valid
   *     hint, each better bound; one call at a time
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
    Steps steps = new Steps(progress, System.nanoTime(),
        validHint.map(h -> value(problem, objective, h)).orElse(Double.NaN));
    solver.setLogCallback(new BoundLines(steps, scale));
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
          steps.solution(objectiveValue() / scale, bestObjectiveBound() / scale);
        }
      });
    } finally {
      running = null;
    }
    SolverStatistics statistics = new SolverStatistics(solver.numConflicts(), solver.numBranches(),
        solver.wallTime());
    double bound = solver.bestObjectiveBound() / scale;
    // CP-SAT says OPTIMAL when it stops at the relative gap limit too; proven means the bound
    // reaches the (integer) objective.
    boolean proven = status == CpSolverStatus.OPTIMAL
        && Math.ceil(solver.bestObjectiveBound() - 1e-9) >= solver.objectiveValue() - 1e-9;
    return switch (status) {
      case OPTIMAL, FEASIBLE -> new CpSatResult(proven ? SolveStatus.OPTIMAL : SolveStatus.FEASIBLE,
          Optional.of(translation.read(solver)), solver.objectiveValue() / scale, bound, statistics);
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

  /**
   * Turns the solver's callbacks, which may come from several search threads, into one ordered
   * stream of {@link Progress} steps. A bound is reported only once there is an incumbent: the
   * valid hint (which the search returns if it finds nothing better) or a solution.
   */
  private static final class Steps {
    private final Consumer<Progress> progress;
    private final long startNanos;
    private double incumbent;
    private double bound = Double.NEGATIVE_INFINITY;

    Steps(Consumer<Progress> progress, long startNanos, double hintValue) {
      this.progress = progress;
      this.startNanos = startNanos;
      this.incumbent = hintValue;
    }

    synchronized void solution(double value, double lowerBound) {
      if (Double.isNaN(incumbent) || value < incumbent) {
        incumbent = value;
        bound = Math.max(bound, lowerBound);
        emit(Progress.Event.SOLUTION);
      } else {
        // The hint itself, found again: at most news of the bound.
        bound(lowerBound);
      }
    }

    synchronized void bound(double lowerBound) {
      if (lowerBound <= bound) {
        return;
      }
      bound = lowerBound;
      if (!Double.isNaN(incumbent)) {
        emit(Progress.Event.BOUND);
      }
    }

    private void emit(Progress.Event event) {
      double seconds = (System.nanoTime() - startNanos) / 1e9;
      progress.accept(new Progress(event, seconds, incumbent, bound, Progress.gap(incumbent, bound)));
    }
  }

  /**
   * Passes the bounds in CP-SAT's search log ({@code #Bound 12.34s best:4457 next:[4077,4456] ...})
   * on to {@link Steps}; the log goes nowhere else. Not CP-SAT's best-bound callback: in the Java
   * API of OR-tools 9.15 it crashed the JVM within a few solves. A named class, not a lambda:
   * the native code looks up {@code accept(String)}, which a lambda only has as
   * {@code accept(Object)}.
   */
  private record BoundLines(Steps steps, double scale) implements Consumer<String> {
    private static final Pattern BOUND = Pattern.compile("^#Bound\\s.*?next:\\[(-?[0-9.eE+]+),", Pattern.MULTILINE);

    @Override
    public void accept(String log) {
      Matcher m = BOUND.matcher(log);
      while (m.find()) {
        try {
          steps.bound(Double.parseDouble(m.group(1)) / scale);
        } catch (NumberFormatException e) {
          // A log line of another shape: progress lines are a courtesy, the result does not depend on them.
        }
      }
    }
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
    if (objective == Objective.MAKESPAN && parameters.workers() < 4) {
      // Below four workers CP-SAT runs one full search, with LP (and local search beside it on two
      // or three). Makespan bounds come from propagating the resources, not from the LP: the same
      // search without it proves residual4 on quad-core in 15-35 s on two workers instead of
      // 42-60+ s, and in 11-15 s on one instead of 50-86 s (docs/EXACT.md). The LP stays for
      // energy, whose bound is linear, and with four workers or more CP-SAT runs both searches.
      if (parameters.workers() == 1) {
        p.setLinearizationLevel(0);
      } else {
        p.addSubsolvers("no_lp");
      }
    }
    p.setRandomSeed(parameters.seed());
    // The search log feeds the bound progress lines (BoundLines); it is not printed.
    p.setLogSearchProgress(true).setLogToStdout(false);
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
