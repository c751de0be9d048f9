package org.laminar.greedy;

import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
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
  private final Context cx;
  /** core → layer → bits of the distinct weight slices the stage runs there. */
  private final Map<Integer, Map<Integer, Long>> weights = new HashMap<>();
  private final Map<Integer, Map<String, Long>> largestTile = new HashMap<>();
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
    Map<String, Long> peak = new HashMap<>(largestTile.getOrDefault(core, Map.of()));
    Map<String, Integer> peakTile = new HashMap<>();
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
    String weightMemory = cx.level(core, Operand.W).name();
    for (MemoryLevel m : levels(core)) {
      long weightBits = m.name().equals(weightMemory) ? resident(core, w) : 0;
      long tileBits = peak.getOrDefault(m.name(), 0L);
      if (weightBits + tileBits > m.sizeBits()) {
        return Optional.of(String.format("core %s memory '%s' (%s bits) would hold %s bits of weights plus %s bits "
            + "for %s", core, m.name(), m.sizeBits(), weightBits, tileBits, peakTile.containsKey(m.name())
            ? "tile " + peakTile.get(m.name()) : "its largest tile"));
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
      Map<String, Long> peak = largestTile.computeIfAbsent(core, c -> new HashMap<>());
      cx.footprint(t, core).forEach((memory, bits) -> peak.merge(memory, bits, Math::max));
    }
  }

  private static String sliceKey(int core, Tile t) {
    return core + "/" + t.layer() + "/" + t.weightSlice();
  }

  private Set<MemoryLevel> levels(int core) {
    Set<MemoryLevel> levels = new LinkedHashSet<>();
    for (Operand op : Operand.values()) {
      levels.add(cx.level(core, op));
    }
    return levels;
  }
}
