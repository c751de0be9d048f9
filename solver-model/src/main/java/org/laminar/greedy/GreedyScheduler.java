package org.laminar.greedy;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;
import org.laminar.schedule.ScheduleResult;
import org.laminar.schedule.Scheduler;
import org.laminar.schedule.SchedulingProblem;
import org.laminar.tiling.Tile;
import org.laminar.tiling.TileEdge;

/**
 * List scheduling shared by the greedy schedulers, which differ in the hooks they override: the
 * order of ready tiles ({@link #priority}), the fused stacks ({@link #stacks}) and the tile-to-core
 * allocation ({@link #allocate}).
 *
 * <p>The layers are cut into stages (fused stacks, split where their weights do not fit the cores'
 * memories) and each channel part of each layer gets a core ({@link StagePlanner}). Stage by stage, tiles whose producers are all placed wait
 * in a ready queue; the first by priority is placed at the earliest cycle its core, its data and
 * its memory allow, with its weight load, input loads, link hops or read-backs inserted in the
 * earliest free gaps of the DRAM ports and links. A stage starts when all tiles of the previous
 * one have ended; its loads may start earlier.
 */
public abstract class GreedyScheduler implements Scheduler {

  /** A tile whose producers are all placed; {@code readyCycle} is when the last of them ends. */
  record Ready(Tile tile, long readyCycle) {}

  @Override
  public final ScheduleResult schedule(SchedulingProblem problem) {
    Context cx = new Context(problem);
    List<Stage> stages = StagePlanner.plan(cx, stacks(cx));
    int[] coreOf = allocate(cx, stages);
    Builder builder = new Builder(cx, coreOf);
    Comparator<Ready> order = priority(cx).thenComparingInt(r -> r.tile().id());
    Map<Integer, List<Tile>> tilesByLayer = cx.tilesByLayer();
    boolean[] inStage = new boolean[cx.tiles.size()];
    int[] waiting = new int[cx.tiles.size()];
    for (Stage stage : stages) {
      List<Tile> tiles = new ArrayList<>();
      stage.layers().forEach(l -> tiles.addAll(tilesByLayer.get(l)));
      run(cx, builder, tiles, order, inStage, waiting);
    }
    return ScheduleResult.heuristic(name(), builder.schedule());
  }

  /**
   * Places the tiles of one stage; {@code inStage} (all false on entry and on return) and
   * {@code waiting} are scratch arrays by tile id, shared by the stages.
   */
  private static void run(Context cx, Builder builder, List<Tile> tiles, Comparator<Ready> order,
      boolean[] inStage, int[] waiting) {
    for (Tile t : tiles) {
      inStage[t.id()] = true;
    }
    PriorityQueue<Ready> ready = new PriorityQueue<>(order);
    for (Tile t : tiles) {
      int n = 0;
      for (TileEdge e : cx.incoming.get(t.id())) {
        if (inStage[e.producer()]) {
          n++;
        }
      }
      waiting[t.id()] = n;
      if (n == 0) {
        ready.add(new Ready(t, builder.dataReady(t)));
      }
    }
    long release = builder.latestTileEnd();
    while (!ready.isEmpty()) {
      Tile t = ready.poll().tile();
      builder.place(t, release);
      for (TileEdge e : cx.outgoing.get(t.id())) {
        if (inStage[e.consumer()] && --waiting[e.consumer()] == 0) {
          Tile next = cx.tiles.get(e.consumer());
          ready.add(new Ready(next, builder.dataReady(next)));
        }
      }
    }
    for (Tile t : tiles) {
      inStage[t.id()] = false;
    }
  }

  /** The order in which ready tiles are placed; ties go to the lower tile id. */
  abstract Comparator<Ready> priority(Context cx);

  /** Layer ids grouped into fused stacks, in execution order; default: the tiling's stacks. */
  List<List<Integer>> stacks(Context cx) {
    Map<Integer, List<Integer>> byStack = new LinkedHashMap<>();
    Set<Integer> seen = new HashSet<>();
    for (Tile t : cx.tiles) {
      if (seen.add(t.layer())) {
        byStack.computeIfAbsent(t.stack(), s -> new ArrayList<>()).add(t.layer());
      }
    }
    return new ArrayList<>(byStack.values());
  }

  /** Core of every tile, by tile id; default: the layer-granular allocation of the stages. */
  int[] allocate(Context cx, List<Stage> stages) {
    int[] coreOf = new int[cx.tiles.size()];
    stages.forEach(s -> s.coreOfTile().forEach((tile, core) -> coreOf[tile] = core));
    return coreOf;
  }
}
