package org.laminar.greedy;

import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.laminar.hardware.MemoryLevel;
import org.laminar.tiling.Tile;
import org.laminar.workload.Operand;

/**
 * What one stage (tiles that may run at the same time) asks of each core's local memories: the
 * weights of every layer slice it runs there (unless the layer streams them), plus the largest
 * footprint of one of its tiles. When that fits every memory, list scheduling cannot get stuck:
 * everything else can be spilled.
 */
final class Budget {
  /** One weight slice of one layer on one core. */
  private record Slice(int core, int layer, int slice) {}

  private final Context cx;
  /** core → layer → bits of the distinct weight slices the stage runs there. */
  private final Map<Integer, Map<Integer, Long>> weights = new HashMap<>();
  /** core → the largest footprint of one tile in each of its memories, by {@link Context#memoryNames} (bits). */
  private final Map<Integer, long[]> largestTile = new HashMap<>();
  private final Set<Slice> slices = new HashSet<>();

  Budget(Context cx) {
    this.cx = cx;
  }

  /** An independent copy, to try an allocation without committing to it. */
  Budget copy() {
    Budget b = new Budget(cx);
    weights.forEach((core, m) -> b.weights.put(core, new HashMap<>(m)));
    largestTile.forEach((core, peak) -> b.largestTile.put(core, peak.clone()));
    b.slices.addAll(slices);
    return b;
  }

  /** Why {@code tiles} cannot join the stage on {@code core}; empty when they fit. */
  Optional<String> overflow(int core, Collection<Tile> tiles) {
    Map<Integer, Long> w = new HashMap<>(weights.getOrDefault(core, Map.of()));
    List<String> names = cx.memoryNames(core);
    long[] known = largestTile.get(core);
    long[] peak = known == null ? new long[names.size()] : known.clone();
    int[] peakTile = new int[names.size()];
    java.util.Arrays.fill(peakTile, -1);
    Set<Slice> seen = new HashSet<>();
    Tile previous = null;
    for (Tile t : tiles) {
      // The tiles of a group share their slice: a repeat of the previous one changes nothing.
      if (!sameSlice(previous, t)) {
        Slice slice = new Slice(core, t.layer(), t.weightSlice());
        if (!slices.contains(slice) && seen.add(slice)) {
          w.merge(t.layer(), t.weightBits(), Long::sum);
        }
      }
      previous = t;
      long[] bits = cx.footprint(t, core);
      for (int m = 0; m < bits.length; m++) {
        if (bits[m] > peak[m]) {
          peak[m] = bits[m];
          peakTile[m] = t.id();
        }
      }
    }
    String weightMemory = cx.level(core, Operand.W).name();
    for (MemoryLevel m : levels(core)) {
      int i = names.indexOf(m.name());
      long weightBits = m.name().equals(weightMemory) ? resident(core, w) : 0;
      long tileBits = peak[i];
      if (weightBits + tileBits > m.sizeBits()) {
        return Optional.of(String.format("core %s memory '%s' (%s bits) would hold %s bits of weights plus %s bits "
            + "for %s", core, m.name(), m.sizeBits(), weightBits, tileBits, peakTile[i] >= 0
            ? "tile " + peakTile[i] : "its largest tile"));
      }
    }
    return Optional.empty();
  }

  /** Bits of the weights that stay on {@code core}: those of layers that do not stream theirs. */
  private long resident(int core, Map<Integer, Long> byLayer) {
    return byLayer.values().stream().filter(bits -> !cx.problem.streamsWeights(cx.cores.get(core), bits))
        .mapToLong(Long::longValue).sum();
  }

  /** Records {@code tiles} as part of the stage on {@code core}. */
  void add(int core, Collection<Tile> tiles) {
    long[] peak = largestTile.computeIfAbsent(core, c -> new long[cx.memoryNames(core).size()]);
    Tile previous = null;
    for (Tile t : tiles) {
      if (!sameSlice(previous, t) && slices.add(new Slice(core, t.layer(), t.weightSlice()))) {
        weights.computeIfAbsent(core, c -> new HashMap<>()).merge(t.layer(), t.weightBits(), Long::sum);
      }
      previous = t;
      long[] bits = cx.footprint(t, core);
      for (int m = 0; m < bits.length; m++) {
        peak[m] = Math.max(peak[m], bits[m]);
      }
    }
  }

  private static boolean sameSlice(Tile previous, Tile t) {
    return previous != null && previous.layer() == t.layer() && previous.weightSlice() == t.weightSlice();
  }

  private Set<MemoryLevel> levels(int core) {
    Set<MemoryLevel> levels = new LinkedHashSet<>();
    for (Operand op : Operand.values()) {
      levels.add(cx.level(core, op));
    }
    return levels;
  }
}
