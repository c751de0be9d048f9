package org.laminar.cost;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import org.laminar.workload.LoopDim;

/**
 * One entry of a temporal loop ordering: loop dimension {@code dim} iterated {@code size} times,
 * or, when {@code size} is {@link #REMAINING} (ZigZag's {@code *}), all iterations of {@code dim}
 * that the entries below it and the spatial unrolling leave.
 *
 * @param dim the loop dimension
 * @param size iterations (> 0), or {@link #REMAINING}
 */
public record TemporalLoop(LoopDim dim, int size) {
  /** Marker size: all remaining iterations of the dimension. */
  public static final int REMAINING = 0;

  public TemporalLoop {
    checkNotNull(dim, "temporal loop dimension is missing");
    checkArgument(size >= 0, "temporal loop %s: size must be > 0 (or * for all remaining), got %s", dim, size);
  }

  /** An entry taking all remaining iterations of {@code dim}. */
  public static TemporalLoop remaining(LoopDim dim) {
    return new TemporalLoop(dim, REMAINING);
  }

  /** Whether this entry takes all remaining iterations. */
  public boolean isRemaining() {
    return size == REMAINING;
  }
}
