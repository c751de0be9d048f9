package org.laminar.tiling;

import static com.google.common.base.Preconditions.checkArgument;

import java.util.List;

/**
 * Consecutive layers (in the workload's topological order) that are executed fused: their row
 * bands interleave depth-first instead of each layer finishing before the next starts.
 *
 * @param layers layer ids, in topological order, at least one
 */
public record FusedStack(List<Integer> layers) {
  public FusedStack {
    layers = List.copyOf(layers);
    checkArgument(!layers.isEmpty(), "a fused stack needs at least one layer");
  }

  /** Number of layers in the stack. */
  public int size() {
    return layers.size();
  }
}
