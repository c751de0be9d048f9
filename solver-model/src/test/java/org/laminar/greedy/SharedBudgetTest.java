package org.laminar.greedy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.laminar.cost.CostModel;
import org.laminar.cost.TileCost;
import org.laminar.hardware.Accelerator;
import org.laminar.hardware.Core;
import org.laminar.hardware.DataDirection;
import org.laminar.hardware.Dram;
import org.laminar.hardware.Link;
import org.laminar.hardware.MemoryLevel;
import org.laminar.hardware.MemoryOperand;
import org.laminar.hardware.MemoryPort;
import org.laminar.hardware.OperationalArray;
import org.laminar.hardware.PortAllocation;
import org.laminar.hardware.SharedMemory;
import org.laminar.hardware.SpatialUnrolling;
import org.laminar.schedule.SchedulingProblem;
import org.laminar.tiling.Region;
import org.laminar.tiling.Tile;
import org.laminar.tiling.TileGraph;
import org.laminar.workload.Layer;
import org.laminar.workload.LoopDim;
import org.laminar.workload.Operand;
import org.laminar.workload.OperatorType;
import org.laminar.workload.Padding;
import org.laminar.workload.Precision;
import org.laminar.workload.Workload;

/**
 * The greedy memory index and stage budget over a memory two cores share: two tiles of one layer
 * with no weights, each 64 output bits and 32 network-input bits, so 96 bits in the one SRAM of
 * the core running it.
 */
class SharedBudgetTest {
  private static final Precision PRECISION = new Precision(8, 8, 16, 8);
  private static final CostModel COST = (shape, core) -> new TileCost(shape.macs(), shape.macs(), shape.macs(), 1);

  private static Core core(int id, long sramBits) {
    MemoryPort port = new MemoryPort("rw", MemoryPort.Type.READ_WRITE, 8, 64, List.of(
        new PortAllocation(MemoryOperand.I1, DataDirection.TL), new PortAllocation(MemoryOperand.I2, DataDirection.TL),
        new PortAllocation(MemoryOperand.O, DataDirection.FL)));
    MemoryLevel sram = new MemoryLevel("sram", sramBits, 1, 1, Set.of(MemoryOperand.I1, MemoryOperand.I2,
        MemoryOperand.O), List.of(port), Set.of("D1"));
    return new Core(id, "small", new OperationalArray(1, Map.of("D1", 4)), List.of(sram), SpatialUnrolling.NONE);
  }

  /** Two cores with SRAMs of {@code sramBits}: one shared memory, or each its own with a link between. */
  private static Context context(boolean shared, long sramBits) {
    Layer a = new Layer(0, "a", OperatorType.CONV, "Conv", Map.of(LoopDim.K, 2, LoopDim.C, 1, LoopDim.OY, 4,
        LoopDim.OX, 2), 1, 1, 1, 1, Padding.NONE, PRECISION, Map.of());
    Layer shape = a.withDims(Map.of(LoopDim.K, 2, LoopDim.C, 1, LoopDim.OY, 2, LoopDim.OX, 2));
    List<Tile> tiles = List.of(new Tile(0, 0, new Region(0, 2, 0, 2), shape, 0, 0, 64, 32, 0),
        new Tile(1, 0, new Region(0, 2, 2, 4), shape, 0, 0, 64, 32, 0));
    Accelerator acc = new Accelerator("pair", List.of(core(0, sramBits), core(1, sramBits)),
        shared ? List.of() : List.of(new Link("c0-c1", List.of(0, 1), 16, 0.5)), new Dram(8, 8, true, 2, 3),
        shared ? List.of(new SharedMemory("l2", List.of(0, 1), "sram")) : List.of());
    return new Context(SchedulingProblem.of(new TileGraph(new Workload("one", List.of(a)), tiles, List.of()), acc,
        COST));
  }

  @Test
  void coresSharingAMemoryGetOneDenseIdForIt() {
    Context shared = context(true, 1000);
    assertEquals(1, shared.memoryCount());
    assertEquals(shared.memoryId(0, Operand.O), shared.memoryId(1, Operand.I));
    assertEquals(List.of(0, 1), shared.memory(shared.memoryId(0, Operand.W)).cores());
    Context apart = context(false, 1000);
    assertEquals(2, apart.memoryCount());
    assertNotEquals(apart.memoryId(0, Operand.O), apart.memoryId(1, Operand.O));
    // One memory per core either way: the footprint's one entry is output plus network input.
    assertArrayEquals(new long[] {96}, footprint(shared, 1));
    assertArrayEquals(new long[] {96}, footprint(apart, 1));
  }

  private static long[] footprint(Context cx, int tile) {
    return cx.footprint(cx.tiles.get(tile), 1);
  }

  /** 96 + 96 = 192 bits: over a shared 191-bit SRAM, within a shared 192-bit one or two own ones. */
  @Test
  void aSharedMemoryHoldsTheLargestTileOfEverySharingCore() {
    Context shared = context(true, 191);
    Budget budget = new Budget(shared);
    budget.add(0, List.of(shared.tiles.get(0)));
    Optional<String> over = budget.overflow(1, List.of(shared.tiles.get(1)));
    assertTrue(over.isPresent());
    assertEquals("shared memory l2 (cores 0, 1) (191 bits) would hold 0 bits of weights plus 192 bits for tile 1",
        over.get());
    // On the same core the two tiles run one after the other: its largest tile, 96 bits, counts.
    assertEquals(Optional.empty(), budget.overflow(0, List.of(shared.tiles.get(1))));

    Context roomy = context(true, 192);
    Budget fits = new Budget(roomy);
    fits.add(0, List.of(roomy.tiles.get(0)));
    assertEquals(Optional.empty(), fits.overflow(1, List.of(roomy.tiles.get(1))));

    Context apart = context(false, 191);
    Budget own = new Budget(apart);
    own.add(0, List.of(apart.tiles.get(0)));
    assertEquals(Optional.empty(), own.overflow(1, List.of(apart.tiles.get(1))));
  }
}
