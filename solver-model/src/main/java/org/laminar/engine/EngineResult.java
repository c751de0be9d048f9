package org.laminar.engine;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import java.util.Optional;
import org.laminar.ir.IrSolution;
import org.laminar.schedule.SolveStatus;

/**
 * What an {@link Engine} solve returns. Values are in the objective's unit ({@link Objective}).
 *
 * @param status outcome: OPTIMAL, FEASIBLE, INFEASIBLE or UNKNOWN (an engine makes no heuristic claims)
 * @param solution the best solution, present for {@link SolveStatus#OPTIMAL} and
 *     {@link SolveStatus#FEASIBLE}
 * @param objective the solution's objective value (NaN without a solution)
 * @param bound best proven lower bound on the objective
 * @param statistics search statistics
 */
public record EngineResult(SolveStatus status, Optional<IrSolution> solution, double objective, double bound,
    SolverStatistics statistics) {
  public EngineResult {
    checkNotNull(status, "status is missing");
    checkNotNull(solution, "solution is missing");
    checkNotNull(statistics, "statistics are missing");
    checkArgument(status != SolveStatus.HEURISTIC, "an engine result is exact or unknown, not heuristic");
    checkArgument(solution.isPresent() == status.hasSchedule(), "status %s %s a solution", status,
        solution.isPresent() ? "cannot come with" : "needs");
  }

  /** The result of a solve that did not run (stopped before it began): no solution, bound 0. */
  public static EngineResult notRun() {
    return new EngineResult(SolveStatus.UNKNOWN, Optional.empty(), Double.NaN, 0, new SolverStatistics(0, 0, 0));
  }

  /** Relative gap between the objective and the bound (NaN without a solution). */
  public double gap() {
    return solution.isPresent() ? Progress.gap(objective, bound) : Double.NaN;
  }
}
