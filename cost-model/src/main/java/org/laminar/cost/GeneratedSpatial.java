package org.laminar.cost;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.laminar.hardware.DataDirection;
import org.laminar.hardware.MemoryLevel;
import org.laminar.hardware.MemoryOperand;
import org.laminar.hardware.SpatialUnrolling;
import org.laminar.hardware.Unroll;
import org.laminar.workload.LoopDim;
import org.laminar.workload.Operand;

/**
 * The spatial unrollings of a layer on a core without {@code dataflows}, by the rules of ZigZag's
 * spatial-mapping generator ({@code SpatialMappingGeneratorStage}, no hint, no mixed unrolling):
 * each array dimension unrolls one loop dimension (or none) by a divisor of its largest factor, the
 * smaller of the loop size and the array dimension, further cut to the elements per cycle the
 * innermost memory shared over that array dimension can pass ({@link #bandwidthLimits}); a loop
 * unrolled over several array dimensions in all at most its size. Candidates come fullest first,
 * ranked by ZigZag's performance indicator: PEs used plus PEs used over the largest unrolling of
 * one loop, minus 1 (of equally full unrollings, those spreading over more loops first).
 */
final class GeneratedSpatial {
  private GeneratedSpatial() {
  }

  private record Option(LoopDim dim, int factor) {
  }

  /** An array dimension left unused (factor 1: the loop named does not matter). */
  private static final Option UNUSED = new Option(LoopDim.B, 1);

  private record Candidate(List<Option> options, double indicator) {
  }

  /** The candidates for the problem's layer on its core (whose mapping fixes no unrolling), best first. */
  static List<SpatialUnrolling> candidates(Problem p) {
    Map<String, Map<LoopDim, Integer>> limits = bandwidthLimits(p);
    List<String> arrayDims = new ArrayList<>(p.core.array().dimensions().keySet());
    List<List<Option>> perArrayDim = new ArrayList<>();
    for (String arrayDim : arrayDims) {
      List<Option> options = new ArrayList<>();
      for (LoopDim dim : LoopDim.values()) {
        int max = Math.min(Math.min(p.layer.size(dim), p.core.array().dimensions().get(arrayDim)),
            limits.get(arrayDim).getOrDefault(dim, Integer.MAX_VALUE));
        for (int f = max; f > 1; f--) {
          if (max % f == 0) {
            options.add(new Option(dim, f));
          }
        }
      }
      options.add(UNUSED);
      perArrayDim.add(options);
    }
    List<Candidate> found = new ArrayList<>();
    combine(p, perArrayDim, new ArrayList<>(), found);
    found.sort(Comparator.comparingDouble(Candidate::indicator).reversed());
    return found.stream().map(c -> unrolling(arrayDims, c.options())).toList();
  }

  private static void combine(Problem p, List<List<Option>> perArrayDim, List<Option> chosen, List<Candidate> found) {
    if (chosen.size() == perArrayDim.size()) {
      EnumMap<LoopDim, Long> total = new EnumMap<>(LoopDim.class);
      long pes = 1;
      for (Option o : chosen) {
        total.merge(o.dim(), (long) o.factor(), (a, b) -> a * b);
        pes *= o.factor();
      }
      if (total.entrySet().stream().allMatch(e -> e.getValue() <= p.layer.size(e.getKey()))) {
        long largest = total.values().stream().mapToLong(Long::longValue).max().orElse(1);
        found.add(new Candidate(List.copyOf(chosen), pes + (double) pes / largest - 1));
      }
      return;
    }
    for (Option o : perArrayDim.get(chosen.size())) {
      chosen.add(o);
      combine(p, perArrayDim, chosen, found);
      chosen.remove(chosen.size() - 1);
    }
  }

  /**
   * Per array dimension, the largest unrolling of each loop dimension the memories allow: ZigZag
   * cuts an unrolling over an array dimension that an innermost memory (one below no other memory
   * of the core) is shared over to the elements of the operand its port passes per cycle, for every
   * loop the operand depends on; outputs through the port written from below, the others through the
   * port read towards the array.
   */
  private static Map<String, Map<LoopDim, Integer>> bandwidthLimits(Problem p) {
    Map<String, Map<LoopDim, Integer>> limits = new LinkedHashMap<>();
    p.core.array().dimensions().keySet().forEach(d -> limits.put(d, new EnumMap<>(LoopDim.class)));
    for (Operand op : p.operands) {
      MemoryLevel inner = p.hierarchy.get(op).get(0);
      int bits = p.bits(op, true);
      if (!innermost(p, inner) || bits == 0) {
        continue;
      }
      DataDirection direction = op == Operand.O ? DataDirection.FL : DataDirection.TL;
      int elements = Math.max(1, p.port(op, 0, direction).maxBandwidthBits() / bits);
      for (String arrayDim : inner.servedDimensions()) {
        for (LoopDim dim : LoopDim.values()) {
          if (!p.relevance.irrelevant(op, dim)) {
            limits.get(arrayDim).merge(dim, elements, Math::min);
          }
        }
      }
    }
    return limits;
  }

  private static boolean innermost(Problem p, MemoryLevel memory) {
    for (MemoryOperand operand : MemoryOperand.values()) {
      List<MemoryLevel> levels = p.core.hierarchy(operand);
      if (levels.indexOf(memory) > 0) {
        return false;
      }
    }
    return true;
  }

  private static SpatialUnrolling unrolling(List<String> arrayDims, List<Option> options) {
    Map<String, List<Unroll>> unrolling = new LinkedHashMap<>();
    for (int i = 0; i < arrayDims.size(); i++) {
      Option o = options.get(i);
      unrolling.put(arrayDims.get(i), o.factor() > 1 ? List.of(new Unroll(o.dim(), o.factor())) : List.of());
    }
    return new SpatialUnrolling(unrolling);
  }
}
