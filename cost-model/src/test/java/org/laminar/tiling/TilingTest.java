package org.laminar.tiling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.laminar.tiling.TestLayers.conv;
import static org.laminar.tiling.TestLayers.same3x3;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.laminar.hardware.Accelerator;
import org.laminar.hardware.Core;
import org.laminar.hardware.DataDirection;
import org.laminar.hardware.Dram;
import org.laminar.hardware.MemoryLevel;
import org.laminar.hardware.MemoryOperand;
import org.laminar.hardware.MemoryPort;
import org.laminar.hardware.OperationalArray;
import org.laminar.hardware.PortAllocation;
import org.laminar.hardware.SpatialUnrolling;
import org.laminar.workload.Layer;
import org.laminar.workload.OperatorType;
import org.laminar.workload.Padding;
import org.laminar.workload.Workload;

/** Tiling specifications: splits, fusion policies and their validation. */
class TilingTest {

  /** Layers 0-3: convolutions with 2x1, 4x2, 8x4 and 2x8 3x3 weights (8 bits), then a pool. */
  private static final Workload CHAIN = new Workload("chain", List.of(
      same3x3(0, 2, 1, 4, 4, List.of()),
      same3x3(1, 4, 2, 4, 4, List.of(0)),
      same3x3(2, 8, 4, 4, 4, List.of(1)),
      same3x3(3, 2, 8, 4, 4, List.of(2)),
      TestLayers.layer(4, OperatorType.POOL, "MaxPool", TestLayers.dims(1, 1, 2, 4, 4, 1), 1, 1, Padding.NONE,
          TestLayers.INT8, List.of(3), List.of())));

  private static List<List<Integer>> stacks(FusionPolicy policy) {
    return Tiling.uniform(CHAIN, LayerTiling.WHOLE, policy).stacks().stream().map(FusedStack::layers).toList();
  }

  @Test
  void splitsParseAndClamp() {
    assertEquals(Split.ALL, Split.parse(" ALL "));
    assertEquals(Split.of(3), Split.parse("3"));
    assertEquals(7, Split.ALL.partsFor(7));
    assertEquals(2, Split.of(5).partsFor(2));
    assertEquals("all", Split.ALL.toString());
    assertTrue(assertThrows(IllegalArgumentException.class, () -> Split.parse("0")).getMessage().contains(">= 1"));
    assertTrue(assertThrows(IllegalArgumentException.class, () -> Split.parse("x")).getMessage().contains("'x'"));
  }

  @Test
  void partitionsAreEvenWithLargerPartsFirst() {
    Partition p = new Partition(7, 4);
    List<Integer> starts = new ArrayList<>();
    for (int i = 0; i <= 4; i++) {
      starts.add(p.start(i));
    }
    assertEquals(List.of(0, 2, 4, 6, 7), starts);
    List<Integer> parts = new ArrayList<>();
    for (int e = 0; e < 7; e++) {
      parts.add(p.partOf(e));
    }
    assertEquals(List.of(0, 0, 1, 1, 2, 2, 3), parts);
    assertThrows(IllegalArgumentException.class, () -> new Partition(3, 4));
  }

  @Test
  void layerTilingParsesTheCommandLineForm() {
    assertEquals(new LayerTiling(Split.ALL, Split.of(2), List.of(), false), LayerTiling.parse("oy=all,k=2"));
    assertEquals(new LayerTiling(Split.of(4), Split.ONE, List.of(), false), LayerTiling.parse("OY=4"));
    assertEquals(new LayerTiling(Split.of(2), Split.ONE, List.of(), false, false, Split.ALL),
        LayerTiling.parse("oy=2, Ox=all"));
    String bad = assertThrows(IllegalArgumentException.class, () -> LayerTiling.parse("fx=2")).getMessage();
    assertTrue(bad.contains("tiling 'fx=2'") && bad.contains("unknown dimension 'fx' (use oy, ox or k)"), bad);
    String noValue = assertThrows(IllegalArgumentException.class, () -> LayerTiling.parse("oy")).getMessage();
    assertTrue(noValue.contains("expected oy=N|all, ox=N|all or k=N|all"), noValue);
    String zero = assertThrows(IllegalArgumentException.class, () -> LayerTiling.parse("ox=0")).getMessage();
    assertTrue(zero.contains("tiling 'ox=0'"), zero);
    assertThrows(IllegalArgumentException.class, () -> new LayerTiling(Split.ONE, Split.ONE, List.of(), true));
  }

