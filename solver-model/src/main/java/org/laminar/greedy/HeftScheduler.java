package org.laminar.greedy;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.laminar.hardware.Link;
import org.laminar.schedule.Routes.Hop;
import org.laminar.schedule.SchedulingProblem;
import org.laminar.tiling.Tile;
import org.laminar.tiling.TileEdge;

/**
 * Heterogeneous Earliest Finish Time (Topcuoglu, Hariri and Wu, IEEE TPDS 2002) per tile: tiles in
 * decreasing upward rank (average cycles over the allowed cores plus the longest average
 * communication-and-compute path to a sink) each go to the allowed core that finishes them first,
 * counting transfer cycles over the route from each producer's core and using idle gaps. Cores
 * whose memory would no longer fit the stage are skipped. The list scheduler then places the tiles
 * on those cores in rank order, with memory, DRAM and links modelled exactly.
 */
public final class HeftScheduler extends GreedyScheduler {

  @Override
  public String name() {
    return "heft";
  }

  @Override
  ReadyKey priority(Context cx) {
    double[] rank = ranks(cx);
    return (tile, readyCycle) -> ordered(-rank[tile]);
  }

  /**
   * A long that orders as {@code value} does under {@link Double#compare} (so -0.0 before 0.0, NaN
   * last): the bits of a negative double, but its sign, are flipped.
   */
  private static long ordered(double value) {
    long bits = Double.doubleToLongBits(value);
    return bits ^ ((bits >> 63) & Long.MAX_VALUE);
  }

  @Override
  int[] allocate(Context cx, List<Stage> stages, int[] planned) {
    double[] rank = ranks(cx);
    Map<Integer, List<Tile>> tilesByLayer = cx.tilesByLayer();
    int[] coreOf = new int[cx.tiles.size()];
    long[] finish = new long[cx.tiles.size()];
    Map<Integer, Timeline> cores = new HashMap<>();
    long release = 0;
    for (Stage stage : stages) {
      List<Tile> tiles = new ArrayList<>();
      stage.layers().forEach(l -> tiles.addAll(tilesByLayer.get(l)));
      tiles.sort(Comparator.comparingDouble((Tile t) -> -rank[t.id()]).thenComparingInt(Tile::id));
      Budget budget = new Budget(cx);
      long stageEnd = release;
      for (Tile t : tiles) {
        int best = planned[t.id()];
        long bestStart = -1;
        for (int c : cx.problem.allowedCores(t)) {
          if (budget.overflow(c, List.of(t)).isPresent()) {
            continue;
          }
          long ready = release;
          for (TileEdge e : cx.incoming.get(t.id())) {
            ready = Math.max(ready, finish[e.producer()] + transferCycles(cx, e, coreOf[e.producer()], c));
          }
          long cycles = cx.cycles(t, c);
          long s = cores.computeIfAbsent(c, k -> new Timeline()).earliest(ready, cycles);
          if (bestStart < 0 || s + cycles < bestStart + cx.cycles(t, best)) {
            best = c;
            bestStart = s;
          }
        }
        long cycles = cx.cycles(t, best);
        Timeline timeline = cores.computeIfAbsent(best, k -> new Timeline());
        if (bestStart < 0) {
          bestStart = timeline.earliest(release, cycles);
        }
        timeline.reserve(bestStart, bestStart + cycles);
        budget.add(best, List.of(t));
        coreOf[t.id()] = best;
        finish[t.id()] = bestStart + cycles;
        stageEnd = Math.max(stageEnd, finish[t.id()]);
      }
      release = stageEnd;
    }
    return coreOf;
  }

  /**
   * Cycles to move the data of {@code edge} between two cores: none when the consumer reads it in
   * place, else over the route, or through DRAM without one.
   */
  private static long transferCycles(Context cx, TileEdge edge, int from, int to) {
    if (cx.problem.readsInPlace(edge, from, to)) {
      return 0;
    }
    long bits = edge.bits();
    Optional<List<Hop>> route = cx.routes.route(from, to);
    if (route.isEmpty()) {
      return cx.problem.dramCycles(bits, false) + cx.problem.dramCycles(bits, true);
    }
    long cycles = 0;
    for (Hop hop : route.get()) {
      cycles += SchedulingProblem.transferCycles(bits, hop.link().bandwidthBits());
    }
    return cycles;
  }

  /** Upward ranks by tile id: average cycles plus the longest average path to a sink (cycles). */
  private static double[] ranks(Context cx) {
    List<Link> links = cx.problem.accelerator().links();
    double bandwidth = links.isEmpty() ? 0 : links.stream().mapToLong(Link::bandwidthBits).average().orElseThrow();
    double[] rank = new double[cx.tiles.size()];
    for (int id = cx.tiles.size() - 1; id >= 0; id--) {
      Tile t = cx.tiles.get(id);
      double successors = 0;
      for (TileEdge e : cx.outgoing.get(id)) {
        double comm = bandwidth > 0 ? e.bits() / bandwidth
            : cx.problem.dramCycles(e.bits(), false) + cx.problem.dramCycles(e.bits(), true);
        successors = Math.max(successors, comm + rank[e.consumer()]);
      }
      rank[id] = cx.problem.allowedCores(t).stream().mapToLong(c -> cx.cycles(t, c)).average()
          .orElseThrow() + successors;
    }
    return rank;
  }
}
