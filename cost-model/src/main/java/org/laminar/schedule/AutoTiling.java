package org.laminar.schedule;

import static com.google.common.base.Preconditions.checkNotNull;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.laminar.cost.CostModel;
import org.laminar.hardware.Accelerator;
import org.laminar.hardware.Core;
import org.laminar.tiling.FusionPolicy;
import org.laminar.tiling.LayerTiling;
import org.laminar.tiling.Split;
import org.laminar.tiling.Tile;
import org.laminar.tiling.TileGraph;
import org.laminar.tiling.TileGraphBuilder;
import org.laminar.tiling.Tiling;
import org.laminar.workload.Layer;
import org.laminar.workload.LoopDim;
import org.laminar.workload.Workload;

/**
 * {@code --tiling auto}: per layer the smallest split whose every tile the cost model can run on at
 * least one of the layer's cores.
 *
 * <p>The candidates of a layer, in the order tried: row bands {@code oy = 1, 2, 4, ...} up to its
 * {@code OY} rows with the channels whole; then row bands together with channel parts {@code k = 2,
 * 4, ...} up to its channels ({@link Tiling#channelDim}), fewest tiles first and, among as many
 * tiles, fewest channel parts. Row bands come first because they shrink the activations a fused
 * tile holds while its weights stay shared. A layer alone in its fused stack is never cut into row
 * bands ({@link Tiling#rowParts}), so for it only the channel parts are tried.
 *
 * <p>Fitting is the cost model's own verdict ({@link SchedulingProblem#refusal}), asked once per
 * distinct tile shape and core. The stacks are re-derived from {@code fusion} after every change,
 * since automatic fusion depends on the channel splits. A layer for which no candidate fits keeps
 * its largest one, and the problem built from the tiling then refuses it with the cost model's
 * reason.
 */
public final class AutoTiling {
  private AutoTiling() {}

  /**
   * A tiling chosen by {@link #choose}.
   *
   * @param tiling the tiling, stacks from the fusion policy
   * @param notes one line per layer split into more than one tile: the split and why the previous
   *     candidate did not fit
   */
  public record Result(Tiling tiling, List<String> notes) {
    public Result {
      checkNotNull(tiling, "tiling is missing");
      notes = List.copyOf(notes);
    }
  }

  /** The automatic tiling of {@code workload} on {@code accelerator}, stacks from {@code fusion}. */
  public static Result choose(Workload workload, Accelerator accelerator, CostModel costModel,
      FusionPolicy fusion) {
    Map<Integer, List<LayerTiling>> candidates = new HashMap<>();
    Map<Integer, Integer> index = new HashMap<>();
    Map<Integer, Set<List<Integer>>> tried = new HashMap<>();
    Map<Integer, String> why = new LinkedHashMap<>();
    for (Layer layer : workload.layers()) {
      candidates.put(layer.id(), candidates(layer));
      index.put(layer.id(), 0);
      tried.put(layer.id(), new HashSet<>());
    }
    Map<List<Object>, Optional<String>> verdicts = new HashMap<>();
    while (true) {
      Tiling tiling = Tiling.of(workload, l -> candidates.get(l.id()).get(index.get(l.id())), fusion);
      TileGraph graph = TileGraphBuilder.build(tiling);
      Map<Integer, String> refused = new LinkedHashMap<>();
      for (Tile tile : graph.tiles()) {
        if (!refused.containsKey(tile.layer())) {
          refusal(tile, tiling, accelerator, costModel, verdicts).ifPresent(r -> refused.put(tile.layer(), r));
        }
      }
      boolean advanced = false;
      for (Map.Entry<Integer, String> e : refused.entrySet()) {
        Layer layer = workload.layer(e.getKey());
        tried.get(layer.id()).add(effective(tiling, layer, candidates.get(layer.id()).get(index.get(layer.id()))));
        int next = index.get(layer.id()) + 1;
        List<LayerTiling> own = candidates.get(layer.id());
        while (next < own.size() && tried.get(layer.id()).contains(effective(tiling, layer, own.get(next)))) {
          next++;
        }
        if (next < own.size()) {
          why.put(layer.id(), describe(own.get(index.get(layer.id()))) + " does not fit: " + e.getValue());
          index.put(layer.id(), next);
          advanced = true;
        }
      }
      if (!advanced) {
        List<String> notes = new ArrayList<>();
        for (Layer layer : workload.layers()) {
          if (why.containsKey(layer.id())) {
            notes.add("layer '" + layer.name() + "' split " + describe(tiling.of(layer.id())) + " ("
                + why.get(layer.id()) + ")");
          }
        }
        return new Result(tiling, notes);
      }
    }
  }

  /** The candidate splits of {@code layer}, in the order tried (see the class comment). */
  static List<LayerTiling> candidates(Layer layer) {
    List<Integer> rows = doublings(layer.size(LoopDim.OY));
    List<Integer> channels = doublings(layer.size(Tiling.channelDim(layer)));
    List<LayerTiling> out = new ArrayList<>();
    rows.forEach(oy -> out.add(split(oy, 1)));
    List<LayerTiling> both = new ArrayList<>();
    for (int k : channels.subList(1, channels.size())) {
      rows.forEach(oy -> both.add(split(oy, k)));
    }
    both.sort(Comparator.comparingLong((LayerTiling t) -> (long) t.rows().parts() * t.channels().parts())
        .thenComparingInt(t -> t.channels().parts()));
    out.addAll(both);
    return out;
  }

  /** 1, 2, 4, ... below {@code size}, then {@code size}. */
  private static List<Integer> doublings(int size) {
    List<Integer> out = new ArrayList<>();
    for (int n = 1; n < size; n *= 2) {
      out.add(n);
    }
    out.add(size);
    return out;
  }

  private static LayerTiling split(int oy, int k) {
    return new LayerTiling(Split.of(oy), Split.of(k), List.of(), false);
  }

  /** The (row bands, channel parts) {@code candidate} gives {@code layer} within the stacks of {@code tiling}. */
  private static List<Integer> effective(Tiling tiling, Layer layer, LayerTiling candidate) {
    boolean fused = tiling.stacks().get(tiling.stackOf(layer.id())).size() > 1;
    int rows = fused ? candidate.rows().partsFor(layer.size(LoopDim.OY)) : 1;
    return List.of(rows, candidate.channels().partsFor(layer.size(Tiling.channelDim(layer))));
  }

  private static String describe(LayerTiling t) {
    return "oy=" + t.rows() + (t.channels().parts() > 1 ? ",k=" + t.channels() : "");
  }

  /** Why {@code tile} runs on none of its allowed cores (the first core's reason), or empty when it runs on one. */
  private static Optional<String> refusal(Tile tile, Tiling tiling, Accelerator accelerator, CostModel costModel,
      Map<List<Object>, Optional<String>> verdicts) {
    List<Integer> allowed = tiling.allowedCores(tile);
    List<Core> cores = allowed.isEmpty() ? accelerator.cores() : allowed.stream().map(accelerator::core).toList();
    String first = null;
    for (Core core : cores) {
      List<Object> key = List.of(tile.layer(), tile.shape(), tile.weightBits(), core.id());
      Optional<String> verdict = verdicts.computeIfAbsent(key, k -> SchedulingProblem.refusal(tile, core, costModel));
      if (verdict.isEmpty()) {
        return Optional.empty();
      }
      first = first != null ? first : "core " + core.id() + " (" + core.name() + "): " + verdict.get();
    }
    return Optional.ofNullable(first);
  }
}
