package org.laminar.schedule;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.laminar.cost.CostModel;
import org.laminar.hardware.Accelerator;
import org.laminar.hardware.Core;
import org.laminar.hardware.MemoryLevel;
import org.laminar.tiling.FusionPolicy;
import org.laminar.tiling.LayerTiling;
import org.laminar.tiling.Overlap;
import org.laminar.tiling.Split;
import org.laminar.tiling.Tile;
import org.laminar.tiling.TileGraph;
import org.laminar.tiling.TileGraphBuilder;
import org.laminar.tiling.Tiling;
import org.laminar.workload.Layer;
import org.laminar.workload.LoopDim;
import org.laminar.workload.Operand;
import org.laminar.workload.Workload;

/**
 * {@code --tiling auto}: per layer the smallest split, starting from a base tiling, whose every tile
 * the cost model can run on at least one of the layer's cores.
 *
 * <p>The candidates of a layer, in the order tried: its base tiling (the whole layer, the default
 * {@code oy=4}, or what a Stream mapping gives it); then row bands {@code oy = 1, 2, 4, ...} up to
 * its {@code OY} rows with the channels whole; then row bands together with channel parts {@code k
 * = 2, 4, ...} up to its channels ({@link Tiling#channelDim}), and one-row bands with column tiles
 * {@code ox = 2, 4, ...} up to its {@code OX} columns with the channels whole, fewest tiles first
 * and, among as many tiles, fewest column tiles, then fewest channel parts. Only candidates with at
 * least the base's row bands, channel parts and column tiles are tried, and they keep the base's
 * cores. Row bands come first because they shrink the activations a fused tile holds while its
 * weights stay shared; column tiles do too, and are the only split that shrinks a layer's single
 * output row (with its input rows), so they are tried once one-row bands do not fit. Column
 * candidates have at least {@code 2·OY} tiles and come after the channel candidates of as many, so
 * a layer that a split of at most {@code 2·OY} tiles fits keeps the split it had without them. A
 * layer of {@code OX} columns adds {@code ceil(log2(OX))} candidates to its
 * {@code (ceil(log2(OY)) + 1)(ceil(log2(K)) + 1)}. For a matrix product the rows are its {@code OY}
 * and the channel parts split its output columns {@code K} (its {@code OX} is 1: no column tiles);
 * for attention ({@code G} heads) the rows are the
 * sequence and the channel parts split the heads. A candidate past the base applies its row bands
 * also to a layer alone in its fused stack ({@link LayerTiling#rowsAlone}): such a layer is one band
 * only as long as it fits whole.
 *
 * <p>Fitting is the cost model's own verdict ({@link SchedulingProblem#refusal}), asked once per
 * distinct tile shape and core. The stacks are re-derived from {@code fusion} after every change,
 * since automatic fusion depends on the channel splits. A layer whose tile no allowed core would take
 * even with unbounded local memories ({@link SchedulingProblem#fitsSomeMemorySize}: no PEs, say) is
 * not split further, as a split is not expected to help. A layer for which no candidate fits keeps
 * its largest one, and the problem built from the tiling then refuses it with the cost model's
 * reason; {@link Result#unfit} adds the local memory its smallest tile would need.
 */
public final class AutoTiling {
  private AutoTiling() {}

  /**
   * A tiling chosen by {@link #choose}.
   *
   * @param tiling the tiling, stacks from the fusion policy
   * @param notes one line per layer split further than its base: the split and why the previous
   *     candidate did not fit
   * @param unfit one line per layer that no candidate fits: its smallest tile, the local memory
   *     (bits) that tile would need on the first of its cores when a larger memory would do at all,
   *     and the cost model's reason
   * @param unfitLayers the ids of those layers, in the order of {@code unfit}
   */
  public record Result(Tiling tiling, List<String> notes, List<String> unfit, List<Integer> unfitLayers) {
    public Result {
      checkNotNull(tiling, "tiling is missing");
      notes = List.copyOf(notes);
      unfit = List.copyOf(unfit);
      unfitLayers = List.copyOf(unfitLayers);
      checkArgument(unfit.size() == unfitLayers.size(), "one line per unfit layer");
    }
  }

