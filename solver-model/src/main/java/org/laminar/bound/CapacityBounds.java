package org.laminar.bound;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.ToLongFunction;
import org.laminar.hardware.MemoryInstance;
import org.laminar.schedule.SchedulingProblem;
import org.laminar.tiling.Tile;
import org.laminar.tiling.TileGraph;
import org.laminar.workload.Operand;

/**
 * The latency bounds that use the capacity of the weight memories (cycles), valid for every
 * schedule the checker accepts; docs/EXACT.md ("Weight memory capacity") proves both.
 *
 * <ul>
 *   <li><b>re-load traffic</b>: every core that runs a tile of a weight slice receives that slice
 *       (in its layer's load onto the core, or in the tile's own stream). In a schedule of makespan
 *       C, the tiles of a slice with heads ≥ a and tails ≥ b lie in {@code [a, C − b]} on each core,
 *       so at least {@code ⌈their least durations / (C − a − b)⌉} cores run them, each receiving
 *       the slice. The bound is the least C that can carry the DRAM traffic with that many copies
 *       of every slice, in its traffic and in its DRAM windows (each copy a job of its own);
 *   <li><b>weight residency</b>: a loaded slice stays in its core's weight memory from its load's
 *       start until its last tile there ends. For a set of cores K and the slices loaded wherever
 *       they run and confined to K, the slices whose tiles cannot all have ended before cycle E are
 *       all unfinished at cycle E − 1; at most the capacity of K's weight memories of them is
 *       resident then, the rest (and at least one whole slice) is loaded from E on, one load after
 *       another on the read port, and the tiles of the last such load follow it.
 * </ul>
 */
final class CapacityBounds {
  private CapacityBounds() {}

  /**
   * The compulsory DRAM traffic when each slice (tile ids) that is not streamed wherever it runs is
   * read {@code copies} times (cycles): per layer the rounded-up sum of its slices' copies, every
   * tile's stream of a slice streamed wherever it runs, every network input and sink output; on one
   * port the sum of reads and writes, on two the larger.
   */
  static long traffic(SchedulingProblem problem, TileTimes times, ToLongFunction<List<Integer>> copies) {
    TileGraph graph = problem.graph();
    long reads = 0;
    long writes = 0;
    // Per layer, the copies share rounded-up movements: one ⌈Σ / bandwidth⌉ at least.
    Map<Integer, Long> onceBits = new TreeMap<>();
    for (List<Integer> slice : times.slices()) {
      Tile first = graph.tiles().get(slice.get(0));
      if (LatencyBounds.alwaysStreamed(problem, slice)) {
        reads += slice.size() * problem.dramCycles(first.weightBits(), true);
      } else {
        onceBits.merge(first.layer(), copies.applyAsLong(slice) * first.weightBits(), Long::sum);
      }
    }
    for (long bits : onceBits.values()) {
      reads += problem.dramCycles(bits, true);
    }
    for (Tile tile : graph.tiles()) {
      // A streamed input or output moves the same bits at least, while its tile runs.
      reads += problem.dramCycles(tile.dramInputBits(), true);
      if (times.isSink(tile.id())) {
        writes += problem.dramCycles(tile.outputBits(), false);
      }
    }
    return problem.accelerator().dram().sharedPort() ? reads + writes : Math.max(reads, writes);
  }

  /** The re-load traffic bound (cycles): the least makespan that carries its own forced copies. */
  static long reloadCycles(SchedulingProblem problem, TileTimes times) {
    List<SliceWindows> slices = new ArrayList<>();
    for (List<Integer> slice : times.slices()) {
      if (!LatencyBounds.alwaysStreamed(problem, slice)) {
        slices.add(new SliceWindows(problem, times, slice));
      }
    }
    // Copies only grow as C shrinks, so "C carries its traffic" holds from some C on: the bound.
    long low = Math.max(traffic(problem, times, s -> 1), LatencyBounds.dramWindows(problem, times, s -> 1));
    long high = Math.max(1, low);
    while (!carries(problem, times, slices, high)) {
      low = high + 1;
      high *= 2;
    }
    while (low < high) {
      long mid = low + (high - low) / 2;
      if (carries(problem, times, slices, mid)) {
        high = mid;
      } else {
        low = mid + 1;
      }
    }
    return high;
  }

  /**
   * Whether a schedule of {@code makespan} cycles can run every slice and carry the copies: their
   * traffic, and their DRAM windows (each copy a job of its own), fit the makespan.
   */
  private static boolean carries(SchedulingProblem problem, TileTimes times, List<SliceWindows> slices,
      long makespan) {
    Map<Integer, Long> copies = new HashMap<>();
    for (SliceWindows s : slices) {
      long cores = s.leastCores(makespan);
      if (cores > s.allowedCores) {
        return false;
      }
      copies.put(s.tiles.get(0), cores);
    }
    ToLongFunction<List<Integer>> read = s -> copies.get(s.get(0));
    return traffic(problem, times, read) <= makespan && LatencyBounds.dramWindows(problem, times, read) <= makespan;
  }

