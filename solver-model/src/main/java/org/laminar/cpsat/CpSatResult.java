package org.laminar.cpsat;

import static com.google.common.base.Preconditions.checkNotNull;

import java.util.Optional;
import org.laminar.ir.IrSolution;

/**
 * What a CP-SAT solve returns. Values are in the objective's unit ({@link Objective}).
 *
 * @param status outcome
 * @param solution the best solution, present for {@link SolveStatus#OPTIMAL} and
 *     {@link SolveStatus#FEASIBLE}
 * @param objective the solution's objective value (NaN without a solution)
 * @param bound best proven lower bound on the objective
 * @param statistics search statistics
 */
public record CpSatResult(SolveStatus status, Optional<IrSolution> solution, double objective, double bound,
    SolverStatistics statistics) {
  public CpSatResult {
    checkNotNull(status, "status is missing");
    checkNotNull(solution, "solution is missing");
    checkNotNull(statistics, "statistics are missing");
  }

  /** Relative gap between the objective and the bound (NaN without a solution). */
  public double gap() {
    return solution.isPresent() ? Progress.gap(objective, bound) : Double.NaN;
  }
}
