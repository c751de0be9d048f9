package org.laminar.report;

import java.util.HashMap;
import java.util.Map;
import org.laminar.tiling.Tile;
import org.laminar.tiling.TileGraph;

/**
 * Human names of tiles: {@code layer/tN}, where {@code N} counts the layer's tiles in id order
 * from 0 (e.g. {@code conv2/t17}).
 */
final class TileNames {
  private final String[] names;

  TileNames(TileGraph graph) {
    names = new String[graph.tiles().size()];
    Map<Integer, Integer> seen = new HashMap<>();
    for (Tile tile : graph.tiles()) {
      int index = seen.merge(tile.layer(), 1, Integer::sum) - 1;
      names[tile.id()] = graph.workload().layer(tile.layer()).name() + "/t" + index;
    }
  }

  /** The name of tile {@code id}. */
  String name(int id) {
    return names[id];
  }
}
