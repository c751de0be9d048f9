package org.laminar.bound;

import com.google.common.collect.ImmutableMap;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.ToLongFunction;
import org.laminar.schedule.SchedulingProblem;
import org.laminar.tiling.Tile;
import org.laminar.tiling.TileGraph;

/**
 * Analytical lower bounds on the latency of every schedule of a {@link SchedulingProblem} that the
 * checker accepts (cycles), each a relaxation to one kind of resource or chain; the heads, tails
 * and least durations they use are {@link TileTimes}'. docs/EXACT.md ("Lower bounds") proves each.
 *
 * <ul>
 *   <li><b>critical path</b>: the longest chain of tile edges, each tile in its least duration
 *       after its network-input load and (when surely loaded) the load of its weight slice on the
 *       DRAM read port, each edge between tiles that share no allowed core taking its least
 *       transfer, a sink tile followed by the store of its output;
 *   <li><b>work</b>: every tile's least duration, summed and spread over all cores its tiles may
 *       use;
 *   <li><b>DRAM traffic</b>: the movements every valid schedule makes — each distinct weight slice
 *       read at least once (once per tile when the slice exceeds the weight memory of every core
 *       it may use, so that it is streamed wherever it runs), every network input loaded, every
 *       sink output stored (or streamed, which moves the same bits) — at the DRAM's
 *       bandwidth, on one port or on a read and a write port;
 *   <li><b>core windows</b>: for each set of cores that some tiles are confined to, the
 *       {@link Windows window bound} of those tiles with their heads, least durations and tails on
 *       that many cores (Jackson's preemptive bound for a single core);
 *   <li><b>DRAM windows</b>: Jackson's preemptive bound on each DRAM port, the compulsory
 *       movements being jobs with the heads and tails of the tiles they serve;
 *   <li><b>re-load traffic</b> and <b>weight residency</b>: the bounds of {@link CapacityBounds}
 *       that use the capacity of the weight memories;
 *   <li><b>pinned layer</b>: the bound of {@link PinnedLayerBound}: a layer that only one core can
 *       hold runs there one tile after another, while the DRAM port carries none of the movements
 *       that must come before its first tile or after its last;
 *   <li><b>relaxation</b>: the proven bound of CP-SAT on a relaxation of the whole problem
 *       ({@link RelaxationBound}), 0 unless {@link #withRelaxation} added it;
 *   <li><b>assignment</b>: the proven bound of CP-SAT on the aggregated assignment relaxation
 *       ({@link AssignmentBound}), 0 unless {@link #withRelaxation} added it.
 * </ul>
 *
 * @param criticalPathCycles the critical-path bound (cycles)
 * @param workCycles the work bound (cycles)
 * @param dramCycles the DRAM-traffic bound (cycles)
 * @param coreWindowCycles the core-window bound (cycles)
 * @param dramWindowCycles the DRAM-window bound (cycles)
 * @param reloadCycles the re-load-traffic bound of {@link CapacityBounds} (cycles)
 * @param residencyCycles the weight-residency bound of {@link CapacityBounds} (cycles)
 * @param pinnedCycles the pinned-layer bound of {@link PinnedLayerBound} (cycles), 0 when no layer is pinned
 * @param relaxationCycles the relaxation bound (cycles), 0 when it was not computed
 * @param assignmentCycles the assignment bound (cycles), 0 when it was not computed
 */