  /** The tiles of one slice by tail, longest first, with what the core count needs. */
  private static final class SliceWindows {
    private final List<Integer> tiles;
    private final long[] heads;
    private final long[] durations;
    private final long[] tails;
    private final long[] distinctHeads;
    private final int allowedCores;

    SliceWindows(SchedulingProblem problem, TileTimes times, List<Integer> slice) {
      tiles = slice;
      List<Integer> byTail = new ArrayList<>(slice);
      byTail.sort(Comparator.comparingLong((Integer t) -> times.tail(t)).reversed());
      heads = byTail.stream().mapToLong(times::head).toArray();
      durations = byTail.stream().mapToLong(times::duration).toArray();
      tails = byTail.stream().mapToLong(times::tail).toArray();
      distinctHeads = byTail.stream().mapToLong(times::head).distinct().toArray();
      Set<Integer> cores = new HashSet<>();
      slice.forEach(t -> cores.addAll(problem.allowedCores(problem.graph().tiles().get(t))));
      allowedCores = cores.size();
    }

    /**
     * The fewest cores that can run the tiles within {@code makespan} (cycles): over the heads a
     * and tails b, {@code ⌈Σ d of the tiles with h ≥ a, q ≥ b / (makespan − a − b)⌉}, at least 1;
     * {@link Long#MAX_VALUE} when some such window is empty.
     */
    long leastCores(long makespan) {
      long cores = 1;
      for (long a : distinctHeads) {
        long work = 0;
        for (int i = 0; i < tails.length; i++) {
          if (heads[i] >= a) {
            work += durations[i];
          }
          boolean lastOfTail = i + 1 == tails.length || tails[i + 1] != tails[i];
          if (lastOfTail && work > 0) {
            long window = makespan - a - tails[i];
            if (window <= 0) {
              return Long.MAX_VALUE;
            }
            cores = Math.max(cores, (work + window - 1) / window);
          }
        }
      }
      return cores;
    }
  }

  /** The weight-residency bound (cycles), over the core sets of {@link LatencyBounds#coreSets}. */
  static long residencyCycles(SchedulingProblem problem, TileTimes times) {
    TileGraph graph = problem.graph();
    // Per layer, the least d(t) + q(t) of its tiles: what follows the last load of its weights.
    Map<Integer, Long> leastAfterLoad = new HashMap<>();
    for (Tile t : graph.tiles()) {
      leastAfterLoad.merge(t.layer(), times.duration(t.id()) + times.tail(t.id()), Math::min);
    }
    long best = 0;
    for (Set<Integer> cores : LatencyBounds.coreSets(problem)) {
      Set<MemoryInstance> memories = new HashSet<>();
      cores.forEach(c -> memories.add(problem.memoryInstance(problem.accelerator().core(c), Operand.W)));
      long capacity = memories.stream().mapToLong(m -> m.level().sizeBits()).sum();
      // Each held slice as {earliest end of its last tile, bits, layer}.
      List<long[]> held = new ArrayList<>();
      for (List<Integer> slice : times.slices()) {
        boolean confined = slice.stream().allMatch(t -> times.surelyLoaded(t)
            && cores.containsAll(problem.allowedCores(graph.tiles().get(t))));
        if (confined) {
          Tile first = graph.tiles().get(slice.get(0));
          long finish = slice.stream().mapToLong(times::finish).max().orElseThrow();
          held.add(new long[] {finish, first.weightBits(), first.layer()});
        }
      }
      held.sort((x, y) -> Long.compare(y[0], x[0]));
      long bits = 0;
      long smallest = Long.MAX_VALUE;
      long after = Long.MAX_VALUE;
      for (int i = 0; i < held.size(); i++) {
        bits += held.get(i)[1];
        smallest = Math.min(smallest, held.get(i)[1]);
        after = Math.min(after, leastAfterLoad.get((int) held.get(i)[2]));
        boolean lastOfFinish = i + 1 == held.size() || held.get(i + 1)[0] != held.get(i)[0];
        if (lastOfFinish && bits > capacity) {
          // At least one whole load, holding one of these slices, starts at or after the finish.
          long late = Math.max(bits - capacity, smallest);
          best = Math.max(best, held.get(i)[0] + problem.dramCycles(late, true) + after);
        }
      }
    }
    return best;
  }
}
