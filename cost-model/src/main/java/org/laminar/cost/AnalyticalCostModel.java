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
 *
 * <p>A mapping entry with a {@link SpatialHint} and no spatial unrolling costs the hint's
 * {@value #HINT_CANDIDATES} fullest unrollings that fit the memories and keeps the best the same way. A core whose array
 * is an in-memory-computing macro is costed by {@link ImcModel} over the same memory model.
 */
public final class AnalyticalCostModel implements CostModel {
  private static final Comparator<LayerEvaluation> BEST =
      Comparator.comparingDouble(LayerEvaluation::latencyCycles).thenComparingDouble(LayerEvaluation::energyPj);

  /** Spatial unrollings tried per hinted layer: ZigZag's default {@code nb_spatial_mappings_generated}. */
  static final int HINT_CANDIDATES = 3;

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
    return memo.computeIfAbsent(key, k -> lm.searchesSpatial() ? searchSpatial(shape, core, lm)
        : search(shape, core, lm).orElseThrow(() -> doesNotFit(shape, core, lm)));
  }

  /** Number of distinct shapes costed so far. */
  public int memoisedShapes() {
    return memo.size();
  }

  private static LayerEvaluation searchSpatial(Layer layer, Core core, LayerMapping lm) {
    return lm.hint().candidates(layer, core).stream()
        .flatMap(spatial -> search(layer, core, lm.withSpatial(spatial)).stream())
        .limit(HINT_CANDIDATES)
        .min(BEST)
        .orElseThrow(() -> doesNotFit(layer, core, lm));
  }

  private static Optional<LayerEvaluation> search(Layer layer, Core core, LayerMapping lm) {
    Problem p = new Problem(layer, core, lm);
    Optional<ImcModel> imc = core.array().imc().map(ImcModel::new);
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
      LayerEvaluation digital = evaluator.evaluate(temporal.get(), ordering);
      LayerEvaluation e = imc.isPresent() ? imc.get().apply(p, digital) : digital;
      if (best == null || BEST.compare(e, best) < 0) {
        best = e;
      }
    }
    return Optional.ofNullable(best);
  }

  private static IllegalArgumentException doesNotFit(Layer layer, Core core, LayerMapping lm) {
    return new IllegalArgumentException("layer " + layer.name() + " does not fit the memories of core "
        + core.name() + " under any temporal loop ordering" + (lm.temporalOrdering().isEmpty() ? ""
        : " (the mapping fixes one)") + (lm.searchesSpatial() ? " and spatial unrolling of its hint" : ""));
  }
}
