package org.laminar.evaluate;

import static com.google.common.base.Preconditions.checkNotNull;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import java.util.List;
import java.util.Map;
import org.laminar.exact.ExactResult;
import org.laminar.report.Run;

/**
 * A point's checked runs: one per scheduler that ran, every metric from the checker, every
 * latency bound raised to the best one any run proved.
 *
 * @param prepared the point's problem and bounds
 * @param runs the runs, in the order the schedulers ran; empty only when {@code interrupted}
 * @param notes lines for the user about the runs (an exact engine's own bound and gap, lns's
 *     neighbourhoods, a per-layer hint, schedulers not run after an interruption)
 * @param exactResults the exact engines' own results (objective value, bound, gap, statistics) by name
 * @param interrupted whether the user interrupted the evaluation
 */
public record Evaluation(Prepared prepared, List<Run> runs, List<String> notes, Map<String, ExactResult> exactResults,
    boolean interrupted) {
  public Evaluation {
    checkNotNull(prepared, "prepared problem is missing");
    runs = ImmutableList.copyOf(runs);
    notes = ImmutableList.copyOf(notes);
    exactResults = ImmutableMap.copyOf(exactResults);
  }
}
