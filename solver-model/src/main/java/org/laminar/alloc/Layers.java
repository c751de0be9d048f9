package org.laminar.alloc;

import static com.google.common.base.Preconditions.checkArgument;

import com.google.common.collect.ImmutableList;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.laminar.schedule.Schedule;
import org.laminar.schedule.ScheduledTile;
import org.laminar.schedule.SchedulingProblem;
import org.laminar.tiling.Tile;

/**
 * The layers of a problem as the search's moves see them: each layer's tiles, its channel parts
 * (tiles of one weight slice, which share their weights on a core) and the cores each part may run
 * on, and how long the layer ran in the start schedule (the scale of a priority shift).
 */
final class Layers {
  /**
   * One layer.
   *
   * @param tiles its tile ids, part by part
   * @param parts its channel parts: tile ids by weight slice
   * @param cores by part: the ids of the cores its first tile may run on (the problem's allowed cores)
   * @param spanCycles from its first tile's start to its last tile's end in the start schedule (cycles, at least 1)
   */
  record Layer(int[] tiles, List<int[]> parts, List<List<Integer>> cores, long spanCycles) {
    Layer {
      checkArgument(tiles.length > 0 && parts.size() == cores.size() && spanCycles >= 1, "malformed layer");
      parts = ImmutableList.copyOf(parts);
      cores = ImmutableList.copyOf(cores);
    }

    /** Whether some part may run on more than one core. */
    boolean movable() {
      return cores.stream().anyMatch(c -> c.size() > 1);
    }
  }

  private final List<Layer> all;
  private final List<Layer> movable;

  Layers(SchedulingProblem problem, Schedule start) {
    Map<Integer, Map<Integer, List<Integer>>> byLayer = new LinkedHashMap<>();
    for (Tile t : problem.graph().tiles()) {
      byLayer.computeIfAbsent(t.layer(), l -> new LinkedHashMap<>())
          .computeIfAbsent(t.weightSlice(), s -> new ArrayList<>()).add(t.id());
    }
    long[] first = new long[problem.graph().tiles().size()];
    long[] last = new long[first.length];
    for (ScheduledTile s : start.tiles()) {
      first[s.tile()] = s.start();
      last[s.tile()] = s.end();
    }
    List<Layer> layers = new ArrayList<>();
    for (Map<Integer, List<Integer>> slices : byLayer.values()) {
      List<int[]> parts = new ArrayList<>();
      List<List<Integer>> cores = new ArrayList<>();
      List<Integer> tiles = new ArrayList<>();
      long from = Long.MAX_VALUE;
      long to = 0;
      for (List<Integer> part : slices.values()) {
        parts.add(part.stream().mapToInt(Integer::intValue).toArray());
        cores.add(problem.allowedCores(problem.graph().tiles().get(part.get(0))));
        tiles.addAll(part);
        for (int t : part) {
          from = Math.min(from, first[t]);
          to = Math.max(to, last[t]);
        }
      }
      layers.add(new Layer(tiles.stream().mapToInt(Integer::intValue).toArray(), parts, cores,
          Math.max(1, to - from)));
    }
    this.all = ImmutableList.copyOf(layers);
    this.movable = all.stream().filter(Layer::movable).collect(ImmutableList.toImmutableList());
  }

  /** Every layer with tiles, in workload order. */
  List<Layer> all() {
    return all;
  }

  /** The layers with a part that may run on more than one core. */
  List<Layer> movable() {
    return movable;
  }
}
