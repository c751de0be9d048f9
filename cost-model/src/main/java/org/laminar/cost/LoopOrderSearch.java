package org.laminar.cost;

import static com.google.common.base.Preconditions.checkArgument;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.laminar.workload.LoopDim;

/**
 * The temporal loop orderings to evaluate for a layer: the mapping's own ordering when it gives
 * one, otherwise every distinct order of the layer's loop prime factors (ZigZag's LOMA), after
 * merging the smallest factors of the dimension with most factors until at most
 * {@value #FACTOR_LIMIT} (or one per dimension) remain, so that at most 6! orders are tried.
 */
final class LoopOrderSearch {
  static final int FACTOR_LIMIT = 6;

  private LoopOrderSearch() {
  }

  /** The given ordering with {@code *} expanded; dimensions it leaves out run outermost. */
  static List<Loop> expand(Problem p, List<TemporalLoop> given) {
    int[] remaining = p.temporalSize.clone();
    List<Loop> loops = new ArrayList<>();
    for (TemporalLoop t : given) {
      int left = remaining[t.dim().ordinal()];
      int size = t.isRemaining() ? left : t.size();
      checkArgument(left % size == 0, "temporal loop %s %s does not divide the %s iterations left", t.dim(),
          size, left);
      remaining[t.dim().ordinal()] = left / size;
      if (size > 1) {
        loops.add(new Loop(t.dim(), size));
      }
    }
    for (LoopDim d : LoopDim.values()) {
      if (remaining[d.ordinal()] > 1) {
        loops.add(new Loop(d, remaining[d.ordinal()]));
      }
    }
    if (loops.isEmpty()) {
      loops.add(new Loop(LoopDim.B, 1));
    }
    return loops;
  }

  /** All candidate orderings (innermost first) of the temporal loop prime factors. */
  static List<List<Loop>> candidates(Problem p) {
    List<Loop> factors = new ArrayList<>();
    Map<LoopDim, List<Integer>> byDim = new TreeMap<>();
    for (LoopDim d : LoopDim.values()) {
      int size = p.temporalSize[d.ordinal()];
      if (size > 1) {
        byDim.put(d, primeFactors(size));
      }
    }
    int limit = Math.max(FACTOR_LIMIT, byDim.size());
    int count = byDim.values().stream().mapToInt(List::size).sum();
    while (count > limit) {
      LoopDim most = byDim.keySet().stream().max((a, b) -> {
        int c = Integer.compare(byDim.get(a).size(), byDim.get(b).size());
        return c != 0 ? c : Integer.compare(b.ordinal(), a.ordinal());
      }).orElseThrow();
      List<Integer> f = byDim.get(most);
      int merged = f.remove(0) * f.remove(0);
      f.add(merged);
      f.sort(Integer::compare);
      count--;
    }
    byDim.forEach((d, f) -> f.forEach(size -> factors.add(new Loop(d, size))));
    if (factors.isEmpty()) {
      return List.of(List.of(new Loop(LoopDim.B, 1)));
    }
    return permutations(factors);
  }

  static List<Integer> primeFactors(int n) {
    List<Integer> factors = new ArrayList<>();
    for (int f = 2; (long) f * f <= n; f++) {
      while (n % f == 0) {
        factors.add(f);
        n /= f;
      }
    }
    if (n > 1) {
      factors.add(n);
    }
    return factors;
  }

  /** Distinct permutations of a multiset, in lexicographic order of the distinct items' indices. */
  private static List<List<Loop>> permutations(List<Loop> items) {
    List<Loop> distinct = items.stream().distinct().toList();
    int[] index = items.stream().mapToInt(distinct::indexOf).sorted().toArray();
    List<List<Loop>> result = new ArrayList<>();
    do {
      result.add(Arrays.stream(index).mapToObj(distinct::get).toList());
    } while (nextPermutation(index));
    return result;
  }

  private static boolean nextPermutation(int[] a) {
    int i = a.length - 2;
    while (i >= 0 && a[i] >= a[i + 1]) {
      i--;
    }
    if (i < 0) {
      return false;
    }
    int j = a.length - 1;
    while (a[j] <= a[i]) {
      j--;
    }
    int t = a[i];
    a[i] = a[j];
    a[j] = t;
    for (int l = i + 1, r = a.length - 1; l < r; l++, r--) {
      t = a[l];
      a[l] = a[r];
      a[r] = t;
    }
    return true;
  }
}
