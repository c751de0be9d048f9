package org.laminar.cost;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
import org.laminar.workload.OperatorType;
import org.laminar.workload.Padding;
import org.laminar.workload.Precision;

/** The spatial unrolling the cost model generates for a core without dataflows, derived by hand. */
class GeneratedSpatialTest {

  /**
   * A 4×4 array (D1, D2); a one-word output register per D1 column shared over D2 with an 8-bit
   * port, and a buffer for everything with a 256-bit port.
   */
  private static Core core(SpatialUnrolling dataflow) {
    MemoryPort regPort = new MemoryPort("r", MemoryPort.Type.READ_WRITE, 8, 8, List.of(
        new PortAllocation(MemoryOperand.O, DataDirection.TL), new PortAllocation(MemoryOperand.O, DataDirection.FL),
        new PortAllocation(MemoryOperand.O, DataDirection.FH), new PortAllocation(MemoryOperand.O, DataDirection.TH)));
    MemoryLevel reg = new MemoryLevel("reg_o", 8, 0.1, 0.1, Set.of(MemoryOperand.O), List.of(regPort), Set.of("D2"));
    MemoryPort bufPort = new MemoryPort("b", MemoryPort.Type.READ_WRITE, 256, 256, List.of(
        new PortAllocation(MemoryOperand.I1, DataDirection.TL), new PortAllocation(MemoryOperand.I1, DataDirection.FH),
        new PortAllocation(MemoryOperand.I2, DataDirection.TL), new PortAllocation(MemoryOperand.I2, DataDirection.FH),
        new PortAllocation(MemoryOperand.O, DataDirection.TL), new PortAllocation(MemoryOperand.O, DataDirection.FL),
        new PortAllocation(MemoryOperand.O, DataDirection.FH), new PortAllocation(MemoryOperand.O, DataDirection.TH)));
    MemoryLevel buf = new MemoryLevel("buf", 1 << 20, 1.0, 2.0,
        Set.of(MemoryOperand.I1, MemoryOperand.I2, MemoryOperand.O), List.of(bufPort), Set.of("D1", "D2"));
    Map<String, Integer> dims = new LinkedHashMap<>();
    dims.put("D1", 4);
    dims.put("D2", 4);
    return new Core(0, "four", new OperationalArray(0.5, dims), List.of(reg, buf), dataflow);
  }

  /** K 8, C 4, a 2×2 output, 3×3 kernel: 8·4·2·2·3·3 = 1,152 MACs. */
  private static Layer conv() {
    return new Layer(0, "conv", OperatorType.CONV, "Conv", Map.of(LoopDim.K, 8, LoopDim.C, 4, LoopDim.OY, 2,
        LoopDim.OX, 2, LoopDim.FY, 3, LoopDim.FX, 3), 1, 1, 1, 1, Padding.NONE, new Precision(8, 8, 8, 8), Map.of());
  }

  private static SpatialUnrolling unroll(LoopDim d1, int f1, LoopDim d2, int f2) {
    Map<String, List<Unroll>> map = new LinkedHashMap<>();
    map.put("D1", List.of(new Unroll(d1, f1)));
    map.put("D2", List.of(new Unroll(d2, f2)));
    return new SpatialUnrolling(map);
  }

  @Test
  void aCoreWithoutDataflowUnrollsKOverD1AndCOverD2() {
    // reg_o is innermost and shared over D2 with one 8-bit partial sum per cycle, so D2 may not
    // unroll a loop outputs depend on (K, OY, OX): D2 takes C 4 (or FY 3, FX 3), D1 K 4 (C is used
    // up). The only candidate on all 16 PEs is K 4 × C 4: 1,152 / 16 = 72 cycles, utilisation 1.
    LayerEvaluation generated = new AnalyticalCostModel().evaluate(conv(), core(SpatialUnrolling.GENERATED));
    assertEquals(72, generated.temporalCycles());
    assertEquals(1.0, generated.spatialUtilization(), 1e-12);
    assertEquals(new AnalyticalCostModel().evaluate(conv(), core(unroll(LoopDim.K, 4, LoopDim.C, 4))), generated,
        "the generated unrolling costs exactly as the dataflow D1: K 4, D2: C 4");
    // The mirror image, K over D2, needs 4 partial sums in the one-word register: refused.
    assertThrows(IllegalArgumentException.class,
        () -> new AnalyticalCostModel().evaluate(conv(), core(unroll(LoopDim.C, 4, LoopDim.K, 4))));
  }

  @Test
  void aCoreWithNoUnrollingStillRunsOneMacPerCycle() {
    // SpatialUnrolling.NONE is an explicit choice (one PE), not a request to generate one.
    assertEquals(1152, new AnalyticalCostModel().evaluate(conv(), core(SpatialUnrolling.NONE)).temporalCycles());
  }

  @Test
  void aMappingWithASpatialUnrollingOverridesTheGeneration() {
    Mapping mapping = new Mapping(Map.of("conv", LayerMapping.spatialOnly(unroll(LoopDim.C, 4, LoopDim.FY, 3))));
    // C 4 × FY 3 on 12 PEs: 8·2·2·3 = 96 cycles.
    assertEquals(96, new AnalyticalCostModel(mapping).evaluate(conv(), core(SpatialUnrolling.GENERATED))
        .temporalCycles());
  }

  @Test
  void candidatesComeFullestFirstAndKeepOutputLoopsOffTheSharedRegister() {
    // By ZigZag's indicator (PEs + PEs / largest unrolling − 1): K 4 × C 4 scores 16 + 4 − 1 = 19;
    // the 12-PE ones K 4 × FY 3 and K 4 × FX 3 score 12 + 3 − 1 = 14 and come next in enumeration
    // order (D1's loops as LoopDim lists them, D2's likewise).
    List<SpatialUnrolling> candidates = GeneratedSpatial.candidates(
        new Problem(conv(), core(SpatialUnrolling.GENERATED), LayerMapping.spatialOnly(SpatialUnrolling.GENERATED)));
    assertEquals(List.of(unroll(LoopDim.K, 4, LoopDim.C, 4), unroll(LoopDim.K, 4, LoopDim.FY, 3),
        unroll(LoopDim.K, 4, LoopDim.FX, 3)), candidates.subList(0, 3));
    for (SpatialUnrolling s : candidates) {
      for (Unroll u : s.byArrayDimension().get("D2")) {
        assertTrue(Set.of(LoopDim.C, LoopDim.FY, LoopDim.FX).contains(u.dim()), "D2 unrolls " + u);
      }
    }
  }
}
