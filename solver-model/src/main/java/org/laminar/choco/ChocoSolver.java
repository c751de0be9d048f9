package org.laminar.choco;

import static com.google.common.base.Preconditions.checkArgument;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.chocosolver.solver.Solver;
import org.chocosolver.solver.exception.ContradictionException;
import org.chocosolver.solver.search.SearchState;
import org.chocosolver.solver.search.limits.FailCounter;
import org.chocosolver.solver.search.strategy.Search;
import org.chocosolver.solver.search.strategy.selectors.values.IntValueSelector;
import org.chocosolver.solver.search.strategy.selectors.variables.VariableSelector;
import org.chocosolver.solver.search.strategy.strategy.AbstractStrategy;
import org.chocosolver.solver.variables.BoolVar;
import org.chocosolver.solver.variables.IntVar;
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
 * Solves an {@link IrProblem} with Choco-solver ({@link ChocoTranslation}): a pure-Java second
 * engine beside CP-SAT, on the same formulation.
 *
 * <p>Search: task by task, smallest earliest start first, its mode (each tried as chosen first)
 * and then its start at the earliest value ({@code TaskOrder}, the schedule-generation order of
 * set-times), then every dependent variable at its least value; all behind last-conflict, with
 * Luby restarts on failures and nogoods recorded from the restarts (the search stays complete).
 * A hint is the warm start of the first descent (Choco's {@code addHint}: every model variable at
 * its value in the hint).
 *
 * <p>Status and bound: OPTIMAL only when the search space was exhausted below the best
 * solution; INFEASIBLE when it was exhausted without one. Otherwise the bound is the objective's
 * lower bound after propagation at the root: Choco's depth-first search proves nothing better
 * until it completes. Choco runs on one thread: {@link Limits#workers} and the seed (the search
 * is deterministic) are not used; the relative gap is checked after each solution. A fail limit
 * makes a search that stops before its proof deterministic too, where a time limit does not.
 */
public final class ChocoSolver implements Engine {
  /** Fails before the first restart; the Luby sequence scales it. */
  private static final int RESTART_FAILS = 500;

  private final Limits limits;
  /** Fails after which a search stops, 0 for none. */
  private final long failLimit;
  /** The solves in progress, for {@link #stop}. */
  private final Set<Run> running = ConcurrentHashMap.newKeySet();

  public ChocoSolver(Limits limits) {
    this(limits, 0);
  }

  /** An engine whose searches also stop after {@code failLimit} fails ({@code >= 0}, 0 for none). */
  public ChocoSolver(Limits limits, long failLimit) {
    checkArgument(failLimit >= 0, "fail limit must be >= 0, got %s", failLimit);
    this.limits = limits;
    this.failLimit = failLimit;
  }

  @Override
  public String name() {
    return "choco";
  }

  @Override
  public Limits limits() {
    return limits;
  }

  /** True: {@link #solve} refuses {@link Objective#EDP} and numbers beyond 32-bit integers. */
  @Override
  public boolean mayRefuseInSolve() {
    return true;
  }