  @Test
  void fusionPoliciesGiveConsecutiveStacks() {
    assertEquals(List.of(List.of(0, 1, 2, 3, 4)), stacks(FusionPolicy.parse("all", c -> List.of())));
    assertEquals(List.of(List.of(0), List.of(1), List.of(2), List.of(3), List.of(4)),
        stacks(FusionPolicy.parse("none", c -> List.of())));
    assertEquals(List.of(List.of(0, 1), List.of(2), List.of(3, 4)), stacks(FusionPolicy.parse("0-1, 3-4", c -> List.of())));
    assertEquals(List.of(List.of(0), List.of(1), List.of(2), List.of(3), List.of(4)),
        stacks(FusionPolicy.parse("2", c -> List.of())));
  }

  @Test
  void badFusionRangesAreRejectedWithTheText() {
    for (String text : List.of("1-0", "0-2,2-3", "a-b", "1-2-3", "")) {
      String msg = assertThrows(IllegalArgumentException.class, () -> FusionPolicy.parse(text, c -> List.of())).getMessage();
      assertTrue(msg.startsWith("fusion '" + text + "'"), msg);
    }
    String range = assertThrows(IllegalArgumentException.class, () -> stacks(FusionPolicy.parse("3-9", c -> List.of())))
        .getMessage();
    assertTrue(range.contains("layers 0-4 only"), range);
  }

  @Test
  void autoFusesALargeLayerOnlyWhenItsChannelSplitSpreadsItsWeightsOverCores() {
    // Layer 2 has 2304 weight bits and K = 8; four cores hold 1200 bits each.
    FusionPolicy auto = new FusionPolicy.Auto(c -> Collections.nCopies(c.isEmpty() ? 4 : c.size(), 1200L));
    assertEquals(List.of(List.of(0, 1), List.of(2), List.of(3, 4)),
        Tiling.uniform(CHAIN, LayerTiling.parse("oy=2"), auto).stacks().stream().map(FusedStack::layers).toList());
    // Split in two channel parts over two cores, each part (1152 bits) fits one core.
    assertEquals(List.of(List.of(0, 1, 2, 3, 4)),
        Tiling.uniform(CHAIN, LayerTiling.parse("oy=2,k=2"), auto).stacks().stream().map(FusedStack::layers)
            .toList());
  }

  @Test
  void autoGrowsStacksWhileTheWeightsFitTheAllowedCores() {
    // Weights: 144, 576, 2304, 1152 bits, the pool none.
    assertEquals(List.of(List.of(0, 1), List.of(2), List.of(3, 4)),
        stacks(new FusionPolicy.Auto(c -> List.of(2400L))));
    // 1200 bits: layer 2 (2304 bits) cannot stay resident, so it is a stack of its own.
    assertEquals(List.of(List.of(0, 1), List.of(2), List.of(3, 4)),
        stacks(new FusionPolicy.Auto(c -> List.of(1200L))));
    // Nothing fits 100 bits: every layer alone, the pool included (its producer is not resident).
    assertEquals(List.of(List.of(0), List.of(1), List.of(2), List.of(3), List.of(4)),
        stacks(new FusionPolicy.Auto(c -> List.of(100L))));
    // 2400 bits per core. Layers 0-1 on core 0 and 2-4 on core 1: all five (4176 bits) fit the two
    // cores together; on core 0 alone they do not.
    Map<Integer, List<Integer>> cores = Map.of(0, List.of(0), 1, List.of(0), 2, List.of(1), 3, List.of(1),
        4, List.of(1));
    FusionPolicy.WeightCapacity perCore = c -> Collections.nCopies(c.size(), 2400L);
    Tiling spread = Tiling.of(CHAIN, l -> LayerTiling.WHOLE.withCores(cores.get(l.id()), false),
        new FusionPolicy.Auto(perCore));
    assertEquals(List.of(List.of(0, 1, 2, 3, 4)), spread.stacks().stream().map(FusedStack::layers).toList());
    Tiling single = Tiling.uniform(CHAIN, LayerTiling.WHOLE.withCores(List.of(0), false),
        new FusionPolicy.Auto(perCore));
    assertEquals(List.of(List.of(0, 1), List.of(2), List.of(3, 4)),
        single.stacks().stream().map(FusedStack::layers).toList());
  }

