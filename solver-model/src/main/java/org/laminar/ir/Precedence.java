package org.laminar.ir;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

/**
 * End-to-start precedence: {@code start(after) >= end(before) + minLag}, required when both tasks
 * are present and {@code when} holds.
 *
 * @param before task index of the predecessor
 * @param after task index of the successor
 * @param minLag minimum delay between the predecessor's end and the successor's start (cycles,
 *     {@code >= 0})
 * @param when condition on the modes under which the precedence applies
 */
public record Precedence(int before, int after, long minLag, Condition when) {
  public Precedence {
    checkArgument(before >= 0 && after >= 0, "precedence %s->%s: task indices must be >= 0", before, after);
    checkArgument(before != after, "precedence of task %s on itself", before);
    checkArgument(minLag >= 0, "precedence %s->%s: lag must be >= 0 cycles, got %s", before, after, minLag);
    checkNotNull(when, "precedence %s->%s: condition is missing", before, after);
  }

  /** An unconditional precedence without lag. */
  public static Precedence of(int before, int after) {
    return new Precedence(before, after, 0, Condition.TRUE);
  }
}
