package org.laminar.bound;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.laminar.hardware.Core;
import org.laminar.schedule.SchedulingProblem;
import org.laminar.tiling.Tile;
import org.laminar.tiling.TileEdge;
import org.laminar.tiling.TileGraph;
import org.laminar.workload.Operand;

/**
 * The pinned-layer bound (cycles), valid for every schedule the checker accepts; docs/EXACT.md
 * ("The pinned-layer bound") proves it.
 *
 * <p>A layer is <b>pinned</b> to core c when its weights fit c's weight memory and every other core
 * its tiles may use is too small for a tile's own slice: a tile elsewhere streams its slice, and
 * (every slice having two tiles or more) the layer then moves one slice more than the DRAM-traffic
 * bound counts. So a schedule either puts some pinnable layer off its core, and lasts at least the
 * traffic with that extra slice, or runs every pinnable layer on its core, one tile after another,
 * after the layer's load there. In the second case the DRAM port cannot carry, while the layer's
 * tiles run, the reads that end before its first tile (the layer's load, one movement of each
 * slice every tile of the layer descends from, the input loads of their common ancestors), the
 * movements that start after its last tile (the weight streams of common descendants, their
 * stores), nor the load of another layer pinned to c whose weights do not fit c's memory together
 * with the layer's. So the makespan is at least those movements plus the layer's cycles on c.
 */
final class PinnedLayerBound {
  private PinnedLayerBound() {}

  /** A layer pinned to {@code core}: its tiles, its weight bits, and the traffic when it is not there. */
  private record Pinned(int layer, int core, List<Integer> tiles, long weightBits, long offCore) {}

  /** The bound (cycles); 0 when no layer is pinned. */
  static long cycles(SchedulingProblem problem, TileTimes times) {
    List<Pinned> pinned = pinned(problem, times);
    if (pinned.isEmpty()) {
      return 0;
    }
    long offCore = pinned.stream().mapToLong(Pinned::offCore).min().orElseThrow();
    long onCore = 0;
    long size = problem.graph().tiles().size() + problem.graph().edges().size();
    Order order = new Order(times, problem.graph().incoming(), problem.graph().outgoing());
    for (Pinned p : pinned) {
      // Each tile's ancestors and descendants cost O(tiles + edges): layers of many tiles in large
      // graphs are left out (fsrcnn-depfin line by line: 22 s for a bound below the work bound).
      if (p.tiles().size() * size <= TileTimes.QUEUE_BUDGET) {
        onCore = Math.max(onCore, aroundLayer(problem, times, p, pinned, order));
      }
    }
    return Math.min(offCore, onCore);
  }

  /**
   * The layers pinned to one core. A layer whose tiles all have that single allowed core is pinned
   * in every schedule ({@code offCore} unbounded); otherwise {@code offCore} is the least DRAM
   * traffic of a schedule that runs one of its tiles elsewhere: one slice more (cycles).
   */
  private static List<Pinned> pinned(SchedulingProblem problem, TileTimes times) {
    TileGraph graph = problem.graph();
    Map<Integer, List<List<Integer>>> slicesOfLayer = new LinkedHashMap<>();
    for (List<Integer> slice : times.slices()) {
      slicesOfLayer.computeIfAbsent(graph.tiles().get(slice.get(0)).layer(), k -> new ArrayList<>()).add(slice);
    }
    List<Pinned> result = new ArrayList<>();
    slicesOfLayer.forEach((layer, slices) -> {
      List<Tile> tiles = graph.tilesOf(layer);
      long bits = SchedulingProblem.weightBits(tiles);
      for (int c : problem.allowedCores(tiles.get(0))) {
        if (problem.streamsWeights(problem.accelerator().core(c), bits)
            || !tiles.stream().allMatch(t -> pinnedTo(problem, t, c))) {
          continue;
        }
        boolean alone = tiles.stream().allMatch(t -> problem.allowedCores(t).size() == 1);
        // A slice of one tile may stream elsewhere in its only movement: no extra traffic.
        boolean extra = slices.stream().allMatch(sl -> sl.size() >= 2);
        if (alone || extra) {
          long offCore = alone ? Long.MAX_VALUE : slices.stream()
              .mapToLong(sl -> CapacityBounds.traffic(problem, times, s -> s.equals(sl) ? 2 : 1)).min().orElseThrow();
          result.add(new Pinned(layer, c, tiles.stream().map(Tile::id).toList(), bits, offCore));
        }
      }
    });
    return result;
  }

  /** Whether {@code tile} may use core {@code c} and streams its own slice on every other allowed core. */
  private static boolean pinnedTo(SchedulingProblem problem, Tile tile, int c) {
    return problem.allowedCores(tile).contains(c) && problem.allowedCores(tile).stream().filter(o -> o != c)
        .allMatch(o -> problem.streamsWeights(problem.accelerator().core(o), tile.weightBits()));
  }

