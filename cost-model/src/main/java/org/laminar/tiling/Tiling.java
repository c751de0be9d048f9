package org.laminar.tiling;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import com.google.common.collect.ImmutableMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.function.Function;
import org.laminar.hardware.Accelerator;
import org.laminar.workload.Layer;
import org.laminar.workload.LoopDim;
import org.laminar.workload.Workload;

/**
 * A complete tiling of a workload: how each layer is split, which layers are fused, and which
 * cores each layer may use. {@link TileGraphBuilder} turns it into a {@link TileGraph}.
 *
 * @param workload the tiled workload
 * @param layers the tiling of every layer, by layer id
 * @param stacks the fused stacks: consecutive runs of the workload's topological order that
 *     together hold every layer once, in that order
 * @param overlap how the overlap between neighbouring tiles of a stack is handled
 */
public record Tiling(Workload workload, Map<Integer, LayerTiling> layers, List<FusedStack> stacks,
    Overlap overlap) {

  /** A tiling whose overlaps are cached ({@link Overlap#CACHE}). */
  public Tiling(Workload workload, Map<Integer, LayerTiling> layers, List<FusedStack> stacks) {
    this(workload, layers, stacks, Overlap.CACHE);
  }

  public Tiling {
    checkNotNull(workload, "workload is missing");
    checkNotNull(overlap, "overlap mode is missing");
    layers = ImmutableMap.copyOf(layers);
    stacks = List.copyOf(stacks);
    for (Layer layer : workload.layers()) {
      checkArgument(layers.containsKey(layer.id()), "tiling of workload %s: layer '%s' has no tiling",
          workload.name(), layer.name());
    }
    checkArgument(layers.size() == workload.layers().size(), "tiling of workload %s: tilings for layers %s, "
        + "but the workload has %s layers", workload.name(), layers.keySet(), workload.layers().size());
    int position = 0;
    for (FusedStack stack : stacks) {
      for (int id : stack.layers()) {
        checkArgument(position < workload.layers().size(), "tiling of workload %s: stacks %s hold more layers "
            + "than the workload", workload.name(), stacks);
        Layer expected = workload.layers().get(position);
        checkArgument(expected.id() == id, "tiling of workload %s: stacks must be consecutive runs of the "
            + "topological order; expected layer '%s' (id %s) next, got layer id %s", workload.name(),
            expected.name(), expected.id(), id);
        position++;
      }
    }
    checkArgument(position == workload.layers().size(), "tiling of workload %s: stacks %s leave out layer '%s'",
        workload.name(), stacks, position < workload.layers().size() ? workload.layers().get(position).name() : "");
  }

  /** Every layer tiled by {@code tilingOf}, stacks from {@code fusion}. */
  public static Tiling of(Workload workload, Function<Layer, LayerTiling> tilingOf, FusionPolicy fusion) {
    Map<Integer, LayerTiling> layers = new HashMap<>();
    workload.layers().forEach(l -> layers.put(l.id(), tilingOf.apply(l)));
    return new Tiling(workload, layers, fusion.stacks(workload, layers));
  }

  /** Every layer tiled alike, stacks from {@code fusion}. */
  public static Tiling uniform(Workload workload, LayerTiling tiling, FusionPolicy fusion) {
    return of(workload, l -> tiling, fusion);
  }

  /** This tiling with overlap mode {@code mode}. */
  public Tiling withOverlap(Overlap mode) {
    return new Tiling(workload, layers, stacks, mode);
  }

  /** The index of the stack holding layer {@code layerId}. */
  public int stackOf(int layerId) {
    for (int s = 0; s < stacks.size(); s++) {
      if (stacks.get(s).layers().contains(layerId)) {
        return s;
      }
    }
    throw new NoSuchElementException("tiling of workload " + workload.name() + " has no layer " + layerId);
  }

  /** The tiling of layer {@code layerId}. */
  public LayerTiling of(int layerId) {
    LayerTiling t = layers.get(layerId);
    if (t == null) {
      throw new NoSuchElementException("tiling of workload " + workload.name() + " has no layer " + layerId);
    }
    return t;
  }

  /**
   * The row bands of {@code layer}: its row split, except for a layer alone in its stack, which is
   * one band (nothing is fused with it, so row bands would only add tiles) unless its tiling says
   * {@link LayerTiling#rowsAlone} (its whole rows do not fit a core).
   */
  public Partition rowParts(Layer layer) {
    int rows = layer.size(LoopDim.OY);
    return new Partition(rows, spatialSplitApplies(layer) ? of(layer.id()).rows().partsFor(rows) : 1);
  }

  /** The column tiles of {@code layer}: its column split where its row split applies ({@link #rowParts}). */
  public Partition columnParts(Layer layer) {
    int columns = layer.size(LoopDim.OX);
    return new Partition(columns, spatialSplitApplies(layer) ? of(layer.id()).columns().partsFor(columns) : 1);
  }

  private boolean spatialSplitApplies(Layer layer) {
    return stacks.get(stackOf(layer.id())).size() > 1 || of(layer.id()).rowsAlone();
  }

  /** The dimension the channel split cuts: {@code G} for layers with groups, else {@code K}. */
  public static LoopDim channelDim(Layer layer) {
    return layer.size(LoopDim.G) > 1 ? LoopDim.G : LoopDim.K;
  }

  /** The channel parts of {@code layer}, in units of {@link #channelDim}. */
  public Partition channelParts(Layer layer) {
    int size = layer.size(channelDim(layer));
    return new Partition(size, of(layer.id()).channels().partsFor(size));
  }

  /**
   * The cores {@code tile} may run on: its layer's allocation, or with a fixed allocation the
   * single core of its channel part; empty means any core.
   */
  public List<Integer> allowedCores(Tile tile) {
    LayerTiling t = of(tile.layer());
    if (!t.coresFixed()) {
      return t.cores();
    }
    Layer layer = workload.layer(tile.layer());
    int unit = channelDim(layer) == LoopDim.G ? layer.size(LoopDim.K) : 1;
    int part = channelParts(layer).partOf(tile.output().channelStart() / unit);
    return List.of(t.cores().get(part % t.cores().size()));
  }

  /**
   * Checks the core ids against {@code accelerator}.
   *
   * @throws IllegalArgumentException naming the layer and the unknown core
   */
  public void checkCores(Accelerator accelerator) {
    for (Layer layer : workload.layers()) {
      for (int core : of(layer.id()).cores()) {
        checkArgument(accelerator.cores().stream().anyMatch(c -> c.id() == core),
            "layer '%s' is allocated to core %s, which accelerator %s does not have", layer.name(), core,
            accelerator.name());
      }
    }
  }
}
