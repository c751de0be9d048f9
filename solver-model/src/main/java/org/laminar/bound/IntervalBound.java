package org.laminar.bound;

import java.util.List;
import java.util.Set;
import org.laminar.schedule.SchedulingProblem;
import org.laminar.tiling.Tile;
import org.laminar.tiling.TileGraph;

/**
 * Lower bounds on the initiation interval II of every steady-state schedule of a batch of a
 * problem ({@link org.laminar.check.SteadyState}), from the resources one iteration keeps busy
 * (cycles). In a steady state the pattern of iterations can repeat for ever, and any II
 * consecutive cycles of it then hold exactly one iteration's occupation of every resource. So a
 * resource's busy cycles per iteration, divided by how many units of it there are, bound II:
 *
 * <ul>
 *   <li><b>cores</b>: for each set K of {@link LatencyBounds#coreSets}, the tiles confined to K
 *       (allowed cores ⊆ K), each for its least duration ({@link TileTimes#duration}):
 *       {@code II ≥ ⌈Σ d(t) / |K|⌉};
 *   <li><b>DRAM</b>: every iteration loads its network input and stores its sink outputs, and
 *       streams, tile by tile, every weight slice that exceeds the weight memory of every core it
 *       may use: on one shared port their sum, on a read and a write port the larger side. Weight
 *       loads are not counted: the weights are loaded once for the whole batch.</li>
 * </ul>
 *
 * <p>Recurrences (dependences from one iteration to a later one) would bound II too, by a cycle's
 * length over its iteration distance; a batch of inferences has none (weights are constant, no
 * state is carried between inferences), so none is counted.
 *
 * @param coreCycles the core bound (cycles)
 * @param dramCycles the DRAM bound (cycles)
 */
public record IntervalBound(long coreCycles, long dramCycles) {

  /** The best of the bounds (cycles, at least 1). */
  public long bestCycles() {
    return Math.max(1, Math.max(coreCycles, dramCycles));
  }

  /** The bounds of a batch of {@code single}, the problem of one inference. */
  public static IntervalBound of(SchedulingProblem single) {
    TileTimes times = TileTimes.of(single);
    long cores = 0;
    for (Set<Integer> set : LatencyBounds.coreSets(single)) {
      long work = 0;
      for (Tile t : single.graph().tiles()) {
        if (set.containsAll(single.allowedCores(t))) {
          work += times.duration(t.id());
        }
      }
      cores = Math.max(cores, (work + set.size() - 1) / set.size());
    }
    TileGraph graph = single.graph();
    long reads = 0;
    long writes = 0;
    for (List<Integer> slice : times.slices()) {
      if (LatencyBounds.alwaysStreamed(single, slice)) {
        reads += slice.size() * single.dramCycles(graph.tiles().get(slice.get(0)).weightBits(), true);
      }
    }
    for (Tile tile : graph.tiles()) {
      reads += times.inputMayStream(tile.id()) ? 0 : single.dramCycles(tile.dramInputBits(), true);
      if (graph.isSink(tile) && !times.outputMayStream(tile.id())) {
        writes += single.dramCycles(tile.outputBits(), false);
      }
    }
    long dram = single.accelerator().dram().sharedPort() ? reads + writes : Math.max(reads, writes);
    return new IntervalBound(cores, dram);
  }
}
