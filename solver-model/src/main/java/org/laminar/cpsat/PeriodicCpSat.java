package org.laminar.cpsat;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import com.google.common.collect.ImmutableList;
import com.google.ortools.sat.CpModel;
import com.google.ortools.sat.IntVar;
import com.google.ortools.sat.LinearExpr;
import com.google.ortools.sat.Literal;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.laminar.engine.EngineResult;
import org.laminar.engine.Limits;
import org.laminar.engine.Objective;
import org.laminar.engine.Progress;
import org.laminar.ir.IrChecker;
import org.laminar.ir.IrProblem;
import org.laminar.ir.IrSolution;
import org.laminar.ir.ModeRef;
import org.laminar.ir.Resource;
import org.laminar.ir.ResourceKind;
import org.laminar.ir.Task;
import org.laminar.ir.Usage;

/**
 * The periodic model of a batch on CP-SAT: the {@link CpSatTranslation} of the unrolled IR (every
 * iteration's tasks, with their resources, buffers and precedences as they are), plus an interval
 * variable {@code II} and, for every task of iteration 0 and its copy in iteration {@code i}: the
 * same mode (or absence), and, for tasks that occupy a resource, a start exactly {@code i · II}
 * later. Its objective is {@code II}. So a solution is an unrolled schedule checked like any
 * other, whose iterations are copies of the first one shifted by multiples of {@code II}.
 *
 * <p>With it, the steady-state condition: the tasks of iteration 0 that occupy a resource span at
 * most {@code (N − 1) · II} cycles (a variable {@code first} at most every such start, every such
 * end at most {@code first + (N − 1) · II}). It makes the N unrolled iterations a steady state (the
 * pattern can repeat for ever), and it is what makes every iteration's busy time on a resource a
 * lower bound on {@code II}, so {@code lowest} may come from such bounds.
 */
public final class PeriodicCpSat {
  private PeriodicCpSat() {}

  /**
   * Copies of tasks: {@code tasks.get(i).get(k)} is iteration {@code i}'s copy of iteration 0's
   * task {@code tasks.get(0).get(k)}. Tasks in no list (shared by all iterations) are unconstrained.
   *
   * @param tasks one list per iteration, at least two, all of the same length
   */
  public record Copies(List<List<Integer>> tasks) {
    public Copies {
      tasks = tasks.stream().map(ImmutableList::copyOf).collect(ImmutableList.toImmutableList());
      checkArgument(tasks.size() >= 2, "periodic copies need at least 2 iterations, got %s", tasks.size());
      int n = tasks.get(0).size();
      checkArgument(tasks.stream().allMatch(l -> l.size() == n), "every iteration needs %s copied tasks", n);
    }

    /** Number of iterations. */
    public int iterations() {
      return tasks.size();
    }
  }

