package org.laminar.greedy;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.StringJoiner;
import org.laminar.tiling.Tile;
import org.laminar.tiling.TileEdge;

/**
 * Cuts the layers into {@link Stage}s and allocates each layer to one of its allowed cores: the
 * one where the stage's work so far plus the layer's would finish first (a fixed allocation when
 * only one core is allowed), among the cores whose memories still fit the stage.
 */
final class StagePlanner {
  private StagePlanner() {}

  static List<Stage> plan(Context cx, List<List<Integer>> stacks) {
    Map<Integer, List<Tile>> tilesByLayer = cx.tilesByLayer();
    List<Stage> stages = new ArrayList<>();
    for (List<Integer> stack : stacks) {
      Budget budget = new Budget(cx);
      Map<Integer, Long> load = new HashMap<>();
      Map<Integer, Integer> coreOf = new LinkedHashMap<>();
      for (int layer : stack) {
        List<Tile> tiles = tilesByLayer.get(layer);
        List<Integer> fitting = fitting(cx, budget, layer, tiles);
        if (fitting.isEmpty() && !coreOf.isEmpty()) {
          stages.add(new Stage(new ArrayList<>(coreOf.keySet()), coreOf));
          budget = new Budget(cx);
          load.clear();
          coreOf = new LinkedHashMap<>();
          fitting = fitting(cx, budget, layer, tiles);
        }
        if (fitting.isEmpty()) {
          throw new IllegalArgumentException(tooLarge(cx, layer, tiles));
        }
        int core = fitting.stream().min(Comparator.comparingLong(
            (Integer c) -> load.getOrDefault(c, 0L) + tiles.stream().mapToLong(t -> cx.cycles(t, c)).sum())
            .thenComparingInt(c -> c)).orElseThrow();
        budget.add(core, tiles);
        load.merge(core, tiles.stream().mapToLong(t -> cx.cycles(t, core)).sum(), Long::sum);
        coreOf.put(layer, core);
      }
      if (!coreOf.isEmpty()) {
        stages.add(new Stage(new ArrayList<>(coreOf.keySet()), coreOf));
      }
    }
    checkOrder(cx, stages);
    return stages;
  }

  private static List<Integer> fitting(Context cx, Budget budget, int layer, List<Tile> tiles) {
    return cx.problem.allowedCores(layer).stream().filter(c -> budget.overflow(c, tiles).isEmpty()).toList();
  }

  private static String tooLarge(Context cx, int layer, List<Tile> tiles) {
    StringJoiner why = new StringJoiner("; ");
    for (int core : cx.problem.allowedCores(layer)) {
      Optional<String> overflow = new Budget(cx).overflow(core, tiles);
      overflow.ifPresent(why::add);
    }
    return String.format("layer '%s' does not fit the local memory of any allowed core: %s", cx.layerName(layer),
        why);
  }

  private static void checkOrder(Context cx, List<Stage> stages) {
    Map<Integer, Integer> stageOf = new HashMap<>();
    for (int i = 0; i < stages.size(); i++) {
      for (int layer : stages.get(i).layers()) {
        stageOf.put(layer, i);
      }
    }
    for (TileEdge e : cx.problem.graph().edges()) {
      int from = cx.tiles.get(e.producer()).layer();
      int to = cx.tiles.get(e.consumer()).layer();
      if (stageOf.get(from) > stageOf.get(to)) {
        throw new IllegalArgumentException(String.format(
            "layer '%s' is in a fused stack scheduled before the stack of its producer '%s'", cx.layerName(to),
            cx.layerName(from)));
      }
    }
  }
}
