package org.laminar.cost;

import java.util.Optional;
import org.laminar.hardware.Core;
import org.laminar.workload.Layer;

/**
 * Costs a layer shape (a whole layer or one tile's part of it) on a core. Implementations are
 * deterministic and thread-safe; callers may rely on them being memoised per (shape, core).
 */
public interface CostModel {

  /**
   * Cycles and energy of {@code shape} on {@code core}, assuming its operands are in the core's
   * local memories when it starts.
   *
   * @throws IllegalArgumentException when the core cannot run the layer at all
   */
  TileCost cost(Layer shape, Core core);

  /**
   * The detailed evaluation of {@code shape} on {@code core} (accesses per memory and operand), for
   * a caller that needs more than the totals, such as the DRAM traffic of a tile whose operands are
   * homed in DRAM; empty when the model has none.
   *
   * @throws IllegalArgumentException when the core cannot run the layer at all
   */
  default Optional<LayerEvaluation> evaluation(Layer shape, Core core) {
    return Optional.empty();
  }
}
