package org.laminar.cost;

import static com.google.common.base.Preconditions.checkNotNull;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.laminar.hardware.Core;
import org.laminar.workload.Layer;
import org.laminar.workload.LoopDim;
import org.laminar.workload.OperatorType;
import org.laminar.workload.Operand;
import org.laminar.workload.Precision;

/**
 * ZigZag-style analytical cost model: spatial utilisation from the unrolling, data reuse per
 * memory level from the temporal loop ordering, word accesses from the port widths, stalls from
 * the port bandwidths, and on/off-loading. Equations and simplifications: {@code
 * cost-model/README.md}.
 *
 * <p>When a layer's mapping gives no temporal ordering, the model tries the loop orders of
 * {@link LoopOrderSearch} and keeps the one with the lowest latency (then the lowest energy).
 * Results are memoised per (layer shape, core, mapping entry): tiles of one shape cost once.
 */
public final class AnalyticalCostModel implements CostModel {
  private static final Comparator<LayerEvaluation> BEST =
      Comparator.comparingDouble(LayerEvaluation::latencyCycles).thenComparingDouble(LayerEvaluation::energyPj);

  private final Mapping mapping;
  private final Map<Key, LayerEvaluation> memo = new ConcurrentHashMap<>();

  /** The shape of a layer: everything the cost depends on, without its name and producers. */
  private record Key(OperatorType type, Map<LoopDim, Integer> dims, int strideY, int strideX, int dilationY,
      int dilationX, Precision precision, Core core, LayerMapping mapping) {
  }

  /** A model that looks up each layer's mapping in {@code mapping}. */
  public AnalyticalCostModel(Mapping mapping) {
    this.mapping = checkNotNull(mapping, "mapping is missing");
  }

  /** A model that uses each core's dataflow and searches the temporal ordering. */
  public AnalyticalCostModel() {
    this(Mapping.NONE);
  }

  @Override
  public TileCost cost(Layer shape, Core core) {
    return evaluate(shape, core).toTileCost();
  }

  /** The detailed evaluation of {@code shape} on {@code core} (memoised). */
  public LayerEvaluation evaluate(Layer shape, Core core) {
    LayerMapping lm = mapping.forLayer(shape, core);
    Key key = new Key(shape.type(), shape.dims(), shape.strideY(), shape.strideX(), shape.dilationY(),
        shape.dilationX(), shape.precision(), core, lm);
    return memo.computeIfAbsent(key, k -> search(shape, core, lm));
  }

  /** Number of distinct shapes costed so far. */
  public int memoisedShapes() {
    return memo.size();
  }

  private static LayerEvaluation search(Layer layer, Core core, LayerMapping lm) {
    Problem p = new Problem(layer, core, lm);
    List<List<Loop>> orderings = lm.temporalOrdering().isEmpty() ? LoopOrderSearch.candidates(p)
        : List.of(LoopOrderSearch.expand(p, lm.temporalOrdering()));
    MemoryAllocator allocator = new MemoryAllocator(p);
    LayerEvaluator evaluator = new LayerEvaluator(p);
    LayerEvaluation best = null;
    for (List<Loop> ordering : orderings) {
      Optional<Map<Operand, List<List<Loop>>>> temporal = allocator.allocate(ordering);
      if (temporal.isEmpty()) {
        continue;
      }
      LayerEvaluation e = evaluator.evaluate(temporal.get(), ordering);
      if (best == null || BEST.compare(e, best) < 0) {
        best = e;
      }
    }
    if (best == null) {
      throw new IllegalArgumentException("layer " + layer.name() + " does not fit the memories of core "
          + core.name() + " under any temporal loop ordering" + (lm.temporalOrdering().isEmpty() ? ""
          : " (the mapping fixes one)"));
    }
    return best;
  }
}
