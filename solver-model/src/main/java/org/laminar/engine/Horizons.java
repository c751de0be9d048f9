package org.laminar.engine;

import java.util.Optional;
import org.laminar.ir.IrChecker;
import org.laminar.ir.IrProblem;
import org.laminar.ir.IrSolution;
import org.laminar.ir.Precedence;
import org.laminar.ir.Task;
import org.laminar.ir.TimeWindow;

/** Upper bounds on the time an optimal solution of an {@link IrProblem} needs (cycles). */
public final class Horizons {
  private Horizons() {}

  /**
   * A horizon that no schedule needs to exceed: the latest release time, then all longest modes
   * and lags in sequence (cycles).
   */
  public static long sumOfDurations(IrProblem problem) {
    return problem.windows().stream().mapToLong(TimeWindow::earliestStart).max().orElse(0)
        + problem.tasks().stream().mapToLong(Task::maxDuration).sum()
        + problem.precedences().stream().mapToLong(Precedence::minLag).sum();
  }

  /**
   * The horizon for minimising {@code objective} from {@code hint}: the hint's makespan when the
   * hint is valid and the objective is the makespan (no better solution ends later), else
   * {@link #sumOfDurations}.
   */
  public static long of(IrProblem problem, Objective objective, Optional<IrSolution> hint) {
    Optional<IrSolution> valid = hint.filter(h -> IrChecker.check(problem, h).valid());
    return objective == Objective.MAKESPAN && valid.isPresent() ? valid.get().makespan(problem)
        : sumOfDurations(problem);
  }
}
