package org.laminar.lns;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import java.util.List;
import org.laminar.check.CheckReport;
import org.laminar.engine.Progress;
import org.laminar.schedule.ScheduleResult;

/**
 * What one run of the large neighbourhood search found.
 *
 * @param result status, schedule and latency lower bound, as every scheduler returns them
 * @param report the checker's report on the schedule (valid)
 * @param start the greedy scheduler whose schedule the search started from
 * @param startLatencyCycles that schedule's latency, per the checker (cycles)
 * @param boundCycles the best lower bound available without the full model: the analytical one,
 *     raised by the assignment bound when the search had a wall-clock limit (cycles)
 * @param decodes candidates the allocation search decoded before the steps ({@link
 *     org.laminar.alloc.AllocationSearch}; 0 when it did not run)
 * @param decodeImprovements of those, the ones that lowered the latency
 * @param steps neighbourhoods re-optimised
 * @param improvements steps that lowered the latency
 * @param log each step, in order
 * @param seconds wall time of the search, the greedy start included (s)
 */
public record LnsResult(ScheduleResult result, CheckReport report, String start, long startLatencyCycles,
    long boundCycles, int decodes, int decodeImprovements, int steps, int improvements, List<LnsStep> log,
    double seconds) {
  public LnsResult {
    checkNotNull(result, "result is missing");
    checkNotNull(report, "checker report is missing");
    checkArgument(report.valid(), "the LNS schedule must be checker-valid");
    log = List.copyOf(log);
  }

  /** The schedule's latency, per the checker (cycles). */
  public long latencyCycles() {
    return report.metrics().latencyCycles();
  }

  /** {@code (latency − bound) / latency}. */
  public double gap() {
    return Progress.gap(latencyCycles(), boundCycles);
  }
}
