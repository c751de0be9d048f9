package org.laminar.tiling;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.laminar.hardware.Accelerator;
import org.laminar.hardware.Core;
import org.laminar.hardware.MemoryLevel;
import org.laminar.hardware.MemoryOperand;
import org.laminar.workload.Layer;
import org.laminar.workload.Workload;

/**
 * Which consecutive layers (in the workload's topological order) form fused stacks.
 *
 * <ul>
 *   <li>{@link All}: one stack with every layer;
 *   <li>{@link None}: every layer its own stack (layer-by-layer);
 *   <li>{@link Ranges}: explicit inclusive ranges of layer indices ({@code 0} = the first layer in
 *       topological order); layers outside every range are stacks of their own;
 *   <li>{@link Auto}: as Stream's fused mode, a stack grows layer by layer while the constant
 *       weights of its layers (bits) fit the on-chip weight memory of the cores its layers may use;
 *       a layer without weights always joins the current stack. A layer whose weights cannot stay
 *       resident (its share per core exceeds a single core's weight memory) is a stack of its own:
 *       fused into row bands it would stream its weights from DRAM once per band.
 * </ul>
 */
public sealed interface FusionPolicy {

  /** The stacks for {@code workload} whose layers are tiled as {@code layers} says. */
  List<FusedStack> stacks(Workload workload, Map<Integer, LayerTiling> layers);

  /** One stack with all layers. */
  record All() implements FusionPolicy {
    @Override
    public List<FusedStack> stacks(Workload workload, Map<Integer, LayerTiling> layers) {
      return List.of(new FusedStack(workload.layers().stream().map(Layer::id).toList()));
    }
  }

  /** Every layer its own stack. */
  record None() implements FusionPolicy {
    @Override
    public List<FusedStack> stacks(Workload workload, Map<Integer, LayerTiling> layers) {
      return workload.layers().stream().map(l -> new FusedStack(List.of(l.id()))).toList();
    }
  }

  /**
   * Explicit stacks.
   *
   * @param ranges inclusive {@code [first, last]} layer-index pairs, ascending and disjoint
   */
  record Ranges(List<List<Integer>> ranges) implements FusionPolicy {
    public Ranges {
      ranges = ranges.stream().map(List::copyOf).toList();
      int previousLast = -1;
      for (List<Integer> r : ranges) {
        checkArgument(r.size() == 2 && 0 <= r.get(0) && r.get(0) <= r.get(1),
            "fusion range %s must be first-last with 0 <= first <= last", r);
        checkArgument(r.get(0) > previousLast, "fusion ranges must be ascending and disjoint, got %s", ranges);
        previousLast = r.get(1);
      }
    }

    @Override
    public List<FusedStack> stacks(Workload workload, Map<Integer, LayerTiling> layers) {
      List<Layer> order = workload.layers();
      List<FusedStack> stacks = new ArrayList<>();
      int next = 0;
      for (List<Integer> r : ranges) {
        checkArgument(r.get(1) < order.size(), "fusion range %s-%s: workload %s has layers 0-%s only", r.get(0),
            r.get(1), workload.name(), order.size() - 1);
        for (; next < r.get(0); next++) {
          stacks.add(new FusedStack(List.of(order.get(next).id())));
        }
        stacks.add(new FusedStack(order.subList(r.get(0), r.get(1) + 1).stream().map(Layer::id).toList()));
        next = r.get(1) + 1;
      }
      for (; next < order.size(); next++) {
        stacks.add(new FusedStack(List.of(order.get(next).id())));
      }
      return stacks;
    }
  }

  /**
   * Stream-like automatic stacks.
   *
   * @param capacity the weight memory of a set of cores
   */
  record Auto(WeightCapacity capacity) implements FusionPolicy {
    public Auto {
      checkNotNull(capacity, "weight capacity is missing");
    }

