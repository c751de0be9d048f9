package org.laminar.report;

import static com.google.common.base.Preconditions.checkNotNull;

import java.time.Duration;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import org.laminar.bound.LatencyBounds;
import org.laminar.check.CheckReport;
import org.laminar.check.ScheduleChecker;
import org.laminar.schedule.ScheduleResult;
import org.laminar.schedule.SchedulingProblem;

/**
 * One scheduler's run on a problem, as the reports show it: the scheduler's result, the checker's
 * verdict on its schedule, and the lower bounds. Every metric comes from {@link #check()}.
 *
 * @param problem the problem that was scheduled
 * @param result what the scheduler returned
 * @param check the checker's report on the schedule; empty when the scheduler found none
 * @param bounds the analytical latency bounds of the problem
 * @param wallTime how long the scheduler ran
 */
public record Run(SchedulingProblem problem, ScheduleResult result, Optional<CheckReport> check,
    LatencyBounds bounds, Duration wallTime) {
  public Run {
    checkNotNull(problem, "problem is missing");
    checkNotNull(result, "scheduler result is missing");
    checkNotNull(bounds, "bounds are missing");
    checkNotNull(wallTime, "wall time is missing");
  }

  /** Checks {@code result}'s schedule, if any, against {@code problem}. */
  public static Run judge(SchedulingProblem problem, ScheduleResult result, LatencyBounds bounds, Duration wallTime) {
    Optional<CheckReport> check = result.schedule().map(s -> new ScheduleChecker().check(problem, s));
    return new Run(problem, result, check, bounds, wallTime);
  }

  /** The scheduler's name. */
  public String scheduler() {
    return result.scheduler();
  }

  /** {@code workload on accelerator — scheduler}, for chart titles. */
  public String title() {
    return problem.graph().workload().name() + " on " + problem.accelerator().name() + " — " + scheduler();
  }

  /** Whether there is a schedule and the checker found no violation. */
  public boolean valid() {
    return check.map(CheckReport::valid).orElse(false);
  }

  /** The best lower bound on the latency (cycles): the analytical bounds or the scheduler's own. */
  public long boundCycles() {
    return Math.max(bounds.bestCycles(), result.latencyLowerBound().orElse(0));
  }

  /** The latency of a valid schedule (cycles), as the checker measured it. */
  public OptionalLong latencyCycles() {
    return valid() ? OptionalLong.of(check.get().metrics().latencyCycles()) : OptionalLong.empty();
  }

  /**
   * The relative gap of a valid schedule to the bound: {@code (latency − bound) / latency}, in
   * {@code [0, 1)}; 0 proves the schedule latency-optimal.
   */
  public OptionalDouble gap() {
    OptionalLong latency = latencyCycles();
    if (latency.isEmpty() || latency.getAsLong() == 0) {
      return OptionalDouble.empty();
    }
    return OptionalDouble.of((double) (latency.getAsLong() - boundCycles()) / latency.getAsLong());
  }
}