public record LatencyBounds(long criticalPathCycles, long workCycles, long dramCycles, long coreWindowCycles,
    long dramWindowCycles, long reloadCycles, long residencyCycles, long pinnedCycles, long relaxationCycles,
    long assignmentCycles) {

  /** The analytical bounds alone, without the relaxation. */
  public LatencyBounds(long criticalPathCycles, long workCycles, long dramCycles, long coreWindowCycles,
      long dramWindowCycles, long reloadCycles, long residencyCycles, long pinnedCycles) {
    this(criticalPathCycles, workCycles, dramCycles, coreWindowCycles, dramWindowCycles, reloadCycles,
        residencyCycles, pinnedCycles, 0, 0);
  }

  /** Allowed-core sets up to this many are also combined in every union for the core windows. */
  private static final int UNION_LIMIT = 4;

  /** The best (largest) of the bounds (cycles): the one schedulers and reports use. */
  public long bestCycles() {
    return named().values().stream().mapToLong(Long::longValue).max().orElse(0);
  }

  /**
   * Each bound by its name in reports ({@code critical_path}, {@code work}, {@code dram},
   * {@code core_windows}, {@code dram_windows}, {@code reload}, {@code residency}, {@code pinned},
   * {@code relaxation}, {@code assignment}), in that order (cycles).
   */
  public Map<String, Long> named() {
    return ImmutableMap.of("critical_path", criticalPathCycles, "work", workCycles, "dram", dramCycles,
        "core_windows", coreWindowCycles, "dram_windows", dramWindowCycles, "reload", reloadCycles,
        "residency", residencyCycles, "pinned", pinnedCycles, "relaxation", relaxationCycles,
        "assignment", assignmentCycles);
  }

  /**
   * These bounds with the {@link AssignmentBound} and then the {@link RelaxationBound} of {@code
   * problem} (whose bounds these are), each searched within half of {@code settings}' limits from
   * the best bound known before it; a bound that gives none stays 0.
   */
  public LatencyBounds withRelaxation(SchedulingProblem problem, RelaxationBound.Settings settings) {
    TileTimes times = TileTimes.of(problem);
    RelaxationBound.Settings half = settings.share(0.5);
    long assignment = AssignmentBound.of(problem, times, bestCycles(), half).orElse(0);
    long relaxation = RelaxationBound.of(problem, times, Math.max(bestCycles(), assignment), half).orElse(0);
    return new LatencyBounds(criticalPathCycles, workCycles, dramCycles, coreWindowCycles, dramWindowCycles,
        reloadCycles, residencyCycles, pinnedCycles, relaxation, assignment);
  }

  /** Computes the bounds of {@code problem}. */
  public static LatencyBounds of(SchedulingProblem problem) {
    TileTimes times = TileTimes.of(problem);
    return new LatencyBounds(times.criticalPath(), work(problem, times), CapacityBounds.traffic(problem, times, s -> 1),
        coreWindows(problem, times), dramWindows(problem, times, s -> 1), CapacityBounds.reloadCycles(problem, times),
        CapacityBounds.residencyCycles(problem, times), PinnedLayerBound.cycles(problem, times));
  }

  private static long work(SchedulingProblem problem, TileTimes times) {
    Set<Integer> cores = new HashSet<>();
    problem.graph().tiles().forEach(t -> cores.addAll(problem.allowedCores(t)));
    long total = 0;
    for (Tile t : problem.graph().tiles()) {
      total += times.duration(t.id());
    }
    return (total + cores.size() - 1) / cores.size();
  }

  /**
   * Whether every tile of a weight slice (tile ids) streams it wherever it runs: the slice alone
   * exceeds the weight memory of every core those tiles may use.
   */
  static boolean alwaysStreamed(SchedulingProblem problem, List<Integer> slice) {
    Tile first = problem.graph().tiles().get(slice.get(0));
    return slice.stream().allMatch(t -> problem.allowedCores(problem.graph().tiles().get(t)).stream()
        .allMatch(c -> problem.streamsWeights(problem.accelerator().core(c), first.weightBits())));
  }

  private static long coreWindows(SchedulingProblem problem, TileTimes times) {
    long best = 0;
    for (Set<Integer> cores : coreSets(problem)) {
      List<Windows.Job> jobs = new ArrayList<>();
      for (Tile t : problem.graph().tiles()) {
        if (cores.containsAll(problem.allowedCores(t))) {
          jobs.add(new Windows.Job(times.head(t.id()), times.duration(t.id()), times.tail(t.id())));
        }
      }
      best = Math.max(best, Windows.bound(jobs, cores.size()));
    }
    return best;
  }

  /**
   * The sets of cores that bounds spread work over: each distinct allowed set of a tile, the union
   * of all of them, and, with at most {@link #UNION_LIMIT} distinct sets, every union of them.
   */
  static Set<Set<Integer>> coreSets(SchedulingProblem problem) {
    Set<Set<Integer>> groups = new LinkedHashSet<>();
    for (Tile t : problem.graph().tiles()) {
      groups.add(new TreeSet<>(problem.allowedCores(t)));
    }
    List<Set<Integer>> distinct = new ArrayList<>(groups);
    Set<Integer> all = new TreeSet<>();
    distinct.forEach(all::addAll);
    groups.add(all);
    if (distinct.size() <= UNION_LIMIT) {
      for (int mask = 1; mask < 1 << distinct.size(); mask++) {
        Set<Integer> union = new TreeSet<>();
        for (int i = 0; i < distinct.size(); i++) {
          if ((mask & 1 << i) != 0) {
            union.addAll(distinct.get(i));
          }
        }
        groups.add(union);
      }
    }
    return groups;
  }

  /**
   * Jackson's bound on the DRAM port(s). Jobs: each network-input load (before its tile: tail =
   * the tile's least duration + tail); each sink store (after its tile: released at its earliest
   * finish); each weight slice, as the piece of the movement that brings it to the tile of the
   * slice with the largest tail (a load ends before that tile starts; a stream ends with it); and,
   * for a slice streamed wherever it runs, every tile's stream (released at the tile's head, ending
   * before the tile's tail). Where a layer has several slices, one load may carry several: their
   * pieces are rounded down, so their sum never exceeds it. A slice read {@code copies} times (onto
   * that many cores) has as many pieces, the others serving tiles with the slice's least tail.
   */
  static long dramWindows(SchedulingProblem problem, TileTimes times, ToLongFunction<List<Integer>> copies) {
    TileGraph graph = problem.graph();
    List<Windows.Job> reads = new ArrayList<>();
    List<Windows.Job> writes = new ArrayList<>();
    for (Tile tile : graph.tiles()) {
      int t = tile.id();
      // A streamed input or output moves while its tile runs: after the tile's head, before its tail.
      if (tile.dramInputBits() > 0) {
        reads.add(new Windows.Job(0, problem.dramCycles(tile.dramInputBits(), true),
            times.inputMayStream(t) ? times.tail(t) : times.duration(t) + times.tail(t)));
      }
      if (times.isSink(t)) {
        writes.add(new Windows.Job(times.outputMayStream(t) ? times.head(t) : times.finish(t),
            problem.dramCycles(tile.outputBits(), false), 0));
      }
    }
    long readBandwidth = problem.accelerator().dram().readBandwidthBits();
    Map<Integer, Integer> slicesOfLayer = new TreeMap<>();
    times.slices().forEach(s -> slicesOfLayer.merge(graph.tiles().get(s.get(0)).layer(), 1, Integer::sum));
    for (List<Integer> slice : times.slices()) {
      Tile first = graph.tiles().get(slice.get(0));
      if (alwaysStreamed(problem, slice)) {
        for (int t : slice) {
          reads.add(new Windows.Job(times.head(t), problem.dramCycles(first.weightBits(), true), times.tail(t)));
        }
        continue;
      }
      long tail = 0;
      long leastTail = Long.MAX_VALUE;
      for (int t : slice) {
        long after = times.tail(t) + (times.surelyLoaded(t) ? times.duration(t) : 0);
        tail = Math.max(tail, after);
        leastTail = Math.min(leastTail, after);
      }
      long cycles = slicesOfLayer.get(first.layer()) == 1 ? problem.dramCycles(first.weightBits(), true)
          : first.weightBits() / readBandwidth;
      reads.add(new Windows.Job(0, cycles, tail));
      for (long copy = 1; copy < copies.applyAsLong(slice); copy++) {
        reads.add(new Windows.Job(0, cycles, leastTail));
      }
    }
    if (problem.accelerator().dram().sharedPort()) {
      reads.addAll(writes);
      return Windows.bound(reads, 1);
    }
    return Math.max(Windows.bound(reads, 1), Windows.bound(writes, 1));
  }
}