  /**
   * Minimises the interval of a periodic solution of {@code problem}.
   *
   * @param solver the engine whose search runs (its parameters: workers, seed, deterministic limit)
   * @param copies which task of each iteration copies which task of iteration 0
   * @param lowest a lower bound on the interval (cycles, ≥ 1)
   * @param highest the largest interval searched (cycles; the hint's, or larger, when there is one)
   * @param horizon every time variable lies in {@code [0, horizon]} (cycles)
   * @param hint a periodic solution, or empty
   * @param hintInterval the hint's interval (cycles; ignored without a hint)
   * @return the result, whose objective and bound are the interval's (cycles)
   */
  public static EngineResult solve(CpSatSolver solver, IrProblem problem, Copies copies, long lowest, long highest,
      long horizon, Optional<IrSolution> hint, long hintInterval, Limits limits, Consumer<Progress> progress) {
    checkNotNull(copies, "copies are missing");
    checkArgument(lowest >= 1 && highest >= lowest, "the interval must lie in [%s, %s], a range of cycles >= 1", lowest,
        highest);
    long startNanos = System.nanoTime();
    CpSatSolver.loadNativeLibraries();
    Optional<IrSolution> validHint = hint.filter(h -> IrChecker.check(problem, h).valid()
        && h.makespan(problem) <= horizon && hintInterval >= lowest && hintInterval <= highest);
    CpSatTranslation translation = CpSatTranslation.translate(problem, Objective.MAKESPAN, horizon);
    CpModel model = translation.model();
    IntVar interval = model.newIntVar(lowest, highest, "interval");
    IntVar first = model.newIntVar(0, horizon, "first");
    int n = copies.iterations();
    List<Integer> base = copies.tasks().get(0);
    for (int k = 0; k < base.size(); k++) {
      int b = base.get(k);
      Task task = problem.tasks().get(b);
      boolean timed = task.modes().stream().allMatch(m -> !m.usages().isEmpty());
      for (int i = 1; i < n; i++) {
        int c = copies.tasks().get(i).get(k);
        checkArgument(problem.tasks().get(c).modes().equals(task.modes()), "%s: task %s is not a copy of %s",
            problem.name(), problem.tasks().get(c).name(), task.name());
        for (int m = 0; m < task.modes().size(); m++) {
          Literal mine = translation.mode(new ModeRef(b, m));
          Literal theirs = translation.mode(new ModeRef(c, m));
          model.addImplication(mine, theirs);
          model.addImplication(theirs, mine);
        }
        if (timed) {
          model.addEquality(translation.start(c), LinearExpr.weightedSum(new IntVar[] {translation.start(b), interval},
              new long[] {1, i})).onlyEnforceIf(translation.presence(b));
        }
      }
      if (timed) {
        model.addLessOrEqual(first, translation.start(b)).onlyEnforceIf(translation.presence(b));
        model.addLessOrEqual(translation.end(b), LinearExpr.weightedSum(new IntVar[] {first, interval},
            new long[] {1, n - 1})).onlyEnforceIf(translation.presence(b));
      }
    }
    addBusyTimes(problem, translation, base, interval);
    model.minimize(interval);
    hint.ifPresent(h -> {
      translation.hint(h);
      model.addHint(interval, hintInterval);
      model.addHint(first, firstStart(problem, base, h));
    });
    return solver.search(problem, translation, Objective.MAKESPAN, validHint, validHint.map(h -> (double) hintInterval),
        limits, progress, startNanos);
  }

  /**
   * Per unary or renewable resource, the least work of iteration 0's tasks on it is at most
   * {@code capacity · II} (redundant: it follows from the steady state, see the interval
   * bound of {@code org.laminar.bound.IntervalBound}, but the resource constraints of the unrolled model propagate it only
   * once the copies' starts are known). A mode's work counts without increments, the least it can
   * be.
   */
  private static void addBusyTimes(IrProblem problem, CpSatTranslation translation, List<Integer> base,
      IntVar interval) {
    CpModel model = translation.model();
    for (int r = 0; r < problem.resources().size(); r++) {
      Resource resource = problem.resources().get(r);
      if (resource.kind() == ResourceKind.STORAGE) {
        continue;
      }
      List<Literal> literals = new ArrayList<>();
      List<Long> work = new ArrayList<>();
      for (int b : base) {
        Task task = problem.tasks().get(b);
        for (int m = 0; m < task.modes().size(); m++) {
          for (Usage u : task.modes().get(m).usages()) {
            if (u.resource() == r) {
              literals.add(translation.mode(new ModeRef(b, m)));
              work.add(u.length(task.duration(m)) * u.amount());
            }
          }
        }
      }
      if (literals.isEmpty()) {
        continue;
      }
      LinearExpr busy = LinearExpr.weightedSum(literals.toArray(new Literal[0]),
          work.stream().mapToLong(Long::longValue).toArray());
      model.addLessOrEqual(busy, LinearExpr.term(interval, resource.capacity()));
    }
  }

  /** The first start of a present task of iteration 0 that occupies a resource, in {@code solution}. */
  private static long firstStart(IrProblem problem, List<Integer> base, IrSolution solution) {
    return base.stream().filter(t -> solution.isPresent(t)
            && problem.tasks().get(t).modes().stream().allMatch(m -> !m.usages().isEmpty()))
        .mapToLong(t -> solution.starts().get(t)).min().orElse(0);
  }
}
