package org.laminar.steady;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import org.laminar.batch.Batch;
import org.laminar.check.CheckReport;
import org.laminar.check.ScheduleChecker;
import org.laminar.check.SteadyState;
import org.laminar.cpsat.CpSatParameters;
import org.laminar.cpsat.CpSatSolver;
import org.laminar.cpsat.PeriodicCpSat;
import org.laminar.engine.EngineResult;
import org.laminar.engine.Horizons;
import org.laminar.engine.Limits;
import org.laminar.engine.Progress;
import org.laminar.exact.Allocation;
import org.laminar.exact.CoreSymmetry;
import org.laminar.exact.TileModel;
import org.laminar.ir.IrChecker;
import org.laminar.ir.IrProblem;
import org.laminar.ir.IrSolution;
import org.laminar.schedule.Schedule;
import org.laminar.schedule.SchedulingProblem;
import org.laminar.schedule.SolveStatus;

/**
 * The exact steady state of a batch with CP-SAT: minimises the initiation interval II over the
 * periodic schedules of the unrolled batch ({@link PeriodicCpSat} on the {@link TileModel} of the
 * unrolled problem), with II's lower bound from resources ({@link org.laminar.bound.IntervalBound})
 * in the model, the best greedy steady state hinted in full, and the checker measuring the result.
 *
 * <p>The model is the unrolled periodic one, not a modulo reservation table: the N iterations are
 * all in the model, with the ordinary resource, memory and precedence constraints, iteration
 * {@code i}'s copy of every task pinned to iteration 0's mode and start {@code + i · II}, and
 * iteration 0 spanning at most {@code (N − 1) · II}. {@code OPTIMAL} therefore means: no periodic
 * steady-state schedule of these N iterations in the model (a core per tile, the same for every
 * copy of it; shortest routes, as {@code cpsat}'s single-inference model; weights loaded once per
 * core) has a smaller II. Allocation per layer is not offered: a layer's group would span every
 * iteration, and the copies are found per iteration. The search runs with every time variable below the horizon: the larger of the
 * hinted batch's makespan and the sum of every task's longest duration.
 */
public final class SteadyStateScheduler {
  private final CpSatParameters parameters;
  private final CpSatSolver solver;
  private final Consumer<Progress> progress;
  private final ScheduleChecker checker = new ScheduleChecker();

  /**
   * @param parameters CP-SAT's limits
   * @param progress receives every improving interval and rising bound
   */
  public SteadyStateScheduler(CpSatParameters parameters, Consumer<Progress> progress) {
    this.parameters = checkNotNull(parameters, "parameters are missing");
    this.solver = new CpSatSolver(parameters);
    this.progress = checkNotNull(progress, "progress is missing");
  }

  /**
   * Stops the searches in progress; each {@link #solve} then returns the best steady state found so
   * far. Thread-safe: meant for a shutdown hook on Ctrl-C.
   */
  public void stop() {
    solver.stop();
  }

  /** {@code cpsat}. */
  public String name() {
    return "cpsat";
  }

