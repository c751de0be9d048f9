package org.laminar.cost;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.laminar.hardware.MemoryLevel;
import org.laminar.workload.LoopDim;
import org.laminar.workload.Operand;

/**
 * Allocates a temporal loop ordering to the memory hierarchy, bottom-up, as ZigZag's LOMA does:
 * each memory takes, per operand it holds, the longest run of the remaining innermost loops
 * whose data fit, choosing among the runs that fit together the combination with the fewest
 * element accesses to the level above ({@code iterations left above × data held}); the top memory
 * of an operand takes all loops left.
 */
final class MemoryAllocator {
  private final Problem problem;
  /**
   * Per memory of the core, the operands it holds in the memory-operand order I1, I2, O, which
   * decides ties as ZigZag does (the same for every ordering).
   */
  private final List<List<Operand>> operandsByMemory = new ArrayList<>();

  MemoryAllocator(Problem problem) {
    this.problem = problem;
    for (MemoryLevel memory : problem.core.memories()) {
      operandsByMemory.add(problem.operands.stream().filter(op -> memory.serves(problem.links.get(op)))
          .sorted((a, b) -> problem.links.get(a).compareTo(problem.links.get(b))).toList());
    }
  }

  /**
   * The temporal loops per operand per memory level (innermost first), or empty when the
   * ordering does not fit the memories.
   */
  Optional<Map<Operand, List<List<Loop>>>> allocate(List<Loop> ordering) {
    Map<Operand, List<Loop>> allocated = new EnumMap<>(Operand.class);
    Map<Operand, List<Loop>> unallocated = new EnumMap<>(Operand.class);
    Map<Operand, List<List<Loop>>> spatial = new EnumMap<>(Operand.class);
    Map<Operand, List<List<Loop>>> result = new EnumMap<>(Operand.class);
    Map<Operand, Integer> level = new EnumMap<>(Operand.class);
    for (Operand op : problem.operands) {
      spatial.put(op, problem.spatialLevels(op, true));
      allocated.put(op, new ArrayList<>(spatial.get(op).get(0)));
      unallocated.put(op, new ArrayList<>(ordering));
      result.put(op, new ArrayList<>());
      level.put(op, 0);
    }
    for (int mi = 0; mi < operandsByMemory.size(); mi++) {
      MemoryLevel memory = problem.core.memories().get(mi);
      List<Operand> ops = operandsByMemory.get(mi);
      if (ops.isEmpty()) {
        continue;
      }
      List<double[]> sizes = new ArrayList<>();
      List<double[]> accesses = new ArrayList<>();
      List<Integer> offsets = new ArrayList<>();
      for (Operand op : ops) {
        boolean top = level.get(op) == problem.levels(op) - 1;
        List<Double> fitting = fittingSizes(op, allocated.get(op), unallocated.get(op), spatial.get(op),
            level.get(op), memory.sizeBits());
        if (fitting.isEmpty()) {
          return Optional.empty();
        }
        List<Loop> left = unallocated.get(op);
        if (top) {
          if (fitting.size() != left.size() + 1) {
            return Optional.empty();
          }
          offsets.add(left.size());
          sizes.add(new double[] {fitting.get(left.size())});
          accesses.add(new double[] {0});
        } else {
          offsets.add(0);
          double[] s = new double[fitting.size()];
          double[] a = new double[fitting.size()];
          for (int i = 0; i < s.length; i++) {
            s[i] = fitting.get(i);
            a[i] = s[i] * product(left.subList(i, left.size()));
          }
          sizes.add(s);
          accesses.add(a);
        }
      }
      int[] best = bestCombination(sizes, accesses, memory.sizeBits());
      if (best == null) {
        return Optional.empty();
      }
      for (int j = 0; j < ops.size(); j++) {
        Operand op = ops.get(j);
        int take = best[j] + offsets.get(j);
        List<Loop> left = unallocated.get(op);
        List<Loop> taken = new ArrayList<>(left.subList(0, take));
        left.subList(0, take).clear();
        allocated.get(op).addAll(taken);
        result.get(op).add(taken);
        int lv = level.merge(op, 1, Integer::sum);
        allocated.get(op).addAll(spatial.get(op).get(lv));
      }
    }
    return Optional.of(result);
  }

  /** Bits held for each run length 0, 1, ... of {@code left} that fits {@code capacity}. */
  private List<Double> fittingSizes(Operand op, List<Loop> allocated, List<Loop> left, List<List<Loop>> spatial,
      int level, long capacity) {
    boolean partial = false;
    if (op == Operand.O) {
      // The output is still partial while an irrelevant loop (temporal or spatial) is not allocated.
      for (Loop l : left) {
        partial |= problem.relevance.irrelevant(op, l.dim());
      }
      for (int lv = level + 1; lv < spatial.size(); lv++) {
        for (Loop l : spatial.get(lv)) {
          partial |= problem.relevance.irrelevant(op, l.dim());
        }
      }
    }
    int bits = problem.bits(op, partial);
    double[] dims = new double[LoopDim.values().length];
    Arrays.fill(dims, 1);
    for (Loop l : allocated) {
      dims[l.dim().ordinal()] *= l.size();
    }
    List<Double> sizes = new ArrayList<>();
    for (int i = 0; i <= left.size(); i++) {
      if (i > 0) {
        Loop l = left.get(i - 1);
        dims[l.dim().ordinal()] *= l.size();
      }
      double size = problem.relevance.elements(op, dims) * bits;
      if (size > capacity) {
        break;
      }
      sizes.add(size);
    }
    return sizes;
  }

  /** Index per operand of the fitting combination with fewest accesses; ties: the last one. */
  private static int[] bestCombination(List<double[]> sizes, List<double[]> accesses, long capacity) {
    int n = sizes.size();
    long combinations = 1;
    for (double[] s : sizes) {
      combinations *= s.length;
    }
    int[] best = null;
    double bestAccesses = Double.POSITIVE_INFINITY;
    int[] index = new int[n];
    for (long c = 0; c < combinations; c++) {
      long rest = c;
      double size = 0;
      double access = 0;
      for (int j = n - 1; j >= 0; j--) {
        index[j] = (int) (rest % sizes.get(j).length);
        rest /= sizes.get(j).length;
        size += sizes.get(j)[index[j]];
        access += accesses.get(j)[index[j]];
      }
      if (size > capacity) {
        if (c == 0) {
          return null;
        }
        continue;
      }
      if (access <= bestAccesses) {
        bestAccesses = access;
        best = index.clone();
      }
    }
    return best;
  }

  static double product(List<Loop> loops) {
    double p = 1;
    for (Loop l : loops) {
      p *= l.size();
    }
    return p;
  }
}
