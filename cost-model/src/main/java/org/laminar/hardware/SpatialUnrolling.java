package org.laminar.hardware;

import static com.google.common.base.Preconditions.checkArgument;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.laminar.workload.LoopDim;

/**
 * How loop dimensions are unrolled over the operational array: array dimension (e.g. {@code D1})
 * → the loops unrolled along it, in order.
 *
 * @param byArrayDimension array dimension → its unrolls
 * @param generated whether the cost model generates the unrolling per layer (a core file without
 *     {@code dataflows}, as ZigZag and Stream do); then nothing is unrolled here
 */
public record SpatialUnrolling(Map<String, List<Unroll>> byArrayDimension, boolean generated) {
  /** Nothing unrolled: one PE per cycle unless a mapping says otherwise. */
  public static final SpatialUnrolling NONE = new SpatialUnrolling(Map.of());

  /** No fixed dataflow: the cost model generates each layer's unrolling as ZigZag does. */
  public static final SpatialUnrolling GENERATED = new SpatialUnrolling(Map.of(), true);

  /** A fixed unrolling. */
  public SpatialUnrolling(Map<String, List<Unroll>> byArrayDimension) {
    this(byArrayDimension, false);
  }

  public SpatialUnrolling {
    checkArgument(!generated || byArrayDimension.isEmpty(), "a generated unrolling fixes no unrolls, got %s",
        byArrayDimension);
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

  /**
   * This unrolling with every unroll of {@code from} applied to {@code to} instead (same array
   * dimension, same factor, same position).
   */
  public SpatialUnrolling renamed(LoopDim from, LoopDim to) {
    if (generated) {
      return this;
    }
    Map<String, List<Unroll>> renamed = new LinkedHashMap<>();
    byArrayDimension.forEach((d, unrolls) -> renamed.put(d, unrolls.stream()
        .map(u -> u.dim() == from ? new Unroll(to, u.factor()) : u).toList()));
    return new SpatialUnrolling(renamed);
  }

  /**
   * The unrolls wider than their dimension of {@code array}, each as {@code "K 16 over D1 of 14
   * PEs"}: the cost model cuts them to the array, as ZigZag and Stream do. A dimension of size 0
   * is left out: such a core runs nothing (Stream's off-chip pseudo-core is one).
   */
  public List<String> widerThan(OperationalArray array) {
    List<String> wider = new ArrayList<>();
    byArrayDimension.forEach((d, unrolls) -> {
      Integer size = array.dimensions().get(d);
      unrolls.stream().filter(u -> size != null && size > 0 && u.factor() > size)
          .forEach(u -> wider.add(u.dim() + " " + u.factor() + " over " + d + " of " + size + " PEs"));
    });
    return wider;
  }

  /** Whether nothing is unrolled. */
  public boolean isEmpty() {
    return byArrayDimension.values().stream().allMatch(List::isEmpty);
  }
}
