package org.laminar.schedule;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import java.util.Optional;
import java.util.OptionalLong;

/**
 * What a {@link Scheduler} returns. Metrics are not part of it: they come from the checker.
 *
 * @param scheduler name of the scheduler that produced it ({@code lbl}, {@code list}, ...)
 * @param status what is known about the schedule
 * @param schedule the schedule, present exactly when {@link SolveStatus#hasSchedule()}
 * @param latencyLowerBound a proven lower bound on the latency of any schedule (cycles), if the
 *     scheduler has one
 */
public record ScheduleResult(String scheduler, SolveStatus status, Optional<Schedule> schedule,
    OptionalLong latencyLowerBound) {
  public ScheduleResult {
    checkNotNull(scheduler, "scheduler name is missing");
    checkNotNull(status, "scheduler %s: status is missing", scheduler);
    checkArgument(schedule.isPresent() == status.hasSchedule(), "scheduler %s: status %s %s a schedule", scheduler,
        status, schedule.isPresent() ? "cannot come with" : "needs");
    checkArgument(latencyLowerBound.orElse(0) >= 0, "scheduler %s: negative lower bound", scheduler);
  }

  /** A heuristic schedule without a bound. */
  public static ScheduleResult heuristic(String scheduler, Schedule schedule) {
    return new ScheduleResult(scheduler, SolveStatus.HEURISTIC, Optional.of(schedule), OptionalLong.empty());
  }
}
