package org.laminar.tiling;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import org.laminar.workload.Layer;

/**
 * One computation node: a layer restricted to an output region.
 *
 * @param id dense id in {@code 0..n-1}, in a topological order of the tile graph
 * @param layer id of the layer the tile belongs to
 * @param output the part of the layer's output it computes
 * @param shape the layer with the tile's loop sizes (what the cost model costs)
 * @param weightSlice index of the weight slice the tile uses (its channel part); tiles of a layer
 *     with the same slice share the same weights
 * @param weightBits bits of that weight slice (0 when the layer has no constant weights)
 * @param outputBits bits of the tile's output at final precision
 * @param dramInputBits bits the tile reads from DRAM as network input (0 unless the layer reads
 *     the network input)
 * @param stack index of the fused stack the tile's layer belongs to
 */
public record Tile(int id, int layer, Region output, Layer shape, int weightSlice, long weightBits,
    long outputBits, long dramInputBits, int stack) {
  public Tile {
    checkArgument(id >= 0, "tile id must be >= 0, got %s", id);
    checkNotNull(output, "tile %s: output region is missing", id);
    checkNotNull(shape, "tile %s: shape is missing", id);
    checkArgument(weightSlice >= 0 && weightBits >= 0 && outputBits > 0 && dramInputBits >= 0 && stack >= 0,
        "tile %s: sizes must be >= 0", id);
  }

  /** MAC operations of this tile. */
  public long macs() {
    return shape.macs();
  }
}
