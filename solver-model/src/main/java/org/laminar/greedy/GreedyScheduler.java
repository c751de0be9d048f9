package org.laminar.greedy;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.IntToLongFunction;
import org.laminar.schedule.Schedule;
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

  /** Orders ready tiles: the one of least key first, ties to the lower tile id. */
  @FunctionalInterface
  interface ReadyKey {
    /** The key of tile {@code tile}, whose producers are all placed, the last ending at {@code readyCycle}. */
    long of(int tile, long readyCycle);

    /** Whether {@link #of} reads its {@code readyCycle}; when it does not, the scheduler skips computing it. */
    default boolean readsReadyCycle() {
      return true;
    }

    /** A key of the tile alone, whatever its ready cycle. */
    static ReadyKey ofTile(IntToLongFunction key) {
      return new ReadyKey() {
        @Override
        public long of(int tile, long readyCycle) {
          return key.applyAsLong(tile);
        }

        @Override
        public boolean readsReadyCycle() {
          return false;
        }
      };
    }
  }

  /**
   * The schedule of {@code problem}. Where tiles may stream their activations or keep them on chip
   * ({@code --stream choose}), two are built, one weighing each such tile's choice ({@link
   * Builder}), one keeping them all on chip, and the one that ends first is kept (on a tie the
   * second, which moves fewer bits through DRAM): a choice made tile by tile for the tile's own
   * finish can hold the DRAM port that later tiles wait for, so choosing is never worse than not.
   */
  @Override
  public final ScheduleResult schedule(SchedulingProblem problem) {
    Context cx = new Context(problem);
    Schedule weighed = build(cx, true).schedule();
    if (!problem.choosesStreaming()) {
      return ScheduleResult.heuristic(name(), weighed);
    }
    Schedule onChip = build(cx, false).schedule();
    return ScheduleResult.heuristic(name(), onChip.lastEnd() <= weighed.lastEnd() ? onChip : weighed);
  }

  /**
   * Plans the stages, allocates and places every tile of {@code cx}'s problem, weighing whether
   * each tile that may streams its activations ({@code weighs}, else it keeps them on chip); the
   * builder holds the schedule. A {@link GuidedDecoder} calls it many times with one context, whose
   * memoised costs it keeps.
   */
  final Builder build(Context cx, boolean weighs) {
    int[] planned = new int[cx.tiles.size()];
    List<Stage> stages = stages(cx, planned);
    int[] coreOf = allocate(cx, stages, planned);
    Builder builder = new Builder(cx, coreOf, weighs);
    ReadyKey order = priority(cx);
    Map<Integer, List<Tile>> tilesByLayer = cx.tilesByLayer();
    boolean[] inStage = new boolean[cx.tiles.size()];
    int[] waiting = new int[cx.tiles.size()];
    for (Stage stage : stages) {
      List<Tile> tiles = new ArrayList<>();
      stage.layers().forEach(l -> tiles.addAll(tilesByLayer.get(l)));
      run(cx, builder, tiles, order, inStage, waiting);
    }
    return builder;
  }

  /**
   * Places the tiles of one stage; {@code inStage} (all false on entry and on return) and
   * {@code waiting} are scratch arrays by tile id, shared by the stages.
   */
  private static void run(Context cx, Builder builder, List<Tile> tiles, ReadyKey order, boolean[] inStage,
      int[] waiting) {
    int count = tiles.size();
    for (int i = 0; i < count; i++) {
      inStage[tiles.get(i).id()] = true;
    }
    ReadyQueue ready = new ReadyQueue();
    for (int i = 0; i < count; i++) {
      Tile t = tiles.get(i);
      List<TileEdge> in = cx.incoming.get(t.id());
      int n = 0;
      for (int e = 0; e < in.size(); e++) {
        if (inStage[in.get(e).producer()]) {
          n++;
        }
      }
      waiting[t.id()] = n;
      if (n == 0) {
        ready.add(t.id(), order.of(t.id(), readyCycle(builder, order, t)));
      }
    }
    long release = builder.latestTileEnd();
    while (!ready.isEmpty()) {
      Tile t = cx.tiles.get(ready.poll());
      builder.place(t, release);
      List<TileEdge> out = cx.outgoing.get(t.id());
      for (int e = 0; e < out.size(); e++) {
        int consumer = out.get(e).consumer();
        if (inStage[consumer] && --waiting[consumer] == 0) {
          ready.add(consumer, order.of(consumer, readyCycle(builder, order, cx.tiles.get(consumer))));
        }
      }
    }
    for (int i = 0; i < count; i++) {
      inStage[tiles.get(i).id()] = false;
    }
  }

  /** When the producers of {@code t} have all ended (cycles), if {@code order} reads it; else 0. */
  private static long readyCycle(Builder builder, ReadyKey order, Tile t) {
    return order.readsReadyCycle() ? builder.dataReady(t) : 0;
  }

  /**
   * The stages of {@code cx}'s problem, in execution order; {@code planned} (by tile id) receives
   * the planner's core of every tile. Default: {@link StagePlanner#plan} of {@link #stacks}.
   */
  List<Stage> stages(Context cx, int[] planned) {
    return StagePlanner.plan(cx, stacks(cx), planned);
  }

  /** The order in which ready tiles are placed; ties go to the lower tile id. */
  abstract ReadyKey priority(Context cx);

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

  /** Every layer a stack of its own, in workload order: layer by layer. */
  static List<List<Integer>> layerStacks(Context cx) {
    return cx.problem.graph().workload().layers().stream().map(l -> List.of(l.id())).toList();
  }

  /**
   * Core of every tile, by tile id; default: {@code planned}, the layer-granular allocation of the
   * stages (by tile id), which an override may read but not change.
   */
  int[] allocate(Context cx, List<Stage> stages, int[] planned) {
    return planned;
  }
}
