package org.laminar.cost;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.laminar.hardware.Core;
import org.laminar.hardware.DataDirection;
import org.laminar.hardware.MemoryLevel;
import org.laminar.hardware.MemoryOperand;
import org.laminar.hardware.MemoryPort;
import org.laminar.hardware.OperationalArray;
import org.laminar.hardware.PortAllocation;
import org.laminar.hardware.SpatialUnrolling;
import org.laminar.hardware.Unroll;
import org.laminar.workload.Layer;
import org.laminar.workload.LoopDim;
import org.laminar.workload.Operand;
import org.laminar.workload.OperatorType;
import org.laminar.workload.Padding;
import org.laminar.workload.Precision;

/** Small layers on a one-memory core, costed by hand from the equations of the README. */
class TinyLayerTest {

  /** A core with {@code arrayDims} PE array dimensions and one buffer for all operands, 8-bit ports. */
  private static Core core(Map<String, Integer> arrayDims, SpatialUnrolling dataflow) {
    return new Core(0, "tiny", new OperationalArray(0.5, arrayDims), List.of(buffer(arrayDims.keySet())), dataflow);
  }

  /**
   * One 2^20-bit buffer for all operands (read 1 pJ, write 2 pJ per access), an 8-bit port per
   * operand, shared along {@code servedDimensions}.
   */
  static MemoryLevel buffer(Set<String> servedDimensions) {
    MemoryPort i = new MemoryPort("i", MemoryPort.Type.READ_WRITE, 8, 8,
        List.of(new PortAllocation(MemoryOperand.I1, DataDirection.TL)));
    MemoryPort w = new MemoryPort("w", MemoryPort.Type.READ_WRITE, 8, 8,
        List.of(new PortAllocation(MemoryOperand.I2, DataDirection.TL)));
    MemoryPort o = new MemoryPort("o", MemoryPort.Type.READ_WRITE, 8, 8, List.of(
        new PortAllocation(MemoryOperand.O, DataDirection.TL), new PortAllocation(MemoryOperand.O, DataDirection.FL)));
    return new MemoryLevel("buf", 1 << 20, 1.0, 2.0,
        Set.of(MemoryOperand.I1, MemoryOperand.I2, MemoryOperand.O), List.of(i, w, o), servedDimensions);
  }

  private static Layer gemm(String name, int rows, int k, int c) {
    return new Layer(0, name, OperatorType.GEMM, "Gemm", Map.of(LoopDim.OY, rows, LoopDim.K, k, LoopDim.C, c),
        1, 1, 1, 1, Padding.NONE, new Precision(8, 8, 8, 8), Map.of());
  }

  private static SpatialUnrolling unroll(Object... arrayDimDimFactor) {
    Map<String, List<Unroll>> map = new LinkedHashMap<>();
    for (int j = 0; j < arrayDimDimFactor.length; j += 3) {
      map.put((String) arrayDimDimFactor[j],
          List.of(new Unroll((LoopDim) arrayDimDimFactor[j + 1], (Integer) arrayDimDimFactor[j + 2])));
    }
    return new SpatialUnrolling(map);
  }

  @Test
  void fourOutputChannelsOverFourPes() {
    // K = 4 on 4 PEs, C = 2 in time: 8 MACs in 2 cycles.
    Core core = core(Map.of("D1", 4), unroll("D1", LoopDim.K, 4));
    LayerEvaluation e = new AnalyticalCostModel().evaluate(gemm("g", 1, 4, 2), core);
    assertEquals(8 * 0.5, e.macEnergyPj(), 1e-9);
    // W: 4 new weights (32 bits, 4 words) per cycle, 2 cycles.
    assertEquals(8, e.access("buf", Operand.W).orElseThrow().reads());
    // I: one input broadcast to the 4 PEs (8 bits, 1 word) per cycle.
    assertEquals(2, e.access("buf", Operand.I).orElseThrow().reads());
    // O: 4 partial sums written and read back (32 bits each way) per cycle.
    assertEquals(8, e.access("buf", Operand.O).orElseThrow().writes());
    assertEquals(8, e.access("buf", Operand.O).orElseThrow().reads());
    assertEquals(8 * 1.0 + 2 * 1.0 + 8 * 2.0 + 8 * 1.0, e.memoryEnergyPj(), 1e-9);
    assertEquals(2, e.temporalCycles());
    // The O port needs 4 + 4 cycles per 1-cycle period: 3 + 3 cycles of stall over the second period.
    assertEquals(6, e.stallCycles());
    assertEquals(8, e.latencyCycles());
    assertEquals(0.25, e.utilization(), 1e-12);
  }

