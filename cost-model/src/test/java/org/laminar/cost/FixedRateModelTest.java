package org.laminar.cost;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.laminar.hardware.Core;
import org.laminar.hardware.DataDirection;
import org.laminar.hardware.FixedRateArray;
import org.laminar.hardware.MemoryLevel;
import org.laminar.hardware.MemoryOperand;
import org.laminar.hardware.MemoryPort;
import org.laminar.hardware.OperationalArray;
import org.laminar.hardware.PortAllocation;
import org.laminar.hardware.SpatialUnrolling;
import org.laminar.workload.Layer;
import org.laminar.workload.LoopDim;
import org.laminar.workload.OperatorType;
import org.laminar.workload.Padding;
import org.laminar.workload.Precision;

/**
 * A layer on an AIE compute tile (a fixed-rate array of Stream's AIE2 rates: 32 MACs per cycle
 * with 16-bit operands, 16 with 32-bit ones), costed by hand from Stream's rule {@code cycles =
 * ceil(MACs / (rate · utilisation / 100))}, energy 0. The layer: a 1×1 convolution of K 8, C 4,
 * 8 × 8 outputs: 8·4·8·8 = 2,048 MACs; at 16 bits its input is 4·8·8·16 = 4,096 bits, its weights
 * 8·4·16 = 512 and its output 8·8·8·16 = 8,192: 12,800 bits in all.
 */
class FixedRateModelTest {
  private static final FixedRateArray AIE2 = new FixedRateArray(Map.of(16, 32, 32, 16), Map.of());

  private static Layer conv(int bits, int outputBits) {
    return conv("conv", bits, outputBits);
  }

  private static Layer conv(String name, int bits, int outputBits) {
    return new Layer(0, name, OperatorType.CONV, "Conv", Map.of(LoopDim.K, 8, LoopDim.C, 4, LoopDim.OY, 8,
        LoopDim.OX, 8), 1, 1, 1, 1, Padding.NONE, new Precision(bits, bits, outputBits, outputBits), Map.of());
  }

  /** A tile whose one memory of {@code bits} holds every operand, running the kernels of {@code utilization}. */
  private static Core tile(long bits, Map<String, Double> utilization) {
    List<PortAllocation> allocations = EnumSet.allOf(MemoryOperand.class).stream().flatMap(o -> EnumSet
        .allOf(DataDirection.class).stream().map(d -> new PortAllocation(o, d))).toList();
    MemoryLevel l1 = new MemoryLevel("l1", bits, 0, 0, EnumSet.allOf(MemoryOperand.class),
        List.of(new MemoryPort("rw", MemoryPort.Type.READ_WRITE, 512, 512, allocations)), Set.of());
    return new Core(2, "aie", OperationalArray.fixedRate(AIE2.withKernels(utilization)), List.of(l1),
        SpatialUnrolling.NONE);
  }

  @Test
  void cyclesAreTheMacsOverTheRateScaledByTheKernelsUtilization() {
    // 32 × 61.8 % = 19.776 MACs per cycle: 2,048 / 19.776 = 103.56, so 104 cycles; the ideal 2,048 / 32 = 64.
    TileCost cost = new AnalyticalCostModel().cost(conv(16, 16), tile(524_288, Map.of("conv", 61.8)));
    assertEquals(new TileCost(104, 0, 0, 64.0 / 104), cost);
    // No kernel: 100 %, 2,048 / 32 = 64 cycles.
    assertEquals(64, new AnalyticalCostModel().cost(conv(16, 16), tile(524_288, Map.of())).cycles());
    // 32-bit operands: 16 MACs per cycle, 2,048 / 16 = 128 cycles; at 50 %, 8 per cycle: 256.
    assertEquals(128, new AnalyticalCostModel().cost(conv(32, 32), tile(524_288, Map.of())).cycles());
    assertEquals(256, new AnalyticalCostModel().cost(conv(32, 32), tile(524_288, Map.of("conv", 50.0))).cycles());
  }

  @Test
  void layersOfOneShapeRunTheirOwnKernels() {
    // One model, one tile: "slow" runs at 50 % (2,048 / 16 = 128 cycles), "fast" at 100 % (64); the
    // shapes are equal, so a memo keyed on the shape alone would give both the first one's cycles.
    AnalyticalCostModel model = new AnalyticalCostModel();
    Core aie = tile(524_288, Map.of("slow", 50.0, "fast", 100.0));
    assertEquals(128, model.cost(conv("slow", 16, 16), aie).cycles());
    assertEquals(64, model.cost(conv("fast", 16, 16), aie).cycles());
    assertEquals(128, model.cost(conv("slow", 16, 16), aie).cycles());
  }

  @Test
  void aPrecisionWithoutARateIsRefusedNamingThePrecisions() {
    String why = "layer conv: core aie has a MAC rate for operands of 16 or 32 bits, one precision for every input "
        + "and the output; the layer's are ";
    assertEquals(why + "I 8, W 8, O 8 bits", assertThrows(IllegalArgumentException.class,
        () -> new AnalyticalCostModel().cost(conv(8, 8), tile(524_288, Map.of()))).getMessage());
    assertEquals(why + "I 16, W 16, O 32 bits", assertThrows(IllegalArgumentException.class,
        () -> new AnalyticalCostModel().cost(conv(16, 32), tile(524_288, Map.of()))).getMessage());
  }

  @Test
  void theOperandsMustFitTheTopMemoryTogether() {
    assertEquals(64, new AnalyticalCostModel().cost(conv(16, 16), tile(12_800, Map.of())).cycles());
    assertEquals("layer conv: does not fit the memories of core aie: operands I, W, O need 12800 bits of memory l1, "
        + "which holds 12799", assertThrows(IllegalArgumentException.class,
            () -> new AnalyticalCostModel().cost(conv(16, 16), tile(12_799, Map.of()))).getMessage());
  }

  @Test
  void aKernelsUtilizationIsAPercentage() {
    assertThrows(IllegalArgumentException.class, () -> AIE2.withKernels(Map.of("conv", 0.0)));
    assertThrows(IllegalArgumentException.class, () -> AIE2.withKernels(Map.of("conv", 100.5)));
  }
}