  /**
   * The makespan when every pinned layer runs on its core (cycles): the movements before the first
   * tile of {@code p}, its tiles' cycles on its core one after another, and the movements after
   * its last tile or outside its weights' residency, on one DRAM port (or the larger of the read
   * and write sides on two).
   */
  private static long aroundLayer(SchedulingProblem problem, TileTimes times, Pinned p, List<Pinned> pinned,
      Order order) {
    TileGraph graph = problem.graph();
    Core core = problem.accelerator().core(p.core());
    List<BitSet> ups = new ArrayList<>();
    BitSet descendants = null;
    long span = 0;
    for (int g : p.tiles()) {
      ups.add(order.ancestors(g));
      BitSet down = order.descendants(g);
      if (descendants == null) {
        descendants = down;
      } else {
        descendants.and(down);
      }
      Tile tile = graph.tiles().get(g);
      // The least over the ways the tile may run there (under --stream choose, on chip or streamed).
      span += problem.activationModes(tile, core).stream()
          .mapToLong(streamed -> problem.tileCycles(tile, core, false, streamed)).min().orElseThrow();
    }
    BitSet ancestors = (BitSet) ups.get(0).clone();
    ups.forEach(ancestors::and);
    // Reads before the first tile: p's load; per other layer, one movement of each slice that every
    // tile of p descends from (its loads carry each such slice once: the rounded-up sum per layer);
    // the input loads of the common ancestors. The streams of common ancestors and descendants.
    long reads = problem.dramCycles(p.weightBits(), true);
    long writes = 0;
    // The first tile's own input load ends before it starts, the last one's store starts after it ends.
    long firstInput = Long.MAX_VALUE;
    long lastStore = Long.MAX_VALUE;
    for (int g : p.tiles()) {
      Tile tile = graph.tiles().get(g);
      firstInput = Math.min(firstInput, times.inputMayStream(g) ? 0 : problem.dramCycles(tile.dramInputBits(), true));
      lastStore = Math.min(lastStore, times.isSink(g) && !times.outputMayStream(g)
          ? problem.dramCycles(tile.outputBits(), false) : 0);
    }
    reads += firstInput;
    writes += lastStore;
    Map<Integer, Long> before = new HashMap<>();
    for (List<Integer> slice : times.slices()) {
      Tile first = graph.tiles().get(slice.get(0));
      boolean streamed = LatencyBounds.alwaysStreamed(problem, slice);
      if (!streamed && first.layer() != p.layer()
          && ups.stream().allMatch(up -> slice.stream().anyMatch(up::get))) {
        before.merge(first.layer(), first.weightBits(), Long::sum);
      }
      for (int t : slice) {
        reads += streamed && (ancestors.get(t) || descendants.get(t)) ? problem.dramCycles(first.weightBits(), true) : 0;
      }
    }
    for (long bits : before.values()) {
      reads += problem.dramCycles(bits, true);
    }
    for (Tile tile : graph.tiles()) {
      int t = tile.id();
      reads += ancestors.get(t) && !times.inputMayStream(t) ? problem.dramCycles(tile.dramInputBits(), true) : 0;
      writes += descendants.get(t) && times.isSink(t) && !times.outputMayStream(t)
          ? problem.dramCycles(tile.outputBits(), false) : 0;
    }
    // The loads of other layers pinned to the same core whose weights do not fit its memory
    // together with p's: they lie outside p's residency there.
    long memory = problem.memoryInstance(core, Operand.W).level().sizeBits();
    for (Pinned other : pinned) {
      if (other.core() == p.core() && other.layer() != p.layer() && !before.containsKey(other.layer())
          && other.weightBits() + p.weightBits() > memory) {
        reads += problem.dramCycles(other.weightBits(), true);
      }
    }
    return problem.accelerator().dram().sharedPort() ? reads + span + writes : span + Math.max(reads, writes);
  }

  /**
   * The edges that order their tiles (the consumer starts after the producer ends: {@link
   * TileTimes#orders}), and the strict ancestors and descendants over them. Tile ids are a
   * topological order, so one pass in id order finds them.
   */
  private record Order(TileTimes times, List<List<TileEdge>> incoming, List<List<TileEdge>> outgoing) {
    BitSet ancestors(int tile) {
      BitSet marked = new BitSet(incoming.size());
      marked.set(tile);
      for (int t = tile; t >= 0; t--) {
        if (marked.get(t)) {
          incoming.get(t).stream().filter(times::orders).forEach(e -> marked.set(e.producer()));
        }
      }
      marked.clear(tile);
      return marked;
    }

    BitSet descendants(int tile) {
      BitSet marked = new BitSet(outgoing.size());
      marked.set(tile);
      for (int t = tile; t < outgoing.size(); t++) {
        if (marked.get(t)) {
          outgoing.get(t).stream().filter(times::orders).forEach(e -> marked.set(e.consumer()));
        }
      }
      marked.clear(tile);
      return marked;
    }
  }
}