  @Test
  void dimensionsLargerThanTheirUnrollingWastePes() {
    // K = 9 over 8 PEs and OY = 9 over 8 PEs: ⌈9/8⌉·⌈9/8⌉ = 4 cycles where 81 MACs need 2 on 64 PEs.
    Map<String, Integer> dims = new LinkedHashMap<>();
    dims.put("D1", 8);
    dims.put("D2", 8);
    Core core = core(dims, unroll("D1", LoopDim.K, 8, "D2", LoopDim.OY, 8));
    LayerEvaluation e = new AnalyticalCostModel().evaluate(gemm("g", 9, 9, 1), core);
    assertEquals(2, e.idealCycles());
    assertEquals(4, e.temporalCycles());
    assertEquals(0.5, e.spatialUtilization(), 1e-12);
    // A dimension the core does not unroll is temporal: C = 3 triples the cycles.
    LayerEvaluation c3 = new AnalyticalCostModel().evaluate(gemm("g", 9, 9, 3), core);
    assertEquals(12, c3.temporalCycles());
    assertEquals(4.0 / 12, c3.spatialUtilization(), 1e-12);
  }

  @Test
  void unrollingsLargerThanTheLayerAreClipped() {
    Core core = core(Map.of("D1", 16), unroll("D1", LoopDim.K, 16));
    LayerEvaluation e = new AnalyticalCostModel().evaluate(gemm("g", 1, 4, 2), core);
    assertEquals(2, e.temporalCycles());
    assertEquals(8, e.access("buf", Operand.W).orElseThrow().reads());
  }

  @Test
  void costsAreMemoisedPerShape() {
    Core core = core(Map.of("D1", 4), unroll("D1", LoopDim.K, 4));
    AnalyticalCostModel model = new AnalyticalCostModel();
    LayerEvaluation first = model.evaluate(gemm("a", 1, 4, 2), core);
    assertSame(first, model.evaluate(gemm("b", 1, 4, 2), core), "same shape, other name: one evaluation");
    assertEquals(1, model.memoisedShapes());
    model.evaluate(gemm("c", 1, 4, 4), core);
    assertEquals(2, model.memoisedShapes());
    assertEquals(first.toTileCost(), model.cost(gemm("d", 1, 4, 2), core));
  }

  @Test
  void theSearchFindsAnOrderingWhenNoneIsGiven() {
    Core core = core(Map.of("D1", 4), unroll("D1", LoopDim.K, 4));
    LayerEvaluation e = new AnalyticalCostModel().evaluate(gemm("g", 6, 8, 9), core);
    long product = e.ordering().stream().mapToLong(TemporalLoop::size).reduce(1, (a, b) -> a * b);
    assertEquals(6 * 2 * 9, product, "the ordering covers all temporal iterations");
    assertEquals(6 * 2 * 9, e.temporalCycles());
    assertTrue(e.latencyCycles() >= e.temporalCycles());
  }

  /** A cost model mapping layer {@code g} with {@code spatial} (a ZigZag mapping file's unrolling). */
  private static AnalyticalCostModel mapped(SpatialUnrolling spatial) {
    return new AnalyticalCostModel(new Mapping(Map.of("g", LayerMapping.spatialOnly(spatial))));
  }