  /** The automatic tiling of {@code workload} on {@code accelerator} from whole layers, stacks from {@code fusion}. */
  public static Result choose(Workload workload, Accelerator accelerator, CostModel costModel,
      FusionPolicy fusion) {
    return choose(workload, accelerator, costModel, fusion, l -> LayerTiling.WHOLE);
  }

  /**
   * The automatic tiling of {@code workload} on {@code accelerator}, each layer starting from {@code
   * base}, stacks from {@code fusion}.
   */
  public static Result choose(Workload workload, Accelerator accelerator, CostModel costModel,
      FusionPolicy fusion, Function<Layer, LayerTiling> base) {
    return choose(workload, accelerator, costModel, fusion, base, Overlap.CACHE);
  }

  /**
   * As {@link #choose(Workload, Accelerator, CostModel, FusionPolicy, Function)}, the tiles built
   * with {@code overlap} (recomputed bands are taller, so they may need more bands to fit).
   */
  public static Result choose(Workload workload, Accelerator accelerator, CostModel costModel,
      FusionPolicy fusion, Function<Layer, LayerTiling> base, Overlap overlap) {
    Map<Integer, List<LayerTiling>> candidates = new HashMap<>();
    Map<Integer, Integer> index = new HashMap<>();
    Map<Integer, Set<List<Integer>>> tried = new HashMap<>();
    Map<Integer, String> why = new LinkedHashMap<>();
    for (Layer layer : workload.layers()) {
      candidates.put(layer.id(), candidates(layer, base.apply(layer)));
      index.put(layer.id(), 0);
      tried.put(layer.id(), new HashSet<>());
    }
    Map<List<Object>, Optional<String>> verdicts = new ConcurrentHashMap<>();
    Set<Integer> hopeless = new HashSet<>();
    Set<Integer> hopeful = new HashSet<>();
    while (true) {
      Tiling tiling = Tiling.of(workload, l -> candidates.get(l.id()).get(index.get(l.id())), fusion)
          .withOverlap(overlap);
      TileGraph graph = TileGraphBuilder.build(tiling);
      Map<Integer, String> refused = new LinkedHashMap<>();
      Map<Integer, Tile> refusedTile = new HashMap<>();
      askInParallel(graph, tiling, accelerator, costModel, verdicts);
      for (Tile tile : graph.tiles()) {
        if (!refused.containsKey(tile.layer())) {
          refusal(tile, tiling, accelerator, costModel, verdicts).ifPresent(r -> {
            refused.put(tile.layer(), r);
            refusedTile.put(tile.layer(), tile);
          });
        }
      }
      boolean advanced = false;
      for (Map.Entry<Integer, String> e : refused.entrySet()) {
        Layer layer = workload.layer(e.getKey());
        // Asked once, at the layer's first refusal: its largest tiles.
        if (hopeless.contains(layer.id()) || hopeful.add(layer.id())
            && !fitsSomeMemorySize(refusedTile.get(layer.id()), tiling, accelerator, costModel)) {
          hopeless.add(layer.id());
          continue;
        }
        List<LayerTiling> own = candidates.get(layer.id());
        LayerTiling current = own.get(index.get(layer.id()));
        tried.get(layer.id()).add(effective(tiling, layer, current));
        List<Integer> least = effective(tiling, layer, own.get(0));
        int next = index.get(layer.id()) + 1;
        while (next < own.size() && (tried.get(layer.id()).contains(effective(tiling, layer, own.get(next)))
            || !atLeast(effective(tiling, layer, own.get(next)), least))) {
          next++;
        }
        if (next < own.size()) {
          why.put(layer.id(), describe(tiling, layer, current) + " does not fit: " + e.getValue());
          index.put(layer.id(), next);
          advanced = true;
        }
      }
      if (!advanced) {
        List<String> notes = new ArrayList<>();
        for (Layer layer : workload.layers()) {
          if (why.containsKey(layer.id()) && !refused.containsKey(layer.id())) {
            notes.add("layer '" + layer.name() + "' split " + describe(tiling, layer, tiling.of(layer.id())) + " ("
                + why.get(layer.id()) + ")");
          }
        }
        List<String> unfit = new ArrayList<>();
        for (int id : refused.keySet()) {
          unfit.add(unfit(graph, tiling, workload.layer(id), accelerator, costModel) + " (" + refused.get(id) + ")");
        }
        return new Result(tiling, notes, unfit, List.copyOf(refused.keySet()));
      }
    }
  }

