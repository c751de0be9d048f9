package org.laminar.ir;

import com.google.common.collect.ImmutableList;
import java.util.List;

/**
 * The checker's verdict on a solution.
 *
 * @param violations one message per violated rule (empty when valid)
 * @param makespan last end over present tasks (cycles)
 * @param energyPj energy of the chosen modes (pJ)
 */
public record IrCheckResult(List<String> violations, long makespan, double energyPj) {
  public IrCheckResult {
    violations = ImmutableList.copyOf(violations);
  }

  /** Whether the solution satisfies every constraint. */
  public boolean valid() {
    return violations.isEmpty();
  }
}
