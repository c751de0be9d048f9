package org.laminar.greedy;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.StringJoiner;
import org.laminar.schedule.ProblemException;
import org.laminar.tiling.Tile;
import org.laminar.tiling.TileEdge;

/**
 * Cuts the layers into {@link Stage}s and allocates the tiles of each layer: the tiles of one
 * channel part (same weight slice) with the same allowed cores share one core, the one where the
 * stage's work so far plus theirs would finish first, among the cores whose memories still fit the
 * stage — so a layer split along {@code K} spreads over the cores, as Stream's inter-core tiling
 * does. A fixed allocation (one allowed core) is kept; a layer that no longer fits the stage starts
 * a new one.
 */
final class StagePlanner {
  private StagePlanner() {}

  /** Tiles of one layer that go to one core: same allowed cores, same weight slice (channel part). */
  private record Group(List<Integer> cores, int weightSlice) {}

  /** The stage state after allocating one more layer. */
  private record Choice(Budget budget, Map<Integer, Long> load) {}

  /** The stages of {@code stacks}; {@code coreOf} (by tile id) receives the core of every tile. */
  static List<Stage> plan(Context cx, List<List<Integer>> stacks, int[] coreOf) {
    Map<Integer, List<Tile>> tilesByLayer = cx.tilesByLayer();
    List<Stage> stages = new ArrayList<>();
    for (List<Integer> stack : stacks) {
      Choice stage = new Choice(new Budget(cx), new HashMap<>());
      List<Integer> layers = new ArrayList<>();
      for (int layer : stack) {
        Map<Group, List<Tile>> groups = new LinkedHashMap<>();
        tilesByLayer.get(layer).forEach(t -> groups.computeIfAbsent(new Group(cx.problem.allowedCores(t),
            t.weightSlice()), k -> new ArrayList<>()).add(t));
        StringJoiner why = new StringJoiner("; ");
        Optional<Choice> choice = choose(cx, stage, groups, coreOf, why);
        if (choice.isEmpty() && !layers.isEmpty()) {
          stages.add(new Stage(layers));
          stage = new Choice(new Budget(cx), new HashMap<>());
          layers = new ArrayList<>();
          why = new StringJoiner("; ");
          choice = choose(cx, stage, groups, coreOf, why);
        }
        StringJoiner reasons = why;
        stage = choice.orElseThrow(() -> new ProblemException(String.format(
            "layer '%s' does not fit the local memory of any allowed core: %s", cx.layerName(layer), reasons)));
        layers.add(layer);
      }
      if (!layers.isEmpty()) {
        stages.add(new Stage(layers));
      }
    }
    checkOrder(cx, stages);
    return stages;
  }

  /**
   * The stage with the tiles of one more layer, or empty when they do not fit; writes their cores
   * into {@code coreOf} (when they do not fit, the caller allocates them again in a new stage) and,
   * when they do not, adds to {@code why} what overflows on each core of the first group that found
   * none: with the layer's earlier groups placed, since on cores sharing a memory those may be what
   * leaves no room.
   */
  private static Optional<Choice> choose(Context cx, Choice stage, Map<Group, List<Tile>> groups, int[] coreOf,
      StringJoiner why) {
    Budget budget = stage.budget().copy();
    Map<Integer, Long> load = new HashMap<>(stage.load());
    for (Map.Entry<Group, List<Tile>> group : groups.entrySet()) {
      List<Tile> tiles = group.getValue();
      int core = -1;
      long coreWork = 0;
      long finish = 0;
      for (int c : group.getKey().cores()) {
        if (budget.overflow(c, tiles).isPresent()) {
          continue;
        }
        long w = work(cx, tiles, c);
        long f = load.getOrDefault(c, 0L) + w;
        if (core < 0 || f < finish || (f == finish && c < core)) {
          core = c;
          coreWork = w;
          finish = f;
        }
      }
      if (core < 0) {
        // Cores sharing a memory report it alike: each reason once.
        group.getKey().cores().stream().map(c -> budget.overflow(c, tiles)).flatMap(Optional::stream).distinct()
            .forEach(why::add);
        return Optional.empty();
      }
      budget.add(core, tiles);
      load.merge(core, coreWork, Long::sum);
      for (int i = 0; i < tiles.size(); i++) {
        coreOf[tiles.get(i).id()] = core;
      }
    }
    return Optional.of(new Choice(budget, load));
  }

  private static long work(Context cx, List<Tile> tiles, int core) {
    long sum = 0;
    for (int i = 0; i < tiles.size(); i++) {
      sum += cx.cycles(tiles.get(i), core);
    }
    return sum;
  }

  private static void checkOrder(Context cx, List<Stage> stages) {
    Map<Integer, Integer> stageOf = new HashMap<>();
    for (int i = 0; i < stages.size(); i++) {
      for (int layer : stages.get(i).layers()) {
        stageOf.put(layer, i);
      }
    }
    // By layer position, asked of the map once per run of tiles of one layer, not per edge.
    int[] stageAt = new int[cx.layerCount()];
    for (int id = 0; id < cx.tiles.size(); id++) {
      Tile t = cx.tiles.get(id);
      if (id == 0 || cx.tiles.get(id - 1).layer() != t.layer()) {
        stageAt[cx.layerAt(t)] = stageOf.get(t.layer());
      }
    }
    List<TileEdge> edges = cx.problem.graph().edges();
    for (int i = 0; i < edges.size(); i++) {
      Tile from = cx.tiles.get(edges.get(i).producer());
      Tile to = cx.tiles.get(edges.get(i).consumer());
      if (stageAt[cx.layerAt(from)] > stageAt[cx.layerAt(to)]) {
        throw new ProblemException(String.format(
            "layer '%s' is in a fused stack scheduled before the stack of its producer '%s'",
            cx.layerName(to.layer()), cx.layerName(from.layer())));
      }
    }
  }
}
