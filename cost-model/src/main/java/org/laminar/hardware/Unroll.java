package org.laminar.hardware;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import org.laminar.workload.LoopDim;

/** A loop dimension unrolled {@code factor} times over one operational-array dimension. */
public record Unroll(LoopDim dim, int factor) {
  public Unroll {
    checkNotNull(dim, "unrolled dimension is missing");
    checkArgument(factor > 0, "unrolling of %s must be > 0, got %s", dim, factor);
  }
}
