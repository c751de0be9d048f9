package org.laminar.cost;

import static com.google.common.base.Preconditions.checkArgument;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.laminar.hardware.Core;
import org.laminar.hardware.SpatialUnrolling;
import org.laminar.hardware.Unroll;
import org.laminar.workload.Layer;
import org.laminar.workload.LoopDim;

/**
 * ZigZag's {@code spatial_mapping_hint}: per array dimension, the loop dimensions the spatial
 * unrolling may use, the factors left to the tool. Laminar enumerates the unrollings whose
 * factors divide the layer's sizes and fit each array dimension, the fullest first; the cost model
 * costs the first few whose data fit the memories (ZigZag's spatial-mapping generator keeps 3 by
 * default) and keeps the best.
 *
 * @param byArrayDimension array dimension → the loop dimensions it may unroll, in order
 */
public record SpatialHint(Map<String, List<LoopDim>> byArrayDimension) {
  /** No hint. */
  public static final SpatialHint NONE = new SpatialHint(Map.of());

  public SpatialHint {
    ImmutableMap.Builder<String, List<LoopDim>> copy = ImmutableMap.builder();
    byArrayDimension.forEach((d, dims) -> {
      checkArgument(dims.stream().distinct().count() == dims.size(),
          "spatial_mapping_hint.%s names a loop dimension twice: %s", d, dims);
      copy.put(d, ImmutableList.copyOf(dims));
    });
    byArrayDimension = copy.buildOrThrow();
  }

  /** Whether the hint names no loop dimension. */
  public boolean isEmpty() {
    return byArrayDimension.values().stream().allMatch(List::isEmpty);
  }

  /**
   * The unrollings of {@code layer} on {@code core} the hint allows, the most PEs first (ties in
   * enumeration order: array dimensions as the hint lists them, larger factors of earlier loop
   * dimensions first). Array dimensions the core does not have are skipped.
   */
  public List<SpatialUnrolling> candidates(Layer layer, Core core) {
    List<Slot> slots = new ArrayList<>();
    byArrayDimension.forEach((arrayDim, dims) -> {
      Integer size = core.array().dimensions().get(arrayDim);
      if (size != null) {
        dims.forEach(dim -> slots.add(new Slot(arrayDim, size, dim)));
      }
    });
    List<Candidate> found = new ArrayList<>();
    enumerate(layer, slots, 0, new int[slots.size()], found);
    found.sort(Comparator.comparingLong(Candidate::pes).reversed());
    return found.stream().map(c -> unrolling(slots, c.factors())).toList();
  }

  private record Slot(String arrayDim, int arraySize, LoopDim dim) {
  }

  private record Candidate(int[] factors, long pes) {
  }

  private static void enumerate(Layer layer, List<Slot> slots, int next, int[] factors, List<Candidate> found) {
    if (next == slots.size()) {
      long pes = 1;
      for (int f : factors) {
        pes *= f;
      }
      found.add(new Candidate(factors.clone(), pes));
      return;
    }
    Slot slot = slots.get(next);
    long used = 1;
    long done = 1;
    for (int i = 0; i < next; i++) {
      if (slots.get(i).arrayDim().equals(slot.arrayDim())) {
        used *= factors[i];
      }
      if (slots.get(i).dim() == slot.dim()) {
        done *= factors[i];
      }
    }
    int remaining = (int) (layer.size(slot.dim()) / done);
    for (int f = (int) Math.min(remaining, slot.arraySize() / used); f >= 1; f--) {
      if (remaining % f == 0) {
        factors[next] = f;
        enumerate(layer, slots, next + 1, factors, found);
      }
    }
    factors[next] = 1;
  }

  private static SpatialUnrolling unrolling(List<Slot> slots, int[] factors) {
    Map<String, List<Unroll>> unrolling = new LinkedHashMap<>();
    for (int i = 0; i < slots.size(); i++) {
      List<Unroll> unrolls = unrolling.computeIfAbsent(slots.get(i).arrayDim(), d -> new ArrayList<>());
      if (factors[i] > 1) {
        unrolls.add(new Unroll(slots.get(i).dim(), factors[i]));
      }
    }
    return new SpatialUnrolling(unrolling);
  }
}
