package org.laminar.greedy;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import java.util.List;
import java.util.Map;

/**
 * Layers whose tiles run together; a stage starts when every tile of the previous stages has
 * ended. Fused stacks become stages, split where their weights would not fit the cores.
 *
 * @param layers layer ids in topological order
 * @param coreOfTile tile id → its core in the layer-granular allocation (the tiles of one channel
 *     part of a layer share one core)
 */
record Stage(List<Integer> layers, Map<Integer, Integer> coreOfTile) {
  Stage {
    layers = ImmutableList.copyOf(layers);
    coreOfTile = ImmutableMap.copyOf(coreOfTile);
  }
}
