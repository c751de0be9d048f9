package org.laminar.greedy;

import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
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
  private final Context cx;
  /** core → layer → bits of the distinct weight slices the stage runs there. */
  private final Map<Integer, Map<Integer, Long>> weights = new HashMap<>();
  /** core → memory → bits of the largest footprint there of one tile the stage runs on the core. */
  private final Map<Integer, Map<MemoryInstance, Long>> largestTile = new HashMap<>();
  private final Set<String> slices = new HashSet<>();

  Budget(Context cx) {
    this.cx = cx;
  }

  /** An independent copy, to try an allocation without committing to it. */
  Budget copy() {
    Budget b = new Budget(cx);
    weights.forEach((core, m) -> b.weights.put(core, new HashMap<>(m)));
    largestTile.forEach((core, m) -> b.largestTile.put(core, new HashMap<>(m)));
    b.slices.addAll(slices);
    return b;
  }

  /** Why {@code tiles} cannot join the stage on {@code core}; empty when they fit. */
  Optional<String> overflow(int core, Collection<Tile> tiles) {
    Map<Integer, Long> w = new HashMap<>(weights.getOrDefault(core, Map.of()));
    Map<MemoryInstance, Long> peak = new HashMap<>(largestTile.getOrDefault(core, Map.of()));
    Map<MemoryInstance, Integer> peakTile = new HashMap<>();
    Set<String> seen = new HashSet<>();
    for (Tile t : tiles) {
      String slice = sliceKey(core, t);
      if (!slices.contains(slice) && seen.add(slice)) {
        w.merge(t.layer(), t.weightBits(), Long::sum);
      }
      cx.footprint(t, core).forEach((memory, bits) -> {
        if (bits > peak.getOrDefault(memory, 0L)) {
          peak.put(memory, bits);
          peakTile.put(memory, t.id());
        }
      });
    }
    for (MemoryInstance m : memories(core)) {
      long weightBits = 0;
      long tileBits = 0;
      for (int c : m.cores()) {
        Map<Integer, Long> byLayer = c == core ? w : weights.getOrDefault(c, Map.of());
        weightBits += cx.key(c, Operand.W).equals(m) ? resident(c, byLayer) : 0;
        tileBits += (c == core ? peak : largestTile.getOrDefault(c, Map.of())).getOrDefault(m, 0L);
      }
      if (weightBits + tileBits > m.sizeBits()) {
        return Optional.of(String.format("%s (%s bits) would hold %s bits of weights plus %s bits for %s",
            m.isShared() ? m.describe() : "core " + core + " memory '" + m.level().name() + "'", m.sizeBits(),
            weightBits, tileBits, peakTile.containsKey(m) ? "tile " + peakTile.get(m) : "its largest tile"));
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
    for (Tile t : tiles) {
      if (slices.add(sliceKey(core, t))) {
        weights.computeIfAbsent(core, c -> new HashMap<>()).merge(t.layer(), t.weightBits(), Long::sum);
      }
      Map<MemoryInstance, Long> peak = largestTile.computeIfAbsent(core, c -> new HashMap<>());
      cx.footprint(t, core).forEach((memory, bits) -> peak.merge(memory, bits, Math::max));
    }
  }

  private static String sliceKey(int core, Tile t) {
    return core + "/" + t.layer() + "/" + t.weightSlice();
  }

  private Set<MemoryInstance> memories(int core) {
    Set<MemoryInstance> memories = new LinkedHashSet<>();
    for (Operand op : Operand.values()) {
      memories.add(cx.key(core, op));
    }
    return memories;
  }
}
