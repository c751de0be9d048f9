package org.laminar.ir;

import static com.google.common.base.Preconditions.checkArgument;

/**
 * When a task may run, if it runs: {@code start >= earliestStart} and {@code end <= latestEnd}.
 * A task pinned where another schedule put it (the fixed context of a neighbourhood in large
 * neighbourhood search) has {@code latestEnd - earliestStart} equal to its duration.
 *
 * @param task task index
 * @param earliestStart release time (cycles, {@code >= 0})
 * @param latestEnd deadline (cycles, {@code >= earliestStart})
 */
public record TimeWindow(int task, long earliestStart, long latestEnd) {
  public TimeWindow {
    checkArgument(task >= 0, "time window: task index must be >= 0, got %s", task);
    checkArgument(earliestStart >= 0, "time window of task %s: earliest start must be >= 0 cycles, got %s", task,
        earliestStart);
    checkArgument(latestEnd >= earliestStart, "time window of task %s: latest end %s is before earliest start %s",
        task, latestEnd, earliestStart);
  }
}