  /** The candidate splits of {@code layer} from {@code base}, in the order tried (see the class comment). */
  static List<LayerTiling> candidates(Layer layer, LayerTiling base) {
    List<LayerTiling> out = new ArrayList<>();
    out.add(base);
    splits(layer).forEach(t -> out.add(t.columns().equals(Split.ONE) ? base.withSplit(t.rows(), t.channels(), true)
        : base.withSplit(t.rows(), t.channels(), t.columns(), true)));
    return out;
  }

  /** Every split of {@code layer} past the base, in the order tried. */
  private static List<LayerTiling> splits(Layer layer) {
    List<Integer> rows = doublings(layer.size(LoopDim.OY));
    List<Integer> channels = doublings(layer.size(Tiling.channelDim(layer)));
    List<LayerTiling> out = new ArrayList<>();
    rows.forEach(oy -> out.add(split(oy, 1)));
    List<LayerTiling> both = new ArrayList<>();
    for (int k : channels.subList(1, channels.size())) {
      rows.forEach(oy -> both.add(split(oy, k)));
    }
    List<Integer> columns = doublings(layer.size(LoopDim.OX));
    int allRows = layer.size(LoopDim.OY);
    columns.subList(1, columns.size()).forEach(ox -> both.add(
        new LayerTiling(Split.of(allRows), Split.ONE, List.of(), false, false, Split.of(ox))));
    both.sort(Comparator.comparingLong((LayerTiling t) -> (long) t.rows().parts() * t.channels().parts()
            * t.columns().parts())
        .thenComparingInt(t -> t.columns().parts()).thenComparingInt(t -> t.channels().parts()));
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

  /**
   * The (row bands, channel parts, column tiles) {@code candidate} gives {@code layer} within the
   * stacks of {@code tiling}: rows and columns only where they apply ({@link Tiling#rowParts}).
   */
  private static List<Integer> effective(Tiling tiling, Layer layer, LayerTiling candidate) {
    boolean fused = tiling.stacks().get(tiling.stackOf(layer.id())).size() > 1;
    boolean spatial = fused || candidate.rowsAlone();
    return List.of(spatial ? candidate.rows().partsFor(layer.size(LoopDim.OY)) : 1,
        candidate.channels().partsFor(layer.size(Tiling.channelDim(layer))),
        spatial ? candidate.columns().partsFor(layer.size(LoopDim.OX)) : 1);
  }

  private static boolean atLeast(List<Integer> split, List<Integer> least) {
    return split.get(0) >= least.get(0) && split.get(1) >= least.get(1) && split.get(2) >= least.get(2);
  }

  /** The split {@code candidate} gives {@code layer}, as row bands, column tiles and channel parts. */
  private static String describe(Tiling tiling, Layer layer, LayerTiling candidate) {
    List<Integer> split = effective(tiling, layer, candidate);
    return "oy=" + split.get(0) + (split.get(2) > 1 ? ",ox=" + split.get(2) : "")
        + (split.get(1) > 1 ? ",k=" + split.get(1) : "");
  }

  /**
   * Why {@code layer} fits no split: its largest tile of the last split tried, and the size its
   * first core's local memory for activations would need ({@link
   * SchedulingProblem#smallestActivationMemory}), or that no size would do; the caller adds the
   * cost model's reason.
   */
  private static String unfit(TileGraph graph, Tiling tiling, Layer layer, Accelerator accelerator,
      CostModel costModel) {
    Tile largest = graph.tilesOf(layer.id()).stream()
        .max(Comparator.comparingLong((Tile t) -> t.shape().macs()).thenComparingLong(Tile::weightBits)).orElseThrow();
    List<Integer> allowed = tiling.allowedCores(largest);
    Core core = allowed.isEmpty() ? accelerator.cores().get(0) : accelerator.core(allowed.get(0));
    String head = String.format("layer '%s' fits no core even split %s: on core %s (%s) its tile %s ", layer.name(),
        describe(tiling, layer, tiling.of(layer.id())), core.id(), core.name(), largest.id());
    OptionalLong bits = SchedulingProblem.smallestActivationMemory(largest, core, costModel);
    if (bits.isEmpty()) {
      return head + "fits no size of its local memories";
    }
    MemoryLevel memory = core.localMemory(SchedulingProblem.DEFAULT_MEMORY_OPERANDS.get(Operand.I)).orElseThrow();
    return head + String.format("needs a local memory '%s' of about %,d bits (it has %,d)", memory.name(),
        bits.getAsLong(), memory.sizeBits());
  }

  /** Whether some allowed core of {@code tile} would take it with larger local memories ({@link SchedulingProblem#fitsSomeMemorySize}). */
  private static boolean fitsSomeMemorySize(Tile tile, Tiling tiling, Accelerator accelerator, CostModel costModel) {
    List<Integer> allowed = tiling.allowedCores(tile);
    List<Core> cores = allowed.isEmpty() ? accelerator.cores() : allowed.stream().map(accelerator::core).toList();
    return cores.stream().anyMatch(core -> SchedulingProblem.fitsSomeMemorySize(tile, core, costModel));
  }

  /**
   * The verdicts of this round's new (layer, shape, weight bits, core) keys, asked at once on the
   * common pool: the model's searches are the costing the problem needs next (its memo keeps them),
   * and a verdict does not depend on the order in which they are asked.
   */
  private static void askInParallel(TileGraph graph, Tiling tiling, Accelerator accelerator, CostModel costModel,
      Map<List<Object>, Optional<String>> verdicts) {
    Map<List<Object>, Runnable> asks = new LinkedHashMap<>();
    for (Tile tile : graph.tiles()) {
      for (Core core : cores(tile, tiling, accelerator)) {
        List<Object> key = key(tile, core);
        if (!verdicts.containsKey(key)) {
          asks.putIfAbsent(key, () -> verdicts.put(key, SchedulingProblem.refusal(tile, core, costModel)));
        }
      }
    }
    asks.values().parallelStream().forEach(Runnable::run);
  }

  private static List<Core> cores(Tile tile, Tiling tiling, Accelerator accelerator) {
    List<Integer> allowed = tiling.allowedCores(tile);
    return allowed.isEmpty() ? accelerator.cores() : allowed.stream().map(accelerator::core).toList();
  }

  private static List<Object> key(Tile tile, Core core) {
    return List.of(tile.layer(), tile.shape(), tile.weightBits(), core.id());
  }

  /** Why {@code tile} runs on none of its allowed cores (the first core's reason), or empty when it runs on one. */
  private static Optional<String> refusal(Tile tile, Tiling tiling, Accelerator accelerator, CostModel costModel,
      Map<List<Object>, Optional<String>> verdicts) {
    String first = null;
    for (Core core : cores(tile, tiling, accelerator)) {
      Optional<String> verdict = verdicts.computeIfAbsent(key(tile, core),
          k -> SchedulingProblem.refusal(tile, core, costModel));
      if (verdict.isEmpty()) {
        return Optional.empty();
      }
      first = first != null ? first : "core " + core.id() + " (" + core.name() + "): " + verdict.get();
    }
    return Optional.ofNullable(first);
  }
}
