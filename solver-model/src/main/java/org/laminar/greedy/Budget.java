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
   * By core index ({@link Context#coreIndex}): the bits of {@link #weights} on the core that stay
   * there ({@link #resident}), kept summed as layers grow rather than summed again on every ask.
   */
  private final long[] residentBits;
  /**
   * core → the largest footprint of one tile the stage runs on the core, in each of its memories by
   * position in {@link Context#memories} (bits).
   */
  private final Map<Integer, long[]> largestTile = new HashMap<>();
  private final Set<Slice> slices = new HashSet<>();
  /** Scratch of {@link #overflow}: the layers whose weights the asked tiles add, and the bits they add. */
  private int[] addedLayer = new int[4];
  private long[] addedBits = new long[4];

  Budget(Context cx) {
    this.cx = cx;
    this.residentBits = new long[cx.coreCount()];
  }

  /** An independent copy, to try an allocation without committing to it. */
  Budget copy() {
    Budget b = new Budget(cx);
    weights.forEach((core, m) -> b.weights.put(core, new HashMap<>(m)));
    System.arraycopy(residentBits, 0, b.residentBits, 0, residentBits.length);
    largestTile.forEach((core, peak) -> b.largestTile.put(core, peak.clone()));
    b.slices.addAll(slices);
    return b;
  }

  /** Why {@code tiles} cannot join the stage on {@code core}; empty when they fit. */
  Optional<String> overflow(int core, Collection<Tile> tiles) {
    int[] memories = cx.memories(core);
    long[] known = largestTile.get(core);
    long[] peak = known == null ? new long[memories.length] : known.clone();
    int[] peakTile = new int[memories.length];
    Arrays.fill(peakTile, -1);
    Set<Slice> seen = null;
    int added = 0;
    Tile previous = null;
    for (Tile t : tiles) {
      // The tiles of a group share their slice: a repeat of the previous one changes nothing.
      if (!sameSlice(previous, t)) {
        Slice slice = new Slice(core, t.layer(), t.weightSlice());
        if (!slices.contains(slice)) {
          if (seen == null) {
            seen = new HashSet<>();
          }
          if (seen.add(slice)) {
            added = addTo(added, t.layer(), t.weightBits());
          }
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
    // The weights resident on the core with the added slices: each grown layer's share replaced.
    Map<Integer, Long> byLayer = weights.getOrDefault(core, Map.of());
    long residentHere = residentBits[cx.coreIndex(core)];
    for (int a = 0; a < added; a++) {
      long before = byLayer.getOrDefault(addedLayer[a], 0L);
      residentHere += resident(core, before + addedBits[a]) - resident(core, before);
    }
    for (int i = 0; i < memories.length; i++) {
      int id = memories[i];
      MemoryInstance m = cx.memory(id);
      long weightBits = 0;
      long tileBits = 0;
      // A shared memory holds the weights and the largest tile of every core sharing it.
      for (int c : m.cores()) {
        weightBits += cx.memoryId(c, Operand.W) == id ? (c == core ? residentHere : residentBits[cx.coreIndex(c)]) : 0;
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

  /** Adds {@code bits} to {@code layer} among the first {@code added} scratch entries; returns their new count. */
  private int addTo(int added, int layer, long bits) {
    for (int a = 0; a < added; a++) {
      if (addedLayer[a] == layer) {
        addedBits[a] += bits;
        return added;
      }
    }
    if (added == addedLayer.length) {
      addedLayer = Arrays.copyOf(addedLayer, 2 * added);
      addedBits = Arrays.copyOf(addedBits, 2 * added);
    }
    addedLayer[added] = layer;
    addedBits[added] = bits;
    return added + 1;
  }

  /**
   * Bits of a layer's {@code layerBits} of weights on {@code core} that stay there: all of them,
   * unless the layer streams them (then none).
   */
  private long resident(int core, long layerBits) {
    return cx.problem.streamsWeights(cx.core(core), layerBits) ? 0 : layerBits;
  }

  /** Records {@code tiles} as part of the stage on {@code core}. */
  void add(int core, Collection<Tile> tiles) {
    long[] peak = largestTile.computeIfAbsent(core, c -> new long[cx.memories(core).length]);
    Tile previous = null;
    for (Tile t : tiles) {
      if (!sameSlice(previous, t) && slices.add(new Slice(core, t.layer(), t.weightSlice()))) {
        Map<Integer, Long> byLayer = weights.computeIfAbsent(core, c -> new HashMap<>());
        long before = byLayer.getOrDefault(t.layer(), 0L);
        byLayer.put(t.layer(), before + t.weightBits());
        residentBits[cx.coreIndex(core)] += resident(core, before + t.weightBits()) - resident(core, before);
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

  /** Bits of the largest footprint in memory {@code id} of a tile the stage runs on {@code core}. */
  private long largestOn(int core, int id) {
    long[] peak = largestTile.get(core);
    int p = cx.position(core, id);
    return peak == null || p < 0 ? 0 : peak[p];
  }
}
