package org.laminar.steady;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import java.util.Optional;
import java.util.OptionalLong;
import org.laminar.check.CheckReport;
import org.laminar.check.SteadyState;
import org.laminar.schedule.Schedule;
import org.laminar.schedule.SolveStatus;

/**
 * What a steady-state scheduler returns for a batch: the unrolled schedule, the checker's report
 * on it and the checker's steady-state measurement (the interval II), with the best lower bound on
 * II. Every figure comes from the checker.
 *
 * @param scheduler the scheduler's name ({@code heft repeated}, {@code cpsat})
 * @param status {@link SolveStatus#OPTIMAL} only when the interval is proven optimal and the
 *     checker confirms a steady state; {@link SolveStatus#HEURISTIC} for greedy schedules
 * @param schedule the unrolled schedule of the batch, if one was found
 * @param check the checker's report on it (present with the schedule)
 * @param steadyState the checker's steady-state measurement (present when the schedule is valid)
 * @param boundCycles the best lower bound on II (cycles)
 * @param note why there is no schedule, or why it is not a steady state
 */
public record SteadyStateResult(String scheduler, SolveStatus status, Optional<Schedule> schedule,
    Optional<CheckReport> check, Optional<SteadyState> steadyState, long boundCycles, Optional<String> note) {
  public SteadyStateResult {
    checkNotNull(scheduler, "scheduler name is missing");
    checkNotNull(status, "status is missing");
    checkArgument(schedule.isPresent() == check.isPresent(), "%s: a check report comes exactly with a schedule",
        scheduler);
    checkArgument(schedule.isPresent() == status.hasSchedule(), "%s: status %s %s a schedule", scheduler, status,
        schedule.isPresent() ? "cannot come with" : "needs");
    checkArgument(steadyState.isEmpty() || check.map(CheckReport::valid).orElse(false),
        "%s: only a valid schedule has a steady-state measurement", scheduler);
    checkArgument(status != SolveStatus.OPTIMAL || steadyState.map(SteadyState::steady).orElse(false),
        "%s: an optimal interval needs a steady state", scheduler);
    checkArgument(boundCycles >= 0, "%s: bound must be >= 0 cycles, got %s", scheduler, boundCycles);
  }

  /** A result without a schedule. */
  static SteadyStateResult none(String scheduler, SolveStatus status, long boundCycles, String why) {
    return new SteadyStateResult(scheduler, status, Optional.empty(), Optional.empty(), Optional.empty(), boundCycles,
        Optional.of(why));
  }

  /** The interval II the checker measured, when the schedule is a steady state (cycles). */
  public OptionalLong intervalCycles() {
    return steadyState.filter(SteadyState::steady).map(SteadyState::intervalCycles).orElse(OptionalLong.empty());
  }

  /** The batch's makespan, when the schedule is valid (cycles). */
  public OptionalLong latencyCycles() {
    return check.filter(CheckReport::valid).map(c -> OptionalLong.of(c.metrics().latencyCycles()))
        .orElse(OptionalLong.empty());
  }

  /** {@code (II − bound) / II}, when there is an interval. */
  public double gap() {
    OptionalLong ii = intervalCycles();
    return ii.isPresent() ? (double) (ii.getAsLong() - boundCycles) / ii.getAsLong() : Double.NaN;
  }
}
