package org.laminar.ir;

import static com.google.common.base.Preconditions.checkArgument;

/**
 * The statement "task {@code task} runs in mode {@code mode}": the atom of a {@link Condition}.
 *
 * @param task task index
 * @param mode mode index within that task
 */
public record ModeRef(int task, int mode) {
  public ModeRef {
    checkArgument(task >= 0 && mode >= 0, "mode reference: indices must be >= 0, got task %s mode %s", task, mode);
  }
}