  @Test
  void aMappingOverAMissingArrayDimensionIsRejected() {
    Core core = core(Map.of("D1", 4), SpatialUnrolling.NONE);
    IllegalArgumentException ex = assertThrows(IllegalArgumentException.class,
        () -> mapped(unroll("D7", LoopDim.K, 4)).evaluate(gemm("g", 1, 4, 2), core));
    assertTrue(ex.getMessage().contains("D7"), ex.getMessage());
  }

  @Test
  void aMappingsUnrollingBeyondTheArrayIsCutToItAsZigZagDoes() {
    Core core = core(Map.of("D1", 4), SpatialUnrolling.NONE);
    LayerEvaluation e = mapped(unroll("D1", LoopDim.K, 8)).evaluate(gemm("g", 1, 8, 2), core);
    assertEquals(4, e.temporalCycles(), "K = 8 on 4 PEs: 2 iterations, times C = 2");
  }

  @Test
  void twoUnrollingsBeyondTheArrayAreRejected() {
    Map<String, List<Unroll>> both = Map.of("D1", List.of(new Unroll(LoopDim.K, 4), new Unroll(LoopDim.C, 2)));
    Core core = core(Map.of("D1", 4), SpatialUnrolling.NONE);
    IllegalArgumentException ex = assertThrows(IllegalArgumentException.class,
        () -> mapped(new SpatialUnrolling(both)).evaluate(gemm("g", 1, 8, 2), core));
    assertTrue(ex.getMessage().contains("8 PEs over array dimension D1"), ex.getMessage());
  }

  @Test
  void aCoresOwnDataflowMustNameItsArrayDimensions() {
    IllegalArgumentException missing = assertThrows(IllegalArgumentException.class,
        () -> core(Map.of("D1", 4), unroll("D7", LoopDim.K, 4)));
    assertEquals("core 0: the dataflow unrolls over array dimension D7, which the array ([D1]) does not have",
        missing.getMessage());
  }

  @Test
  void aCoreWithoutPesRunsNothingInsteadOfDividingByZero() {
    Core core = core(Map.of("D1", 0), SpatialUnrolling.NONE);
    IllegalArgumentException ex = assertThrows(IllegalArgumentException.class,
        () -> new AnalyticalCostModel().evaluate(gemm("g", 1, 4, 2), core));
    assertEquals("layer g: core tiny has no PEs (its array is {D1=0})", ex.getMessage());
  }

  @Test
  void aRefusalNamesTheLayerAskedAboutNotTheOneFirstCostedOfItsShape() {
    Core core = core(Map.of("D1", 0), SpatialUnrolling.NONE);
    AnalyticalCostModel model = new AnalyticalCostModel();
    assertThrows(IllegalArgumentException.class, () -> model.evaluate(gemm("first", 1, 4, 2), core));
    IllegalArgumentException ex = assertThrows(IllegalArgumentException.class,
        () -> model.evaluate(gemm("second", 1, 4, 2), core));
    assertEquals(1, model.memoisedShapes(), "both layers have one shape");
    assertEquals("layer second: core tiny has no PEs (its array is {D1=0})", ex.getMessage());
  }

  @Test
  void aTemporalOrderingThatDoesNotDivideIsRejected() {
    Core core = core(Map.of("D1", 4), unroll("D1", LoopDim.K, 4));
    LayerMapping mapping = new LayerMapping(core.dataflow(), List.of(new TemporalLoop(LoopDim.C, 3)), Map.of());
    IllegalArgumentException ex = assertThrows(IllegalArgumentException.class,
        () -> new AnalyticalCostModel(new Mapping(Map.of("g", mapping))).evaluate(gemm("g", 1, 4, 2), core));
    assertTrue(ex.getMessage().contains("layer g: temporal loop C 3"), ex.getMessage());
  }
}