  private static Core core(int id, MemoryLevel... memories) {
    return new Core(id, "c" + id, new OperationalArray(0.1, Map.of("D1", 4)), List.of(memories),
        SpatialUnrolling.NONE);
  }

  private static MemoryLevel sram(String name, long bits, MemoryOperand... operands) {
    List<PortAllocation> flows = new ArrayList<>();
    for (MemoryOperand o : operands) {
      flows.add(new PortAllocation(o, DataDirection.TL));
    }
    return new MemoryLevel(name, bits, 1, 1, Set.of(operands),
        List.of(new MemoryPort("rw", MemoryPort.Type.READ_WRITE, 64, 64, flows)), Set.of());
  }

  @Test
  void capacityAndCoreIdsAreCheckedAgainstAnAccelerator() {
    Accelerator acc = new Accelerator("three", List.of(
        core(0, sram("w", 1000, MemoryOperand.I2), sram("act", 5000, MemoryOperand.I1, MemoryOperand.O)),
        core(1, sram("shared", 3000, MemoryOperand.I1, MemoryOperand.I2, MemoryOperand.O)),
        core(2, sram("act", 700, MemoryOperand.I1, MemoryOperand.O))), List.of(), new Dram(64, 64, true, 1, 1));
    FusionPolicy.WeightCapacity capacity = FusionPolicy.WeightCapacity.of(acc);
    assertEquals(4000, capacity.bits(Set.of()));
    assertEquals(1000, capacity.bits(Set.of(0)));
    assertEquals(3000, capacity.bits(Set.of(1, 2)));
    assertEquals(0, capacity.bits(Set.of(2)));
    Tiling.uniform(CHAIN, LayerTiling.WHOLE.withCores(List.of(0, 2), false), new FusionPolicy.None()).checkCores(acc);
    Tiling onCore7 = Tiling.uniform(CHAIN, LayerTiling.WHOLE.withCores(List.of(1, 7), false), new FusionPolicy.None());
    String unknown = assertThrows(IllegalArgumentException.class, () -> onCore7.checkCores(acc)).getMessage();
    assertEquals("layer 'L0' is allocated to core 7, which accelerator three does not have", unknown);
  }

  @Test
  void stacksMustFollowTheTopologicalOrder() {
    Map<Integer, LayerTiling> whole = Map.of(0, LayerTiling.WHOLE, 1, LayerTiling.WHOLE, 2, LayerTiling.WHOLE,
        3, LayerTiling.WHOLE, 4, LayerTiling.WHOLE);
    String gap = assertThrows(IllegalArgumentException.class, () -> new Tiling(CHAIN, whole,
        List.of(new FusedStack(List.of(0, 2)), new FusedStack(List.of(1, 3, 4))))).getMessage();
    assertTrue(gap.contains("expected layer 'L1' (id 1) next, got layer id 2"), gap);
    String missing = assertThrows(IllegalArgumentException.class, () -> new Tiling(CHAIN, whole,
        List.of(new FusedStack(List.of(0, 1, 2, 3))))).getMessage();
    assertTrue(missing.contains("leave out layer 'L4'"), missing);
    String untiled = assertThrows(IllegalArgumentException.class, () -> new Tiling(CHAIN, Map.of(0,
        LayerTiling.WHOLE), List.of(new FusedStack(List.of(0, 1, 2, 3, 4))))).getMessage();
    assertTrue(untiled.contains("layer 'L1' has no tiling"), untiled);
  }

  @Test
  void channelSplitCutsGroupsWhereTheLayerHasThem() {
    Layer k = conv(0, 6, 1, 2, 2, 1, 1, Padding.NONE, List.of());
    Layer dw = TestLayers.depthwise(1, 6, 2, 2, 3, 1, new Padding(1, 1, 1, 1), List.of(0));
    Tiling tiling = Tiling.uniform(new Workload("g", List.of(k, dw)), LayerTiling.parse("k=3"),
        new FusionPolicy.None());
    assertEquals(org.laminar.workload.LoopDim.K, Tiling.channelDim(k));
    assertEquals(org.laminar.workload.LoopDim.G, Tiling.channelDim(dw));
    assertEquals(new Partition(6, 3), tiling.channelParts(dw));
    assertEquals(new Partition(2, 1), tiling.rowParts(dw));
  }
}
