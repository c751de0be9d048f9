package org.laminar.ir;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

/**
 * A reason for a buffer to stay allocated: until the end of {@code task}, if that task is present
 * and {@code when} holds.
 *
 * @param task task index
 * @param when condition on the modes under which this hold counts
 */
public record Hold(int task, Condition when) {
  public Hold {
    checkArgument(task >= 0, "hold: task index must be >= 0, got %s", task);
    checkNotNull(when, "hold on task %s: condition is missing", task);
  }

  /** Holds until the end of {@code task} whenever it is present. */
  public static Hold until(int task) {
    return new Hold(task, Condition.TRUE);
  }
}
