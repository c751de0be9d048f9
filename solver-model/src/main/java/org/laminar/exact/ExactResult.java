package org.laminar.exact;

import static com.google.common.base.Preconditions.checkNotNull;

import java.util.Optional;
import org.laminar.check.CheckReport;
import org.laminar.engine.Progress;
import org.laminar.engine.SolverStatistics;
import org.laminar.schedule.ScheduleResult;

/**
 * What one exact run found, beyond the {@link ScheduleResult}: the value of the goal (from the
 * checker), the best proven lower bound on it, and how the search went.
 *
 * @param result status, schedule and latency lower bound, as every scheduler returns them
 * @param goal what was minimised
 * @param report the checker's report on the schedule, if there is one
 * @param value the goal's value of the schedule, per the checker (NaN without a schedule)
 * @param bound best proven lower bound on the goal over the schedules of the model (for
 *     {@link Goal#LATENCY_ENERGY}: on latency): the solver's, raised by the analytical bounds for
 *     latency and by {@link org.laminar.bound.MemoryBound} for memory
 * @param solverBound the solver's own proven bound on the goal
 * @param analyticalBound the analytical latency bound ({@link org.laminar.bound.LatencyBounds#bestCycles})
 * @param hint name of the scheduler whose schedule was hinted, if any
 * @param statistics search statistics (of the last stage)
 * @param message why there is no schedule, if there is none
 */
public record ExactResult(ScheduleResult result, Goal goal, Optional<CheckReport> report, double value, double bound,
    double solverBound, long analyticalBound, Optional<String> hint, SolverStatistics statistics,
    Optional<String> message) {
  public ExactResult {
    checkNotNull(result, "result is missing");
    checkNotNull(goal, "goal is missing");
  }

  /** {@code (value − bound) / value}: how far the schedule may be above the optimum (NaN without one). */
  public double gap() {
    return report.isPresent() ? Progress.gap(value, bound) : Double.NaN;
  }
}
