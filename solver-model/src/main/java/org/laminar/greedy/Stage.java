package org.laminar.greedy;

import com.google.common.collect.ImmutableList;
import java.util.List;

/**
 * Layers whose tiles run together; a stage starts when every tile of the previous stages has
 * ended. Fused stacks become stages, split where their weights would not fit the cores.
 *
 * @param layers layer ids in topological order
 */
record Stage(List<Integer> layers) {
  Stage {
    layers = ImmutableList.copyOf(layers);
  }
}
