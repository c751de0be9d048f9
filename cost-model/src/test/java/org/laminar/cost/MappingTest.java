package org.laminar.cost;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.laminar.hardware.MemoryOperand;
import org.laminar.hardware.SpatialUnrolling;
import org.laminar.hardware.Unroll;
import org.laminar.workload.Layer;
import org.laminar.workload.LoopDim;
import org.laminar.workload.Operand;
import org.laminar.workload.OperatorType;
import org.laminar.workload.Padding;
import org.laminar.workload.Precision;

class MappingTest {
  private static LayerMapping unrolling(LoopDim dim) {
    return LayerMapping.spatialOnly(new SpatialUnrolling(Map.of("D1", List.of(new Unroll(dim, 2)))));
  }

  private static Layer layer(String name, String opName) {
    return new Layer(0, name, OperatorType.CONV, opName, Map.of(LoopDim.K, 4), 1, 1, 1, 1, Padding.NONE,
        new Precision(8, 8, 16, 8), Map.of());
  }

  @Test
  void looksUpLayerNameThenOperatorThenDefaultThenDataflow() {
    LayerMapping byName = unrolling(LoopDim.K);
    LayerMapping byOp = unrolling(LoopDim.C);
    LayerMapping fallback = unrolling(LoopDim.OX);
    Mapping mapping = new Mapping(Map.of("conv1", byName, "Conv", byOp, Mapping.DEFAULT, fallback));
    org.laminar.hardware.Core core = GemmCase.core();
    assertEquals(byName, mapping.forLayer(layer("conv1", "Conv"), core));
    assertEquals(byOp, mapping.forLayer(layer("conv2", "Conv"), core));
    assertEquals(byName, mapping.forLayer(layer("conv1#7", "Conv"), core), "a Stream group name");
    assertEquals(fallback, mapping.forLayer(layer("pool", "MaxPool"), core));
    assertEquals(LayerMapping.spatialOnly(core.dataflow()), Mapping.NONE.forLayer(layer("x", "Conv"), core));
  }

  @Test
  void linksDefaultToZigZagsOperands() {
    LayerMapping m = new LayerMapping(SpatialUnrolling.NONE, List.of(), Map.of(Operand.O, MemoryOperand.O));
    assertEquals(MemoryOperand.I2, m.link(Operand.W));
    assertEquals(MemoryOperand.I1, m.link(Operand.I));
  }

  @Test
  void twoOperandsCannotShareAMemoryOperand() {
    assertThrows(IllegalArgumentException.class, () -> new LayerMapping(SpatialUnrolling.NONE, List.of(),
        Map.of(Operand.W, MemoryOperand.I1)));
  }

  @Test
  void primeFactorsAndReductionToSixFactors() {
    assertEquals(List.of(2, 2, 2, 7), LoopOrderSearch.primeFactors(56));
    assertEquals(List.of(97), LoopOrderSearch.primeFactors(97));
  }

  @Test
  void balancedReductionLowersTheLargestFirstToEachValuesMinimumInTurn() {
    double[] r = LayerEvaluator.reduceBalanced(new double[] {10, 4}, new double[] {1, 1}, 8);
    assertEquals(2, r[0], 1e-12);
    assertEquals(4, r[1], 1e-12);
    // 9 from the largest (to its minimum), then the second's slack, 3, shared by both: 2 left, 1 each.
    double[] two = LayerEvaluator.reduceBalanced(new double[] {10, 4}, new double[] {1, 1}, 11);
    assertEquals(0, two[0], 1e-12, "as in ZigZag, a larger value follows the later cuts below its own minimum");
    assertEquals(3, two[1], 1e-12);
    double[] none = LayerEvaluator.reduceBalanced(new double[] {10, 4}, new double[] {1, 1}, 0);
    assertEquals(10, none[0], 1e-12);
    double[] all = LayerEvaluator.reduceBalanced(new double[] {10, 4}, new double[] {1, 1}, 100);
    assertEquals(-2, all[0], 1e-12, "9, then 3 more");
    assertEquals(1, all[1], 1e-12);
    // A value whose minimum is itself still shrinks with the next one's cut (ZigZag's layer1 convolutions
    // of ResNet-18 on edge_tpu_like: the input and the output, 25,088 cycles each, minimums 25,088 and 1).
    double[] tie = LayerEvaluator.reduceBalanced(new double[] {25_088, 25_088}, new double[] {25_088, 1}, 1e6);
    assertEquals(1, tie[0], 1e-12);
    assertEquals(1, tie[1], 1e-12);
  }

  @Test
  void stridedKernelsCountDistinctInputs() {
    assertEquals(229, Relevance.extent(2, 1, 112, 7), 1e-9);
    assertEquals(4, Relevance.extent(2, 1, 4, 1), 1e-9, "a strided 1×1 kernel skips every other input");
    assertEquals(6, Relevance.extent(1, 1, 4, 3), 1e-9);
    assertEquals(3, Relevance.extent(1, 2, 1, 3), 1e-9, "dilation 2 with one output: three inputs");
  }
}
