package org.laminar.cost;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.laminar.hardware.Accelerator;
import org.laminar.hardware.Core;
import org.laminar.hardware.SpatialUnrolling;
import org.laminar.hardware.Unroll;
import org.laminar.workload.Layer;
import org.laminar.workload.LoopDim;
import org.laminar.workload.OperatorType;
import org.laminar.workload.Padding;
import org.laminar.workload.Precision;
import org.laminar.yaml.StreamAcceleratorReader;

/**
 * Stream's vector cores ({@code tpu_like_quad_core}: core 4 {@code pooling.yaml}, core 5
 * {@code simd.yaml}) unroll {@code K}; Laminar's pooling and element-wise layers carry their
 * channels in {@code G}, and {@link Mapping#forLayer} applies the unrolling there.
 */
class VectorCoreTest {
  private static final Accelerator QUAD = StreamAcceleratorReader.read(Path.of(System.getProperty("laminar.root"),
      "..", "shared", "instances", "stream", "examples", "hardware", "tpu_like_quad_core.yaml"));
  private static final Core POOLING = QUAD.cores().get(4);
  private static final Core SIMD = QUAD.cores().get(5);

  private final AnalyticalCostModel model = new AnalyticalCostModel();

  private static Layer layer(OperatorType type, String op, Map<LoopDim, Integer> dims) {
    return new Layer(0, "l", type, op, dims, 1, 1, 1, 1, Padding.NONE,
        new Precision(type.hasWeightOperand() ? 8 : 0, 8, type.accumulates() ? 16 : 8, 8), Map.of());
  }

  @Test
  void addRowTileUsesAllSimdLanes() {
    // ResNet-18's Add, one row tile: 64 channels × 56 columns = 3,584 element operations.
    LayerEvaluation add = model.evaluate(layer(OperatorType.ELEMENTWISE, "Add",
        Map.of(LoopDim.G, 64, LoopDim.OX, 56)), SIMD);
    // simd.yaml: D1 unrolls K 64 → the 64 channels on the 64 lanes: 3,584 / 64 = 56 cycles.
    assertEquals(56, add.temporalCycles());
    // One SRAM, two rw ports. Both inputs (I1, I2) are read towards the lanes on rw_port_2:
    // 64 lanes · 8 bits = 512 bits each, per cycle, on a 512-bit port, N = 56 periods of 1 cycle.
    // Per flow: real = allowed = 1, SS = 0, window = 1 · (56 − 1) = 55; the port's stall is
    // Σ windows − their union = 2 · 55 − 56 = 54 (the outputs go out on rw_port_1 alone: no stall).
    assertEquals(54, add.stallCycles());
    assertEquals(110, add.latencyCycles(), 1e-9);
  }

  @Test
  void maxPoolRowTileUsesAllPoolingPes() {
    // 3×3 max pooling, 64 channels, one output row of 56: 64 · 56 · 9 = 32,256 comparisons.
    LayerEvaluation pool = model.evaluate(layer(OperatorType.POOL, "MaxPool",
        Map.of(LoopDim.G, 64, LoopDim.OX, 56, LoopDim.FY, 3, LoopDim.FX, 3)), POOLING);
    // pooling.yaml: FX 3 × FY 3 × K 8 = 72 PEs, all busy (8 divides 64): 32,256 / 72 = 448 cycles.
    assertEquals(448, pool.temporalCycles());
    // It reads 72 · 8 = 576 bits per cycle on its 576-bit read port and writes 8 · 8 bits: no stall.
    assertEquals(0, pool.stallCycles());
  }

  @Test
  void depthwiseConvolutionKeepsItsUnrolling() {
    // A depthwise convolution also has its channels in G, but it is a convolution: the renaming
    // does not apply, so on the SIMD core (which unrolls only K, here 1) it runs on one lane.
    LayerEvaluation dw = model.evaluate(layer(OperatorType.CONV, "Conv",
        Map.of(LoopDim.G, 64, LoopDim.OX, 56)), SIMD);
    assertEquals(64 * 56, dw.temporalCycles());
  }

  @Test
  void mappingEntryIsTakenLiterally() {
    // A mapping entry (ZigZag's resnet18 'default': K 32 on D1) applies to a pooling layer as
    // written, as ZigZag applies it: the layer has no K, so the unrolling goes unused.
    Layer pool = layer(OperatorType.POOL, "MaxPool", Map.of(LoopDim.G, 64, LoopDim.OX, 56));
    LayerMapping entry = LayerMapping.spatialOnly(new SpatialUnrolling(Map.of("D1", List.of(new Unroll(LoopDim.K, 64)))));
    assertEquals(entry, new Mapping(Map.of(Mapping.DEFAULT, entry)).forLayer(pool, SIMD));
    // Without an entry, the core's dataflow (K 64) applies to G.
    assertEquals(new SpatialUnrolling(Map.of("D1", List.of(new Unroll(LoopDim.G, 64)))),
        Mapping.NONE.forLayer(pool, SIMD).spatial());
  }
}
