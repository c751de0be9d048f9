package org.laminar.hardware;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import java.util.List;
import java.util.Map;
import org.laminar.workload.LoopDim;

/**
 * How loop dimensions are unrolled over the operational array: array dimension (e.g. {@code D1})
 * → the loops unrolled along it, in order.
 */
public record SpatialUnrolling(Map<String, List<Unroll>> byArrayDimension) {
  public static final SpatialUnrolling NONE = new SpatialUnrolling(Map.of());

  public SpatialUnrolling {
    ImmutableMap.Builder<String, List<Unroll>> copy = ImmutableMap.builder();
    byArrayDimension.forEach((d, unrolls) -> copy.put(d, ImmutableList.copyOf(unrolls)));
    byArrayDimension = copy.buildOrThrow();
  }

  /** Total unrolling of {@code dim} over all array dimensions (1 when not unrolled). */
  public int factor(LoopDim dim) {
    int factor = 1;
    for (List<Unroll> unrolls : byArrayDimension.values()) {
      for (Unroll u : unrolls) {
        if (u.dim() == dim) {
          factor *= u.factor();
        }
      }
    }
    return factor;
  }

  /** Whether nothing is unrolled. */
  public boolean isEmpty() {
    return byArrayDimension.values().stream().allMatch(List::isEmpty);
  }
}
