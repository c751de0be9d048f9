package org.laminar.cost;

import static com.google.common.base.Preconditions.checkNotNull;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.laminar.hardware.Core;
import org.laminar.hardware.MemoryLevel;
import org.laminar.hardware.OperationalArray;
import org.laminar.hardware.SpatialUnrolling;
import org.laminar.workload.Layer;
import org.laminar.workload.LoopDim;
import org.laminar.workload.OperatorType;
import org.laminar.workload.Operand;
import org.laminar.workload.Padding;
import org.laminar.workload.Precision;

/**
 * ZigZag-style analytical cost model: spatial utilisation from the unrolling, data reuse per
 * memory level from the temporal loop ordering, word accesses from the port widths, stalls from
 * the port bandwidths, and on/off-loading. Equations and simplifications: {@code
 * cost-model/README.md}.
 *
 * <p>When a layer's mapping gives no temporal ordering, the model tries the loop orders of
 * {@link LoopOrderSearch} and keeps the one with the lowest latency (then the lowest energy).
 * Results are memoised per (layer shape, core type, mapping entry): tiles of one shape cost once,
 * on identical cores once. The model is safe for concurrent use; the memo is bounded ({@value
 * #MEMO_LIMIT} entries).
 *
 * <p>A mapping entry with a {@link SpatialHint} and no spatial unrolling costs the hint's
 * {@value #HINT_CANDIDATES} fullest unrollings that fit the memories and keeps the best the same way
 * (lowest latency, then lowest energy). So does a layer on a core without a dataflow ({@link
 * SpatialUnrolling#GENERATED}) whose mapping fixes and hints no unrolling, over the candidates of
 * {@link GeneratedSpatial}, ZigZag's spatial-mapping generator. A core whose array
 * is an in-memory-computing macro is costed by {@link ImcModel} over the same memory model; one with
 * a fixed MAC rate instead of a PE array (an AIE compute tile) by {@link FixedRateModel}.
 */
public final class AnalyticalCostModel implements CostModel {
  private static final Comparator<LayerEvaluation> BEST =
      Comparator.comparingDouble(LayerEvaluation::latencyCycles).thenComparingDouble(LayerEvaluation::energyPj);

  /**
   * Most (shape, core type) results kept; beyond it results are computed again (the same values)
   * instead of growing the memo. A fine tiling has few distinct shapes, so this is rarely reached.
   */
  static final int MEMO_LIMIT = 1 << 16;

  /** Spatial unrollings tried per hinted layer: ZigZag's default {@code nb_spatial_mappings_generated}. */
  static final int HINT_CANDIDATES = 3;

  private final Mapping mapping;
  private final ConcurrentHashMap<Key, CompletableFuture<Entry>> memo = new ConcurrentHashMap<>();

  /**
   * The shape of a layer: everything the cost depends on, without its name and producers; on a
   * fixed-rate core also the utilisation of the layer's kernel (0 on others), which is named by
   * the layer.
   */
  private record Key(OperatorType type, Map<LoopDim, Integer> dims, int strideY, int strideX, int dilationY,
      int dilationX, Padding padding, Precision precision, CoreType core, LayerMapping mapping, double kernel) {
  }

  /** A core without its id: identical cores of an accelerator cost a shape once. */
  private record CoreType(String name, OperationalArray array, List<MemoryLevel> memories,
      SpatialUnrolling dataflow) {
    CoreType(Core core) {
      this(core.name(), core.array(), core.memories(), core.dataflow());
    }
  }

  /**
   * A memoised result: the evaluation and its tile cost, or why the core cannot run the shape. The
   * refusal names no layer (the shape may be another layer's), so each caller is told of its own.
   */
  private record Entry(LayerEvaluation evaluation, TileCost cost, IllegalArgumentException refusal) {
    static Entry of(Supplier<LayerEvaluation> search) {
      try {
        LayerEvaluation e = search.get();
        return new Entry(e, e.toTileCost(), null);
      } catch (IllegalArgumentException refusal) {
        return new Entry(null, null, refusal);
      }
    }

