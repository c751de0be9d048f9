package org.laminar.tiling;

import com.google.common.collect.ImmutableMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.laminar.workload.Layer;

/**
 * Totals of a tile graph, for reports such as {@code laminar inspect}.
 *
 * @param tiles number of tiles
 * @param edges number of tile-to-tile edges
 * @param tilesPerLayer tiles of each layer, by layer name in topological order
 * @param distinctShapes number of distinct tile shapes (loop sizes, operator, strides, dilations,
 *     padding and precisions; layer identity ignored): how many costs a memoised cost model computes
 *     per core type
 * @param stacks number of fused stacks (distinct {@link Tile#stack} values)
 * @param edgeBits bits carried by all edges together (bits)
 * @param dramInputBits network-input bits the tiles read from DRAM (bits)
 * @param weightBits weight bits over all tiles, each distinct (layer, slice) counted once (bits)
 */
public record TileGraphSummary(int tiles, int edges, Map<String, Integer> tilesPerLayer, int distinctShapes,
    int stacks, long edgeBits, long dramInputBits, long weightBits) {

  public TileGraphSummary {
    tilesPerLayer = ImmutableMap.copyOf(tilesPerLayer);
  }

  /** The summary of {@code graph}. */
  public static TileGraphSummary of(TileGraph graph) {
    Map<String, Integer> perLayer = new LinkedHashMap<>();
    for (Layer layer : graph.workload().layers()) {
      perLayer.put(layer.name(), 0);
    }
    Set<List<Object>> shapes = new HashSet<>();
    Set<List<Integer>> slices = new HashSet<>();
    Set<Integer> stacks = new HashSet<>();
    long dram = 0;
    long weights = 0;
    for (Tile t : graph.tiles()) {
      perLayer.merge(t.shape().name(), 1, Integer::sum);
      shapes.add(shapeKey(t.shape()));
      stacks.add(t.stack());
      dram += t.dramInputBits();
      if (slices.add(List.of(t.layer(), t.weightSlice()))) {
        weights += t.weightBits();
      }
    }
    long edgeBits = graph.edges().stream().mapToLong(TileEdge::bits).sum();
    return new TileGraphSummary(graph.tiles().size(), graph.edges().size(), perLayer, shapes.size(), stacks.size(),
        edgeBits, dram, weights);
  }

  /** What makes two tile shapes cost the same on a core. */
  private static List<Object> shapeKey(Layer s) {
    return List.of(s.type(), s.dims(), s.strideY(), s.strideX(), s.dilationY(), s.dilationX(), s.padding(),
        s.precision());
  }
}