  /**
   * {@inheritDoc} A hint that is valid and ends by the horizon is returned, as FEASIBLE, if the
   * search ends without a solution of its own.
   *
   * @throws IllegalArgumentException for {@link Objective#EDP} and for problems whose numbers do
   *     not fit 32-bit integers (see {@link ChocoTranslation})
   */
  @Override
  public EngineResult solve(IrProblem problem, Objective objective, long horizon, Optional<IrSolution> hint,
      Limits limits, Consumer<Progress> progress) {
    long startNanos = System.nanoTime();
    Optional<IrSolution> validHint = hint.filter(h -> IrChecker.check(problem, h).valid()
        && h.makespan(problem) <= horizon);
    ChocoTranslation translation = ChocoTranslation.translate(problem, objective, horizon);
    Solver solver = translation.model().getSolver();
    solver.setSearch(search(translation));
    hint.ifPresent(h -> warmStart(problem, translation, solver, h));
    solver.setLubyRestart(RESTART_FAILS, new FailCounter(translation.model(), 0), Integer.MAX_VALUE);
    solver.setNoGoodRecordingFromRestarts();
    Limits left = limits.remainingSince(startNanos);
    if (left.timeLimitSeconds() > 0) {
      solver.limitTime((long) Math.ceil(left.timeLimitSeconds() * 1000));
    }
    if (failLimit > 0) {
      solver.addStopCriterion(new FailCounter(translation.model(), failLimit));
    }
    double scale = translation.objectiveScale();
    IntVar objectiveVariable = translation.objectiveVariable();
    SolverStatistics none = new SolverStatistics(0, 0, 0);
    try {
      // Propagation at the root, before the search: the objective's lower bound there is the bound.
      solver.propagate();
    } catch (ContradictionException e) {
      return new EngineResult(SolveStatus.INFEASIBLE, Optional.empty(), Double.NaN, 0, none);
    }
    double rootBound = objectiveVariable.getLB() / scale;
    double incumbent = validHint.map(h -> objective.value(problem, h)).orElse(Double.NaN);
    Optional<IrSolution> best = Optional.empty();
    double bestValue = Double.NaN;
    boolean gapReached = false;
    Run run = new Run();
    running.add(run);
    solver.addStopCriterion(() -> run.stopped);
    try {
      while (solver.solve()) {
        best = Optional.of(translation.read());
        bestValue = objectiveVariable.getValue() / scale;
        if (Double.isNaN(incumbent) || bestValue < incumbent) {
          incumbent = bestValue;
          double seconds = (System.nanoTime() - startNanos) / 1e9;
          progress.accept(new Progress(Progress.Event.SOLUTION, seconds, bestValue, rootBound,
              Progress.gap(bestValue, rootBound)));
        }
        if (limits.relativeGap() > 0 && Progress.gap(bestValue, rootBound) <= limits.relativeGap()) {
          gapReached = true;
          break;
        }
      }
    } finally {
      running.remove(run);
    }
    boolean exhausted = !gapReached && solver.getSearchState() == SearchState.TERMINATED;
    SolverStatistics statistics = new SolverStatistics(solver.getFailCount(), solver.getNodeCount(),
        solver.getTimeCount());
    if (best.isPresent()) {
      return exhausted ? new EngineResult(SolveStatus.OPTIMAL, best, bestValue, bestValue, statistics)
          : new EngineResult(SolveStatus.FEASIBLE, best, bestValue, rootBound, statistics);
    }
    if (exhausted) {
      return new EngineResult(SolveStatus.INFEASIBLE, Optional.empty(), Double.NaN, rootBound, statistics);
    }
    return validHint.map(h -> new EngineResult(SolveStatus.FEASIBLE, Optional.of(h), objective.value(problem, h),
        rootBound, statistics)).orElse(new EngineResult(SolveStatus.UNKNOWN, Optional.empty(), Double.NaN, rootBound,
        statistics));
  }

  @Override
  public void stop() {
    running.forEach(run -> run.stopped = true);
  }

  /** One solve in progress, and whether {@link #stop} reached it. */
  private static final class Run {
    volatile boolean stopped;
  }

  private static AbstractStrategy<IntVar> search(ChocoTranslation t) {
    List<IntVar> decisions = new ArrayList<>(t.starts());
    decisions.addAll(t.choices());
    List<AbstractStrategy<IntVar>> phases = new ArrayList<>();
    if (!decisions.isEmpty()) {
      TaskOrder order = new TaskOrder(t);
      phases.add(Search.intVarSearch(order, order, decisions.toArray(new IntVar[0])));
    }
    phases.add(Search.inputOrderLBSearch(t.dependents().toArray(new IntVar[0])));
    @SuppressWarnings("unchecked")
    AbstractStrategy<IntVar> all = Search.sequencer(phases.toArray(new AbstractStrategy[0]));
    return Search.lastConflict(all);
  }

  /**
   * Schedule generation as in set-times: the unscheduled task with the smallest earliest start
   * first; its undecided mode literals first (each tried as chosen), then its start at the
   * earliest value. Mode choices that no task's literal depends on come last, chosen.
   */
  private static final class TaskOrder implements VariableSelector<IntVar>, IntValueSelector {
    private final List<IntVar> starts;
    private final List<List<BoolVar>> modes = new ArrayList<>();
    private final List<BoolVar> choices;

    TaskOrder(ChocoTranslation t) {
      this.starts = t.starts();
      for (int task = 0; task < starts.size(); task++) {
        modes.add(t.modeLiterals(task));
      }
      this.choices = t.choices();
    }

    @Override
    public IntVar getVariable(IntVar[] variables) {
      int best = -1;
      for (int task = 0; task < starts.size(); task++) {
        IntVar start = starts.get(task);
        if (!start.isInstantiated() && (best < 0 || start.getLB() < starts.get(best).getLB())) {
          best = task;
        }
      }
      if (best >= 0) {
        for (BoolVar mode : modes.get(best)) {
          if (!mode.isInstantiated()) {
            return mode;
          }
        }
        return starts.get(best);
      }
      for (BoolVar choice : choices) {
        if (!choice.isInstantiated()) {
          return choice;
        }
      }
      return null;
    }

    @Override
    public int selectValue(IntVar variable) {
      return variable instanceof BoolVar ? variable.getUB() : variable.getLB();
    }
  }

  /** Hints every model variable with its value in {@code hint}. */
  private static void warmStart(IrProblem problem, ChocoTranslation t, Solver solver, IrSolution hint) {
    checkArgument(hint.modes().size() == problem.size(), "%s: hint has %s tasks, the problem %s", problem.name(),
        hint.modes().size(), problem.size());
    for (ChocoTranslation.HintRule rule : t.hintRules()) {
      long value = rule.value().applyAsLong(hint);
      solver.addHint(rule.variable(), (int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, value)));
    }
  }
}