  /**
   * Minimises II for {@code batch} of {@code problem}, whose unrolled problem is {@code batchProblem}.
   *
   * @param lowest the lower bound on II (cycles, ≥ 1), put into the model
   * @param warmStarts greedy steady states; the one with the least checked II is hinted
   */
  public SteadyStateResult solve(Batch batch, SchedulingProblem batchProblem, long lowest,
      List<SteadyStateResult> warmStarts) {
    checkArgument(batch.iterations() >= 2, "a steady state needs at least 2 iterations, got %s", batch.iterations());
    CoreSymmetry symmetry = CoreSymmetry.of(batchProblem);
    TileModel model = TileModel.compile(batchProblem, Allocation.TILE, symmetry);
    IrProblem ir = model.ir().withoutSlackStorage();
    PeriodicCpSat.Copies copies = copies(model, batch);
    Optional<SteadyStateResult> best = warmStarts.stream().filter(r -> r.intervalCycles().isPresent())
        .min(Comparator.comparingLong(r -> r.intervalCycles().getAsLong()));
    Optional<IrSolution> hint = Optional.empty();
    long hintInterval = 0;
    long horizon = Horizons.sumOfDurations(ir);
    if (best.isPresent()) {
      Schedule canonical = symmetry.canonical(best.get().schedule().get(), model.representatives());
      IrSolution solution = model.toSolution(canonical);
      if (IrChecker.check(ir, solution).valid()) {
        hint = Optional.of(solution);
        hintInterval = best.get().intervalCycles().getAsLong();
        horizon = Math.max(horizon, solution.makespan(ir));
      }
    }
    long highest = hint.isPresent() ? hintInterval : Math.max(lowest, horizon);
    long start = System.nanoTime();
    Limits limits = parameters.limits();
    EngineResult cp = null;
    long least = lowest;
    if (highest > lowest) {
      // First, a third of the time on II = the bound alone, unhinted: a good hint can hold the
      // search in its neighbourhood, far from a schedule that meets the bound (chain3 x 8 on
      // quad-core: from the modulo list schedule's 5,082, 60 s did not reach 4,886).
      EngineResult atBound = PeriodicCpSat.solve(solver, ir, copies, lowest, lowest, horizon, Optional.empty(), 0,
          limits.withTimeLimit(limits.timeLimitSeconds() / 3), progress);
      if (atBound.solution().isPresent()) {
        cp = atBound;
      } else if (atBound.status() == SolveStatus.INFEASIBLE) {
        least = lowest + 1;
      }
    }
    if (cp == null) {
      cp = PeriodicCpSat.solve(solver, ir, copies, least, Math.max(least, highest), horizon, hint, hintInterval,
          limits.remainingSince(start), progress);
    }
    long bound = Math.max(least, (long) Math.ceil(cp.bound() - 1e-6));
    if (cp.solution().isEmpty()) {
      String why = cp.status() == SolveStatus.INFEASIBLE ? "no periodic schedule of the model exists"
          : "cpsat found no periodic schedule in time";
      return best.map(b -> new SteadyStateResult(b.scheduler(), SolveStatus.HEURISTIC, b.schedule(), b.check(),
          b.steadyState(), bound, Optional.of(why + "; reporting the best greedy steady state, under its name")))
          .orElse(SteadyStateResult.none(name(), cp.status() == SolveStatus.INFEASIBLE ? SolveStatus.INFEASIBLE
              : SolveStatus.UNKNOWN, bound, why));
    }
    Schedule schedule = model.toSchedule(cp.solution().get());
    CheckReport report = checker.check(batchProblem, schedule);
    if (!report.valid()) {
      throw new IllegalStateException("cpsat steady state rejected by the checker (a modelling bug): "
          + report.violations().get(0).message());
    }
    SteadyState steady = SteadyState.of(batchProblem, batch, schedule, report);
    if (steady.intervalCycles().isEmpty() || steady.intervalCycles().getAsLong() != Math.round(cp.objective())) {
      throw new IllegalStateException("cpsat's periodic schedule is not measured periodic with interval "
          + Math.round(cp.objective()) + " (a modelling bug): " + steady.reasons());
    }
    SolveStatus status = cp.status() == SolveStatus.OPTIMAL && steady.steady() ? SolveStatus.OPTIMAL
        : SolveStatus.FEASIBLE;
    return new SteadyStateResult(name(), status, Optional.of(schedule), Optional.of(report), Optional.of(steady),
        bound, steady.steady() ? Optional.empty() : Optional.of(String.join("; ", steady.reasons())));
  }

  /**
   * Iteration i's copy of each task of iteration 0: the tasks of iteration i's tiles ({@link
   * TileModel#tasksOf}) that no other iteration shares, in index order. The model is built from
   * the unrolled graph tile by tile and edge by edge, iteration after iteration, so the k-th of
   * them in each iteration is the same task of a different copy; {@link PeriodicCpSat} checks that
   * their modes are equal.
   */
  private static PeriodicCpSat.Copies copies(TileModel model, Batch batch) {
    List<Set<Integer>> byIteration = new ArrayList<>();
    for (int i = 0; i < batch.iterations(); i++) {
      Set<Integer> tiles = new HashSet<>();
      for (int b = 0; b < batch.tilesPerIteration(); b++) {
        tiles.add(batch.copy(b, i));
      }
      byIteration.add(new TreeSet<>(model.tasksOf(tiles)));
    }
    Set<Integer> shared = new HashSet<>(byIteration.get(0));
    byIteration.forEach(shared::retainAll);
    List<List<Integer>> copies = new ArrayList<>();
    for (Set<Integer> tasks : byIteration) {
      copies.add(tasks.stream().filter(t -> !shared.contains(t)).toList());
    }
    checkArgument(!copies.get(0).isEmpty(), "no task of the model belongs to one iteration only");
    return new PeriodicCpSat.Copies(copies);
  }
}
