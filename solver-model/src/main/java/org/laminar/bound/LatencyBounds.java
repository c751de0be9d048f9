package org.laminar.bound;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.laminar.schedule.SchedulingProblem;
import org.laminar.tiling.Tile;
import org.laminar.tiling.TileEdge;
import org.laminar.tiling.TileGraph;
import org.laminar.workload.Layer;

/**
 * Analytical lower bounds on the latency of every schedule of a {@link SchedulingProblem} that the
 * checker accepts (cycles). Each relaxes all rules but one kind of resource or chain:
 *
 * <ul>
 *   <li><b>critical path</b>: the longest chain of tile edges, each tile on its fastest allowed
 *       core and without transfers (its ends may share a core). A tile waits for its network-input
 *       load and, when its layer's weights fit the weight memory of every core it may use, for the
 *       load of its weight slice, both on the DRAM read port; otherwise its weights may be
 *       streamed while it runs, and it lasts at least their read. A sink tile is followed by the
 *       store of its output;
 *   <li><b>work</b>: every tile's cycles on its fastest allowed core, summed and spread over all
 *       cores its tiles may use;
 *   <li><b>DRAM</b>: the movements that any valid schedule makes — each layer's distinct weight
 *       slices loaded at least once, every network input loaded, every sink output stored — at the
 *       DRAM's bandwidth, on one port or on a read and a write port.
 * </ul>
 *
 * @param criticalPathCycles the critical-path bound (cycles)
 * @param workCycles the work bound (cycles)
 * @param dramCycles the DRAM bound (cycles)
 */
public record LatencyBounds(long criticalPathCycles, long workCycles, long dramCycles) {

  /** The best (largest) of the three bounds (cycles). */
  public long bestCycles() {
    return Math.max(criticalPathCycles, Math.max(workCycles, dramCycles));
  }

  /** Computes the three bounds of {@code problem}. */
  public static LatencyBounds of(SchedulingProblem problem) {
    TileGraph graph = problem.graph();
    long[] fastest = new long[graph.tiles().size()];
    for (Tile tile : graph.tiles()) {
      fastest[tile.id()] = problem.allowedCores(tile).stream()
          .mapToLong(c -> problem.cost(tile, problem.accelerator().core(c)).cycles()).min().orElseThrow();
    }
    Map<Integer, Long> layerWeights = new HashMap<>();
    for (Layer layer : graph.workload().layers()) {
      layerWeights.put(layer.id(), SchedulingProblem.weightBits(graph.tilesOf(layer.id())));
    }
    return new LatencyBounds(criticalPath(problem, fastest, layerWeights), work(problem, fastest),
        dram(problem, layerWeights));
  }

  private static long criticalPath(SchedulingProblem problem, long[] fastest, Map<Integer, Long> layerWeights) {
    TileGraph graph = problem.graph();
    List<List<TileEdge>> incoming = graph.incoming();
    long[] finish = new long[fastest.length];
    long longest = 0;
    for (Tile tile : graph.tiles()) {
      boolean loaded = problem.allowedCores(tile).stream().noneMatch(c -> problem.streamsWeights(
          problem.accelerator().core(c), layerWeights.get(tile.layer())));
      long weights = problem.dramCycles(tile.weightBits(), true);
      long start = problem.dramCycles(tile.dramInputBits(), true) + (loaded ? weights : 0);
      for (TileEdge e : incoming.get(tile.id())) {
        start = Math.max(start, finish[e.producer()]);
      }
      finish[tile.id()] = start + (loaded ? fastest[tile.id()] : Math.max(fastest[tile.id()], weights));
      long tail = graph.isSink(tile) ? problem.dramCycles(tile.outputBits(), false) : 0;
      longest = Math.max(longest, finish[tile.id()] + tail);
    }
    return longest;
  }

  private static long work(SchedulingProblem problem, long[] fastest) {
    Set<Integer> cores = new HashSet<>();
    problem.graph().tiles().forEach(t -> cores.addAll(problem.allowedCores(t)));
    long total = 0;
    for (long cycles : fastest) {
      total += cycles;
    }
    return (total + cores.size() - 1) / cores.size();
  }

  private static long dram(SchedulingProblem problem, Map<Integer, Long> layerWeights) {
    TileGraph graph = problem.graph();
    long reads = 0;
    long writes = 0;
    for (long bits : layerWeights.values()) {
      reads += problem.dramCycles(bits, true);
    }
    for (Tile tile : graph.tiles()) {
      reads += problem.dramCycles(tile.dramInputBits(), true);
      if (graph.isSink(tile)) {
        writes += problem.dramCycles(tile.outputBits(), false);
      }
    }
    return problem.accelerator().dram().sharedPort() ? reads + writes : Math.max(reads, writes);
  }
}
