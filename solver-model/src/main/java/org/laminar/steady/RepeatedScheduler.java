package org.laminar.steady;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import java.util.Optional;
import org.laminar.batch.Batch;
import org.laminar.batch.Repetition;
import org.laminar.check.CheckReport;
import org.laminar.check.ScheduleChecker;
import org.laminar.check.SteadyState;
import org.laminar.schedule.Schedule;
import org.laminar.schedule.ScheduleResult;
import org.laminar.schedule.Scheduler;
import org.laminar.schedule.SchedulingProblem;
import org.laminar.schedule.SolveStatus;

/**
 * A greedy steady state: one scheduler's schedule of a single inference, repeated every II cycles
 * ({@link Repetition}). It starts from II = the single schedule's latency (inferences back to back,
 * the weights loaded once) and bisects between that and the resource bound, keeping the smallest
 * II at which the checker accepts the unrolled batch and measures a steady state. Validity is not
 * monotone in II, so the result is the smallest such II the bisection met, not necessarily the
 * smallest there is; every candidate is checked.
 */
public final class RepeatedScheduler {
  private final Scheduler single;
  private final ScheduleChecker checker = new ScheduleChecker();

  /** Repeats the schedules of {@code single}. */
  public RepeatedScheduler(Scheduler single) {
    this.single = checkNotNull(single, "scheduler is missing");
  }

  /** {@code <scheduler> repeated}. */
  public String name() {
    return single.name() + " repeated";
  }

  /**
   * The repeated schedule of {@code problem} ({@code batch}'s single inference) in the unrolled
   * {@code batchProblem}, with the smallest interval found down to {@code lowest} (cycles).
   */
  public SteadyStateResult schedule(SchedulingProblem problem, Batch batch, SchedulingProblem batchProblem,
      long lowest) {
    checkArgument(batch.iterations() >= 2, "a steady state needs at least 2 iterations, got %s", batch.iterations());
    ScheduleResult one;
    try {
      one = single.schedule(problem);
    } catch (IllegalArgumentException e) {
      return SteadyStateResult.none(name(), SolveStatus.UNKNOWN, lowest, single.name() + " refused: " + e.getMessage());
    }
    if (one.schedule().isEmpty()) {
      return SteadyStateResult.none(name(), SolveStatus.UNKNOWN, lowest, single.name() + " found no schedule");
    }
    CheckReport report = checker.check(problem, one.schedule().get());
    if (!report.valid()) {
      return SteadyStateResult.none(name(), SolveStatus.UNKNOWN, lowest, single.name() + "'s schedule is rejected by "
          + "the checker: " + report.violations().get(0).message());
    }
    Schedule base = one.schedule().get();
    long high = Math.max(lowest, report.metrics().latencyCycles());
    Optional<SteadyStateResult> best = attempt(base, batch, batchProblem, high, lowest);
    if (best.isEmpty()) {
      // Even back to back the batch is no steady state (the weights of every layer resident at once
      // may not fit): reported with the checker's reason.
      Schedule repeated = Repetition.of(base, batch, high);
      CheckReport rejected = checker.check(batchProblem, repeated);
      Optional<SteadyState> measured = rejected.valid()
          ? Optional.of(SteadyState.of(batchProblem, batch, repeated, rejected)) : Optional.empty();
      String why = measured.map(m -> String.join("; ", m.reasons()))
          .orElseGet(() -> rejected.violations().get(0).message());
      return SteadyStateResult.none(name(), SolveStatus.UNKNOWN, lowest, "no steady state even back to back, every "
          + high + " cycles: " + why);
    }
    long low = lowest - 1;
    while (high - low > 1) {
      long mid = low + (high - low) / 2;
      Optional<SteadyStateResult> at = attempt(base, batch, batchProblem, mid, lowest);
      if (at.isPresent()) {
        best = at;
        high = mid;
      } else {
        low = mid;
      }
    }
    return best.get();
  }

  /** The repetition every {@code interval} cycles, when the checker accepts it as a steady state. */
  private Optional<SteadyStateResult> attempt(Schedule base, Batch batch, SchedulingProblem batchProblem,
      long interval, long lowest) {
    Schedule repeated = Repetition.of(base, batch, interval);
    CheckReport report = checker.check(batchProblem, repeated);
    if (!report.valid()) {
      return Optional.empty();
    }
    SteadyState steady = SteadyState.of(batchProblem, batch, repeated, report);
    return steady.steady() ? Optional.of(new SteadyStateResult(name(), SolveStatus.HEURISTIC, Optional.of(repeated),
        Optional.of(report), Optional.of(steady), lowest, Optional.empty())) : Optional.empty();
  }
}
