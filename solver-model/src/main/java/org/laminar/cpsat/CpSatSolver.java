package org.laminar.cpsat;

import com.google.ortools.Loader;
import com.google.ortools.sat.CpSolver;
import com.google.ortools.sat.CpSolverSolutionCallback;
import com.google.ortools.sat.CpSolverStatus;
import com.google.ortools.sat.SatParameters;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.laminar.engine.Engine;
import org.laminar.engine.EngineResult;
import org.laminar.engine.Limits;
import org.laminar.engine.Objective;
import org.laminar.engine.Progress;
import org.laminar.engine.SolverStatistics;
import org.laminar.ir.IrChecker;
import org.laminar.ir.IrProblem;
import org.laminar.ir.IrSolution;
import org.laminar.schedule.SolveStatus;

/**
 * Solves an {@link IrProblem} with CP-SAT: translates it ({@link CpSatTranslation}), hints a given
 * solution in full, solves with the given parameters while streaming improving solutions, and reads
 * the best solution back. Callers validate the solution with {@link IrChecker}; this class reports
 * the solver's own objective and bound. Every solve has its own CP-SAT solver ({@link Engine}).
 */
public final class CpSatSolver implements Engine {
  private static volatile boolean loaded;

  private final CpSatParameters parameters;
  /** The solves in progress, for {@link #stop}. */
  private final Set<Search> running = ConcurrentHashMap.newKeySet();

  /** Whether a thread loading the native library has been started ({@link #preload}). */
  private static final AtomicBoolean preloading = new AtomicBoolean();

  public CpSatSolver(CpSatParameters parameters) {
    this.parameters = parameters;
    preload();
  }

