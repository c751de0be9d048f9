package org.laminar.ir;

import static com.google.common.base.Preconditions.checkArgument;

/**
 * A mode's use of one resource for its whole duration.
 *
 * @param resource index of the resource in {@link IrProblem#resources()}
 * @param amount units used per cycle (1 on a unary resource)
 */
public record Usage(int resource, long amount) {
  public Usage {
    checkArgument(resource >= 0, "usage: resource index must be >= 0, got %s", resource);
    checkArgument(amount > 0, "usage of resource %s: amount must be > 0, got %s", resource, amount);
  }
}
