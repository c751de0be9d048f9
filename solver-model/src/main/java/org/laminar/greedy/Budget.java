package org.laminar.greedy;

import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.laminar.hardware.MemoryInstance;
import org.laminar.tiling.Tile;
import org.laminar.workload.Operand;

/**
 * What one stage (tiles that may run at the same time) asks of each local memory: the weights of
 * every layer slice it runs on the memory's cores (unless the layer streams them), plus the largest
 * footprint of one of its tiles on each of those cores (a memory that several cores share holds
 * one running tile of each). When that fits every memory, list scheduling cannot get stuck:
 * everything else can be spilled.
 */
final class Budget {
  /** One weight slice of one layer on one core. */
  private record Slice(int core, int layer, int slice) {}

  private final Context cx;
  /** core → layer → bits of the distinct weight slices the stage runs there. */
  private final Map<Integer, Map<Integer, Long>> weights = new HashMap<>();
  /**
   * core → the largest footprint of one tile the stage runs on the core, in each of its memories by
   * position in {@link Context#memories} (bits).
   */
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
    int[] memories = cx.memories(core);
    long[] known = largestTile.get(core);
    long[] peak = known == null ? new long[memories.length] : known.clone();
    int[] peakTile = new int[memories.length];
    Arrays.fill(peakTile, -1);
    Set<Slice> seen = new HashSet<>();
    long[] bits = new long[memories.length];
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
      cx.footprint(t, core, bits);
      for (int m = 0; m < bits.length; m++) {
        if (bits[m] > peak[m]) {
          peak[m] = bits[m];
          peakTile[m] = t.id();
        }
      }
    }
    for (int i = 0; i < memories.length; i++) {
      int id = memories[i];
      MemoryInstance m = cx.memory(id);
      long weightBits = 0;
      long tileBits = 0;
      // A shared memory holds the weights and the largest tile of every core sharing it.
      for (int c : m.cores()) {
        Map<Integer, Long> byLayer = c == core ? w : weights.getOrDefault(c, Map.of());
        weightBits += cx.memoryId(c, Operand.W) == id ? resident(c, byLayer) : 0;
        tileBits += c == core ? peak[i] : largestOn(c, id);
      }
      if (weightBits + tileBits > m.sizeBits()) {
        return Optional.of(String.format("%s (%s bits) would hold %s bits of weights plus %s bits for %s",
            m.isShared() ? m.describe() : "core " + core + " memory '" + m.level().name() + "'", m.sizeBits(),
            weightBits, tileBits, peakTile[i] >= 0 ? "tile " + peakTile[i] : "its largest tile"));
      }
    }
    return Optional.empty();
  }

  /** Bits of the weights that stay on {@code core}: those of layers that do not stream theirs. */
  private long resident(int core, Map<Integer, Long> byLayer) {
    return byLayer.values().stream().filter(bits -> !cx.problem.streamsWeights(cx.core(core), bits))
        .mapToLong(Long::longValue).sum();
  }

  /** Records {@code tiles} as part of the stage on {@code core}. */
  void add(int core, Collection<Tile> tiles) {
    long[] peak = largestTile.computeIfAbsent(core, c -> new long[cx.memories(core).length]);
    long[] bits = new long[peak.length];
    Tile previous = null;
    for (Tile t : tiles) {
      if (!sameSlice(previous, t) && slices.add(new Slice(core, t.layer(), t.weightSlice()))) {
        weights.computeIfAbsent(core, c -> new HashMap<>()).merge(t.layer(), t.weightBits(), Long::sum);
      }
      previous = t;
      cx.footprint(t, core, bits);
      for (int m = 0; m < bits.length; m++) {
        peak[m] = Math.max(peak[m], bits[m]);
      }
    }
  }

  private static boolean sameSlice(Tile previous, Tile t) {
    return previous != null && previous.layer() == t.layer() && previous.weightSlice() == t.weightSlice();
  }

  /** Bits of the largest footprint in memory {@code id} of a tile the stage runs on {@code core}. */
  private long largestOn(int core, int id) {
    long[] peak = largestTile.get(core);
    int p = cx.position(core, id);
    return peak == null || p < 0 ? 0 : peak[p];
  }
}