    Entry orThrow(Layer shape) {
      if (refusal != null) {
        throw new IllegalArgumentException("layer " + shape.name() + ": " + refusal.getMessage(), refusal);
      }
      return this;
    }
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
    return lookup(shape, core).cost();
  }

  @Override
  public Optional<LayerEvaluation> evaluation(Layer shape, Core core) {
    return Optional.of(evaluate(shape, core));
  }

  /** The detailed evaluation of {@code shape} on {@code core} (memoised). */
  public LayerEvaluation evaluate(Layer shape, Core core) {
    return lookup(shape, core).evaluation();
  }

  /**
   * The memoised entry, searched once per key: a caller that finds another thread searching the
   * same key waits for its result instead of repeating the search.
   */
  private Entry lookup(Layer shape, Core core) {
    LayerMapping lm = mapping.forLayer(shape, core);
    Key key = new Key(shape.type(), shape.dims(), shape.strideY(), shape.strideX(), shape.dilationY(),
        shape.dilationX(), shape.padding(), shape.precision(), new CoreType(core), lm,
        core.array().fixedRate().map(a -> a.utilization(shape.name())).orElse(0.0));
    CompletableFuture<Entry> known = memo.get(key);
    if (known == null) {
      if (memo.size() >= MEMO_LIMIT) {
        return Entry.of(() -> best(shape, core, lm)).orThrow(shape);
      }
      CompletableFuture<Entry> mine = new CompletableFuture<>();
      known = memo.putIfAbsent(key, mine);
      if (known == null) {
        mine.complete(Entry.of(() -> best(shape, core, lm)));
        known = mine;
      }
    }
    return known.join().orThrow(shape);
  }

  /** Number of distinct (shape, core type) pairs costed so far. */
  public int memoisedShapes() {
    return memo.size();
  }

  private static LayerEvaluation best(Layer layer, Core core, LayerMapping lm) {
    if (core.array().fixedRate().isPresent()) {
      return FixedRateModel.evaluate(layer, core, lm);
    }
    if (lm.searchesSpatial()) {
      return searchSpatial(layer, core, lm, lm.hint().candidates(layer, core));
    }
    if (generatesSpatial(core, lm)) {
      return searchSpatial(layer, core, lm, GeneratedSpatial.candidates(new Problem(layer, core, lm)));
    }
    return search(layer, core, lm)
        .or(() -> Mapping.plainDataflow(layer, core, lm).flatMap(plain -> search(layer, core, plain)))
        .orElseThrow(() -> doesNotFit(core, lm));
  }

  /**
   * Whether the model generates the unrolling: the core has no dataflow ({@link
   * SpatialUnrolling#GENERATED}), the mapping fixes none and hints none, and the array has PEs (a
   * core without them is refused by {@link Problem}).
   */
  private static boolean generatesSpatial(Core core, LayerMapping lm) {
    return core.dataflow().generated() && lm.spatial().isEmpty() && lm.hint().isEmpty() && core.array().size() > 0;
  }

  private static LayerEvaluation searchSpatial(Layer layer, Core core, LayerMapping lm,
      List<SpatialUnrolling> candidates) {
    return candidates.stream()
        .flatMap(spatial -> search(layer, core, lm.withSpatial(spatial)).stream())
        .limit(HINT_CANDIDATES)
        .min(BEST)
        .orElseThrow(() -> doesNotFit(core, lm));
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

  private static IllegalArgumentException doesNotFit(Core core, LayerMapping lm) {
    return new IllegalArgumentException("does not fit the memories of core "
        + core.name() + " under any temporal loop ordering" + (lm.temporalOrdering().isEmpty() ? ""
        : " (the mapping fixes one)") + (lm.searchesSpatial() ? " and spatial unrolling of its hint"
        : generatesSpatial(core, lm) ? " and generated spatial unrolling" : ""));
  }
}