  /**
   * Starts loading OR-tools' native library on a daemon thread, once per JVM. Loading extracts it
   * from its jar first: about half a second of wall time (0.42 s CPU) that, started when the solver
   * is made, overlaps the reading, costing and warm starts before the first solve instead of
   * preceding the search (the bundled default: about 1 s of other work). A solve waits for it
   * ({@link #loadNativeLibraries} is synchronized); a load that failed on that thread is tried again,
   * and fails, there.
   */
  private static void preload() {
    if (!loaded && preloading.compareAndSet(false, true)) {
      Thread loader = new Thread(() -> {
        try {
          loadNativeLibraries();
        } catch (RuntimeException | LinkageError e) {
          // The solve that needs the library loads it again and reports the failure.
        }
      }, "laminar-ortools-load");
      loader.setDaemon(true);
      loader.start();
    }
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

  @Override
  public String name() {
    return "cpsat";
  }

  @Override
  public Limits limits() {
    return parameters.limits();
  }

  /**
   * {@inheritDoc} A hint is hinted in full (every model variable); one that is valid and ends by
   * the horizon is returned, as FEASIBLE, if the search ends without a solution of its own. The
   * time limit covers loading the native library and translating (ResNet-18 on quad-core: about
   * 1 s each); CP-SAT's own presolve is inside its limit.
   */
  @Override
  public EngineResult solve(IrProblem problem, Objective objective, long horizon, Optional<IrSolution> hint,
      Limits limits, Consumer<Progress> progress) {
    long startNanos = System.nanoTime();
    loadNativeLibraries();
    Optional<IrSolution> validHint = hint.filter(h -> IrChecker.check(problem, h).valid()
        && h.makespan(problem) <= horizon);
    CpSatTranslation translation = CpSatTranslation.translate(problem, objective, horizon);
    hint.ifPresent(translation::hint);
    return search(problem, translation, objective, validHint, validHint.map(h -> objective.value(problem, h)), limits,
        progress, startNanos);
  }

  /**
   * Runs the search on {@code translation}'s model (whose objective may have been replaced, for a
   * periodic schedule's interval, by {@link PeriodicCpSat}) and reads the result back.
   *
   * @param searchAs the objective whose search parameters apply
   * @param validHint the hint, when it is a valid solution within the horizon, returned as
   *     FEASIBLE if the search finds nothing
   * @param hintValue the model's objective at {@code validHint}
   */
  EngineResult search(IrProblem problem, CpSatTranslation translation, Objective searchAs,
      Optional<IrSolution> validHint, Optional<Double> hintValue, Limits limits, Consumer<Progress> progress,
      long startNanos) {
    CpSolver solver = new CpSolver();
    configure(solver.getParameters(), searchAs, limits.remainingSince(startNanos));
    double scale = translation.objectiveScale();
    Search search = new Search(solver);
    running.add(search);
    CpSolverStatus status;
    Steps steps = new Steps(progress, startNanos, hintValue.orElse(Double.NaN));
    solver.setLogCallback(new BoundLines(steps, scale));
    try {
      if (search.stopped) {
        // Stopped after this solve registered, before its search began.
        solver.getParameters().setMaxTimeInSeconds(0);
      }
      status = solver.solve(translation.model(), new CpSolverSolutionCallback() {
        @Override
        public void onSolutionCallback() {
          if (search.stopped) {
            stopSearch();
          }
          steps.solution(objectiveValue() / scale, bestObjectiveBound() / scale);
        }
      });
    } finally {
      running.remove(search);
    }
    SolverStatistics statistics = new SolverStatistics(solver.numConflicts(), solver.numBranches(),
        solver.wallTime());
    double bound = solver.bestObjectiveBound() / scale;
    // CP-SAT says OPTIMAL when it stops at the relative gap limit too; proven means the bound
    // reaches the (integer) objective.
    boolean proven = status == CpSolverStatus.OPTIMAL
        && Math.ceil(solver.bestObjectiveBound() - 1e-9) >= solver.objectiveValue() - 1e-9;
    return switch (status) {
      case OPTIMAL, FEASIBLE -> new EngineResult(proven ? SolveStatus.OPTIMAL : SolveStatus.FEASIBLE,
          Optional.of(translation.read(solver)), solver.objectiveValue() / scale, bound, statistics);
      case INFEASIBLE -> new EngineResult(SolveStatus.INFEASIBLE, Optional.empty(), Double.NaN, bound, statistics);
      // Validated only here: on ResNet-18 validating every model costs a quarter of a second.
      case MODEL_INVALID -> throw new IllegalStateException(problem.name() + ": invalid CP-SAT model: "
          + translation.model().validate());
      default -> validHint.map(h -> new EngineResult(SolveStatus.FEASIBLE, Optional.of(h), hintValue.orElseThrow(),
          bound, statistics)).orElse(new EngineResult(SolveStatus.UNKNOWN, Optional.empty(), Double.NaN, bound,
          statistics));
    };
  }

  @Override
  public void stop() {
    for (Search search : running) {
      search.stopped = true;
      search.solver.stopSearch();
    }
  }

  /** One solve in progress: its solver, and whether {@link #stop} reached it. */
  private static final class Search {
    final CpSolver solver;
    volatile boolean stopped;

    Search(CpSolver solver) {
      this.solver = solver;
    }
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

  private void configure(SatParameters.Builder p, Objective objective, Limits limits) {
    p.setNumWorkers(limits.workers());
    if (objective == Objective.MAKESPAN && limits.workers() < 4) {
      // Below four workers CP-SAT runs one full search, with LP (and local search beside it on two
      // or three). Makespan bounds come from propagating the resources, not from the LP: the same
      // search without it proves residual4 on quad-core in 15-35 s on two workers instead of
      // 42-60+ s, and in 11-15 s on one instead of 50-86 s (docs/EXACT.md). The LP stays for
      // energy, whose bound is linear, and with four workers or more CP-SAT runs both searches.
      if (limits.workers() == 1) {
        p.setLinearizationLevel(0);
      } else {
        p.addSubsolvers("no_lp");
      }
    }
    p.setRandomSeed(limits.seed());
    // The search log feeds the bound progress lines (BoundLines); it is not printed.
    p.setLogSearchProgress(true).setLogToStdout(false);
    // SIGINT is the JVM's: a shutdown hook calls stop(). CP-SAT's own handler would crash the JVM.
    p.setCatchSigintSignal(false);
    if (limits.timeLimitSeconds() > 0) {
      p.setMaxTimeInSeconds(limits.timeLimitSeconds());
    }
    if (parameters.maxDeterministicTime() > 0) {
      p.setMaxDeterministicTime(parameters.maxDeterministicTime());
    }
    if (limits.relativeGap() > 0) {
      p.setRelativeGapLimit(limits.relativeGap());
    }
  }
}
