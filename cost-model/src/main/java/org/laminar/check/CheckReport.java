package org.laminar.check;

import com.google.common.collect.ImmutableList;
import java.util.List;

/**
 * The checker's verdict on a schedule.
 *
 * @param violations every broken rule, in the order the checker found them (empty: valid)
 * @param metrics latency, energy, peak memory and utilisation of the schedule as given (meaningful
 *     only when it is valid)
 * @param memory occupancy over time of every local memory in use
 */
public record CheckReport(List<Violation> violations, Metrics metrics, List<MemoryTrace> memory) {
  public CheckReport {
    violations = ImmutableList.copyOf(violations);
    memory = ImmutableList.copyOf(memory);
  }

  /** Whether the schedule breaks no rule. */
  public boolean valid() {
    return violations.isEmpty();
  }
}