    @Override
    public List<FusedStack> stacks(Workload workload, Map<Integer, LayerTiling> layers) {
      List<FusedStack> stacks = new ArrayList<>();
      List<Integer> current = new ArrayList<>();
      Set<Integer> cores = new LinkedHashSet<>();
      long weights = 0;
      boolean anyCore = false;
      for (Layer layer : workload.layers()) {
        List<Integer> allowed = layers.get(layer.id()).cores();
        if (!staysResident(layer, layers.get(layer.id()))) {
          if (!current.isEmpty()) {
            stacks.add(new FusedStack(current));
          }
          stacks.add(new FusedStack(List.of(layer.id())));
          current = new ArrayList<>();
          cores = new LinkedHashSet<>();
          anyCore = false;
          weights = 0;
          continue;
        }
        Set<Integer> grownCores = new LinkedHashSet<>(cores);
        grownCores.addAll(allowed);
        boolean grownAny = anyCore || allowed.isEmpty();
        long grownWeights = weights + layer.weightBits();
        // A layer without weights never makes the stack's weights fit less, so it always joins.
        if (!current.isEmpty() && layer.weightBits() > 0
            && grownWeights > capacity.bits(grownAny ? Set.of() : grownCores)) {
          stacks.add(new FusedStack(current));
          current = new ArrayList<>();
          grownCores = new LinkedHashSet<>(allowed);
          grownAny = allowed.isEmpty();
          grownWeights = layer.weightBits();
        }
        current.add(layer.id());
        cores = grownCores;
        anyCore = grownAny;
        weights = grownWeights;
      }
      if (!current.isEmpty()) {
        stacks.add(new FusedStack(current));
      }
      return stacks;
    }

    /**
     * Whether {@code layer}'s weights fit on chip: its channel parts spread over at most as many
     * cores as it may use, and the share of each must fit the weight memory of one core (the
     * smallest among the largest that many).
     */
    private boolean staysResident(Layer layer, LayerTiling tiling) {
      List<Long> memories = capacity.perCore(Set.copyOf(tiling.cores())).stream()
          .sorted(Comparator.reverseOrder()).toList();
      if (layer.weightBits() == 0 || memories.isEmpty()) {
        return true;
      }
      int parts = tiling.channels().partsFor(layer.size(Tiling.channelDim(layer)));
      int spread = Math.min(parts, memories.size());
      return (layer.weightBits() + spread - 1) / spread <= memories.get(spread - 1);
    }
  }

  /** The on-chip weight memory of a set of cores. */
  @FunctionalInterface
  interface WeightCapacity {
    /**
     * The on-chip memory available for constant weights on each of {@code cores} (bits, one entry
     * per core).
     *
     * @param cores core ids; empty means every core of the accelerator
     */
    List<Long> perCore(Set<Integer> cores);

    /** Bits of on-chip memory available for constant weights on {@code cores} together. */
    default long bits(Set<Integer> cores) {
      return perCore(cores).stream().mapToLong(Long::longValue).sum();
    }

    /**
     * The capacity of {@code accelerator}: each core's local memory for weights (operand
     * {@code I2}); a memory shared with activations counts whole.
     */
    static WeightCapacity of(Accelerator accelerator) {
      return cores -> accelerator.cores().stream()
          .filter(c -> cores.isEmpty() || cores.contains(c.id()))
          .map(WeightCapacity::weightMemoryBits)
          .toList();
    }

    private static long weightMemoryBits(Core core) {
      return core.localMemory(MemoryOperand.I2).map(MemoryLevel::sizeBits).orElse(0L);
    }
  }

  /**
   * Parses {@code all}, {@code none}, {@code auto} or ranges {@code a-b,c-d} (a single index
   * {@code a} is the range {@code a-a}).
   *
   * @param capacity used by {@code auto}
   * @throws IllegalArgumentException naming the text when it is none of these
   */
  static FusionPolicy parse(String text, WeightCapacity capacity) {
    String t = text.trim().toLowerCase(Locale.ROOT);
    switch (t) {
      case "all":
        return new All();
      case "none":
        return new None();
      case "auto":
        return new Auto(capacity);
      default:
        break;
    }
    List<List<Integer>> ranges = new ArrayList<>();
    for (String part : t.split(",")) {
      String[] ends = part.trim().split("-", -1);
      try {
        checkArgument(ends.length <= 2, "bad range");
        int first = Integer.parseInt(ends[0].trim());
        int last = ends.length == 2 ? Integer.parseInt(ends[1].trim()) : first;
        ranges.add(List.of(first, last));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(
            "fusion '" + text + "': expected all, none, auto or layer ranges like 0-3,5-7, got '" + part + "'", e);
      }
    }
    try {
      return new Ranges(ranges);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("fusion '" + text + "': " + e.getMessage(), e);
    }
  }
}
