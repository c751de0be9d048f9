package org.laminar.benchmarks;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.laminar.cost.AnalyticalCostModel;
import org.laminar.cost.LayerEvaluation;
import org.laminar.cost.TileCost;
import org.laminar.hardware.Core;
import org.laminar.io.Inputs;
import org.laminar.workload.Layer;
import org.laminar.workload.LoopDim;
import org.laminar.workload.Operand;
import org.laminar.workload.OperatorType;
import org.laminar.workload.Padding;
import org.laminar.workload.Precision;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * One (layer shape, core) costing: the full loop-order search on a fresh model, and the memoised
 * look-up of a warm one. The shape is a ResNet-18 3×3 convolution band (64 → 64 channels, 14 × 56
 * outputs) on the bundled TPU-like core.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class CostModelBenchmark {
  private Layer layer;
  private Core core;
  private AnalyticalCostModel warm;

  @Setup
  public void setUp() {
    Map<LoopDim, Integer> dims = new EnumMap<>(LoopDim.class);
    dims.put(LoopDim.K, 64);
    dims.put(LoopDim.C, 64);
    dims.put(LoopDim.OY, 14);
    dims.put(LoopDim.OX, 56);
    dims.put(LoopDim.FY, 3);
    dims.put(LoopDim.FX, 3);
    layer = new Layer(0, "conv", OperatorType.CONV, "Conv", dims, 1, 1, 1, 1, new Padding(1, 1, 1, 1),
        new Precision(8, 8, 16, 8), Map.of(Operand.I, List.of()));
    core = Inputs.accelerator("single-core").cores().get(0);
    warm = new AnalyticalCostModel();
    warm.cost(layer, core);
  }

  /** The loop-order search of one shape, nothing memoised. */
  @Benchmark
  public LayerEvaluation search() {
    return new AnalyticalCostModel().evaluate(layer, core);
  }

  /** A look-up in the memo of a model that has costed the shape. */
  @Benchmark
  public TileCost memoised() {
    return warm.cost(layer, core);
  }
}
