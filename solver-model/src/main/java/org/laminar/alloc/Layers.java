package org.laminar.alloc;

import static com.google.common.base.Preconditions.checkArgument;

import com.google.common.collect.ImmutableList;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.laminar.schedule.Schedule;
import org.laminar.schedule.ScheduledTile;
import org.laminar.schedule.SchedulingProblem;
import org.laminar.tiling.Tile;

/**
 * The layers of a problem as the search's moves see them: each layer's tiles, its channel parts
 * (tiles of one weight slice, which share their weights on a core) and the cores each part may run
 * on, how long the layer ran in the start schedule (the scale of a priority shift), and its row
 * bands: the layers of one fused stack whose tiles cover the same output regions (rows and columns,
 * whatever their channels) are aligned, band by band.
 */
final class Layers {
  /**
   * One layer.
   *
   * @param tiles its tile ids, part by part
   * @param parts its channel parts: tile ids by weight slice
   * @param cores by part: the ids of the cores its first tile may run on (the problem's allowed cores)
   * @param spanCycles from its first tile's start to its last tile's end in the start schedule (cycles, at least 1)
   * @param bands by position in {@code tiles}: the index of the tile's output region (rows and
   *     columns) among the layer's, in order of first row, then first column
   * @param leaders by band: the id of the band's first tile in {@code tiles}
   */
  record Layer(int[] tiles, List<int[]> parts, List<List<Integer>> cores, long spanCycles, int[] bands,
      int[] leaders) {
    Layer {
      checkArgument(tiles.length > 0 && parts.size() == cores.size() && spanCycles >= 1
          && bands.length == tiles.length && leaders.length > 0, "malformed layer");
      parts = ImmutableList.copyOf(parts);
      cores = ImmutableList.copyOf(cores);
    }

    /** Whether some part may run on more than one core. */
    boolean movable() {
      return cores.stream().anyMatch(c -> c.size() > 1);
    }
  }

  /** The output region of a tile without its channels: what aligns the bands of two layers. */
  private record Band(int rowStart, int rowEnd, int columnStart, int columnEnd) implements Comparable<Band> {
    static Band of(Tile t) {
      return new Band(t.output().rowStart(), t.output().rowEnd(), t.output().columnStart(), t.output().columnEnd());
    }

    @Override
    public int compareTo(Band o) {
      return rowStart != o.rowStart ? Integer.compare(rowStart, o.rowStart)
          : Integer.compare(columnStart, o.columnStart);
    }
  }

  private final List<Layer> all;
  private final List<Layer> movable;
  /** The movable layers with at least one other layer aligned to them, and those layers. */
  private final Map<Layer, List<Layer>> aligned;

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
    Map<Layer, Object> alignment = new LinkedHashMap<>();
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
      List<Tile> of = tiles.stream().map(problem.graph().tiles()::get).toList();
      TreeMap<Band, Integer> regions = new TreeMap<>();
      for (Tile t : of) {
        regions.putIfAbsent(Band.of(t), t.id());
      }
      List<Band> order = List.copyOf(regions.keySet());
      int[] bands = of.stream().mapToInt(t -> Collections.binarySearch(order, Band.of(t))).toArray();
      Layer layer = new Layer(tiles.stream().mapToInt(Integer::intValue).toArray(), parts, cores,
          Math.max(1, to - from), bands, regions.values().stream().mapToInt(Integer::intValue).toArray());
      layers.add(layer);
      alignment.put(layer, List.of(of.get(0).stack(), order));
    }
    this.all = ImmutableList.copyOf(layers);
    this.movable = all.stream().filter(Layer::movable).collect(ImmutableList.toImmutableList());
    Map<Object, List<Layer>> byAlignment = new LinkedHashMap<>();
    alignment.forEach((layer, key) -> byAlignment.computeIfAbsent(key, k -> new ArrayList<>()).add(layer));
    Map<Layer, List<Layer>> partners = new LinkedHashMap<>();
    for (Layer layer : movable) {
      List<Layer> group = byAlignment.get(alignment.get(layer));
      if (group.size() > 1) {
        partners.put(layer, group.stream().filter(l -> l != layer).collect(ImmutableList.toImmutableList()));
      }
    }
    this.aligned = Collections.unmodifiableMap(partners);
  }

  /** Every layer with tiles, in workload order. */
  List<Layer> all() {
    return all;
  }

  /** The layers with a part that may run on more than one core. */
  List<Layer> movable() {
    return movable;
  }

  /**
   * The movable layers that share their fused stack and their output regions with other layers,
   * each with those layers (in workload order).
   */
  Map<Layer, List<Layer>> aligned() {
    return aligned;
  }
}
