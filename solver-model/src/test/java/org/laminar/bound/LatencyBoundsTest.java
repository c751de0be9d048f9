package org.laminar.bound;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.laminar.cost.CostModel;
import org.laminar.cost.TileCost;
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
import org.laminar.schedule.SchedulingProblem;
import org.laminar.tiling.FusionPolicy;
import org.laminar.tiling.LayerTiling;
import org.laminar.tiling.TileGraph;
import org.laminar.tiling.TileGraphBuilder;
import org.laminar.tiling.Tiling;
import org.laminar.workload.Layer;
import org.laminar.workload.LoopDim;
import org.laminar.workload.Operand;
import org.laminar.workload.OperatorType;
import org.laminar.workload.Padding;
import org.laminar.workload.Precision;
import org.laminar.workload.Workload;

/**
 * Bounds computed by hand on a fused chain of two 1×1 convolutions, each in two row bands: layer
 * 'a' (K 2, C 1, 4×2 output; per tile 8 MACs, 16 weight bits, 32 input bits) feeds 'b' (K 2, C 2;
 * per tile 16 MACs, 32 weight bits, 64 output bits). Core 0 runs 4 MACs per cycle, core 1 two.
 * DRAM reads 8 and writes 4 bits per cycle.
 */
class LatencyBoundsTest {

  private static final CostModel COST = (shape, core) ->
      new TileCost(shape.macs() / (core.id() == 0 ? 4 : 2), shape.macs(), 0, 1);

  private static Layer conv(int id, String name, int c, List<Integer> producers) {
    return new Layer(id, name, OperatorType.CONV, "Conv", Map.of(LoopDim.K, 2, LoopDim.C, c, LoopDim.OY, 4,
        LoopDim.OX, 2), 1, 1, 1, 1, Padding.NONE, new Precision(8, 8, 16, 8),
        producers.isEmpty() ? Map.of() : Map.of(Operand.I, producers));
  }

  private static Core core(int id, long sramBits) {
    MemoryPort port = new MemoryPort("rw", MemoryPort.Type.READ_WRITE, 8, 64, List.of(
        new PortAllocation(MemoryOperand.I1, DataDirection.TL), new PortAllocation(MemoryOperand.I2, DataDirection.TL),
        new PortAllocation(MemoryOperand.O, DataDirection.FL)));
    return new Core(id, "core" + id, new OperationalArray(1, Map.of("D1", 4)), List.of(new MemoryLevel("sram",
        sramBits, 1, 1, Set.of(MemoryOperand.I1, MemoryOperand.I2, MemoryOperand.O), List.of(port), Set.of("D1"))),
        SpatialUnrolling.NONE);
  }

  private static SchedulingProblem problem(boolean sharedPort, Map<Integer, List<Integer>> allowed) {
    return problem(new Dram(8, 4, sharedPort, 1, 1), 1 << 20, allowed);
  }

  private static SchedulingProblem problem(Dram dram, long sramBits, Map<Integer, List<Integer>> allowed) {
    Workload w = new Workload("ab", List.of(conv(0, "a", 1, List.of()), conv(1, "b", 2, List.of(0))));
    TileGraph graph = TileGraphBuilder.build(Tiling.uniform(w, LayerTiling.parse("oy=2"), new FusionPolicy.All()));
    Accelerator acc = new Accelerator("pair", List.of(core(0, sramBits), core(1, sramBits)), List.of(), dram);
    return SchedulingProblem.of(graph, acc, COST).withLayerCores(allowed);
  }

  @Test
  void threeBoundsByHand() {
    // a0: weights 16/8 = 2 then input 32/8 = 4 cycles, runs [6, 8); b0 may start only once the read
    // port has also brought b's weights, 32/8 = 4: at 10, runs [10, 14) on core 0; its 64-bit
    // output is stored in 64/4 = 16 cycles: 30.
    // Work: 2 + 2 + 4 + 4 = 12 cycles on 2 cores: 6.
    // DRAM: reads 2 + 4 (weights) + 4 + 4 (inputs) = 14, writes 16 + 16 = 32; one port: 46.
    // Core windows: b's two tiles from 10 on two cores, then the store: 10 + 4 + 16 = 30.
    // DRAM windows: the stores come after b's tiles end (14 at the earliest): 14 + 32 = 46; from 0,
    // everything: 46.
    // Re-load: b's tiles (4 cycles each) fit one core in [10, C − 16] from C = 34 on, a's in [6, C − 20]
    // from 30 on: one copy each, and the traffic and DRAM windows, 46, are the bound. The memories
    // are roomy: no residency bound.
    assertEquals(new LatencyBounds(30, 6, 46, 30, 46, 46, 0, 0), LatencyBounds.of(problem(true, Map.of())));
    assertEquals(46, LatencyBounds.of(problem(true, Map.of())).bestCycles());
  }

  @Test
  void separatePortsOverlapReadsAndWrites() {
    assertEquals(32, LatencyBounds.of(problem(false, Map.of())).dramCycles());
  }

  @Test
  void weightsTooLargeForTheCoresMayStreamDuringTheTile() {
    // DRAM reads 2 bits/cycle; 24-bit weight memories hold a's 16 weight bits, not b's 32.
    // a0: weights 8 + input 16 cycles, runs [24, 26). b0 may stream its 32 bits while it runs: it
    // lasts max(4, 16) cycles, until 42; store 16: 58. Loaded (32-bit memories), b0 waits until the
    // read port has brought a0's input and a's and b's weights, 16 + 8 + 16 = 40, ends at 44: 60.
    LatencyBounds bounds = LatencyBounds.of(problem(new Dram(2, 4, true, 1, 1), 24, Map.of()));
    assertEquals(58, bounds.criticalPathCycles());
    assertEquals(60, LatencyBounds.of(problem(new Dram(2, 4, true, 1, 1), 32, Map.of())).criticalPathCycles());
  }

  @Test
  void allowedCoresSetTheFastestCore() {
    // b only on the slower core 1: 8 cycles per tile; b0 starts after the reads of a0's input and
    // a's and b's weights, 4 + 2 + 4 = 10: path 10 + 8 + 16 = 34; work (2+2+8+8)/2 = 10.
    LatencyBounds bounds = LatencyBounds.of(problem(false, Map.of(1, List.of(1))));
    assertEquals(34, bounds.criticalPathCycles());
    assertEquals(10, bounds.workCycles());
    // Both of b's tiles queue on core 1 from 10: 10 + 16 + 16 (store) = 42; the write port stores
    // 2 × 16 cycles after the first of them ends, at 18 at the earliest: 50.
    assertEquals(42, bounds.coreWindowCycles());
    assertEquals(50, bounds.dramWindowCycles());
    assertEquals(50, bounds.bestCycles());
  }

  @Test
  void tilesConfinedToOneCoreQueueBehindEachOther() {
    // Everything on the slower core 1 (a 4, b 8 cycles per tile), DRAM ports apart (read 8, write 4).
    // Heads: a 4 + 2 = 6, b 6 + 4 = 10 (b's weights, 4, are loaded meanwhile); tails: b its store
    // 64 / 4 = 16, a 8 + 16 = 24. Path 6 + 4 + 24 = 34; work 24 on one core.
    // Core windows on core 1: all four tiles from 6, the last leaving a store: 6 + 24 + 16 = 46.
    // DRAM windows: the write port stores 2 × 16 cycles after b/t0 ends at 18 at the earliest: 50.
    // That is the optimum: a/t0 [6,10), b/t0 [10,18), a/t1 [18,22), b/t1 [22,30), stores [18,50).
    LatencyBounds bounds = LatencyBounds.of(problem(false, Map.of(0, List.of(1), 1, List.of(1))));
    // Re-load: only core 1 may run b's tiles, 16 cycles in [10, C − 16]: C ≥ 42 (a's: 8 in [6, C − 24],
    // 38); with one copy each, the traffic (32) and the DRAM windows (50) fit from 50 on.
    // Pinned layer: b's tiles one after the other on core 1 (16), after b's load (4), a's slice (2)
    // and nothing else on the read port (each a tile precedes one b tile only), before the last
    // one's store (16) on the write port: 16 + max(6, 16) = 32 (a's: 8 + its load and an input, 6: 14).
    assertEquals(new LatencyBounds(34, 24, 32, 46, 50, 50, 0, 32), bounds);
    assertEquals(50, bounds.bestCycles());
  }

  @Test
  void tilesOnDisjointCoresWaitForTheTransfer() {
    // a only on core 0 (2 cycles), b only on core 1 (8 cycles), no link: each edge goes through a
    // spill (64 bits written at 4 bits/cycle: 16) and a read-back (64 at 8: 8), 24 cycles.
    // Path: a/t0 ends at 6 + 2 = 8, b/t0 runs [32, 40), store 16: 56.
    // Core windows: b's tiles on core 1 from 32: 32 + 16 + 16 = 64.
    // DRAM windows (one port): the two stores after 40: 40 + 32 = 72.
    LatencyBounds bounds = LatencyBounds.of(problem(true, Map.of(0, List.of(0), 1, List.of(1))));
    assertEquals(56, bounds.criticalPathCycles());
    assertEquals(64, bounds.coreWindowCycles());
    assertEquals(72, bounds.dramWindowCycles());
  }

  @Test
  void theRelaxationSeesTheSpillsOnThePort() {
    // Started from 0, not from the analytical bounds. threeBoundsByHand: the reads (14) and stores
    // (32) in turn on the one port are a relaxed schedule of 46, the DRAM traffic bound.
    RelaxationBound.Settings settings = new RelaxationBound.Settings(0, 5, 1, 0);
    SchedulingProblem free = problem(true, Map.of());
    assertEquals(46, RelaxationBound.of(free, TileTimes.of(free), 0, settings).orElseThrow());
    // Disjoint cores, no link: both edges must be spilled (64 bits at 4: 16 each) and read back
    // (64 at 8: 8 each), on the same port as the reads (14) and stores (32): 94 busy cycles from 0.
    // Met: weights of a [0,2), input a/t0 [2,6), weights of b [6,10), input a/t1 [10,14), spill
    // a/t0 [14,30), read-back [30,38), b/t0 [38,46), spill a/t1 [38,54), read-back [54,62), b/t1
    // [62,70), stores [62,78) and [78,94). The analytical bounds stop at 72.
    SchedulingProblem apart = problem(true, Map.of(0, List.of(0), 1, List.of(1)));
    assertEquals(94, RelaxationBound.of(apart, TileTimes.of(apart), 0, settings).orElseThrow());
    LatencyBounds bounds = LatencyBounds.of(apart).withRelaxation(apart, settings);
    assertEquals(72, LatencyBounds.of(apart).bestCycles());
    assertEquals(94, bounds.relaxationCycles());
    assertEquals(94, bounds.bestCycles());
  }

  @Test
  void theRelaxationNeedsATimeLimit() {
    assertThrows(IllegalArgumentException.class, () -> new RelaxationBound.Settings(0, 0, 1, 0));
  }

  @Test
  void theMemoryBoundIsTheFullestTileWorkingSet() {
    // b/t0 holds its 64-bit output, a/t0's 64-bit output and b's 32 weight bits in the one SRAM:
    // 160 bits (a/t0: 64 + 32 input + 16 weights = 112).
    assertEquals(160, MemoryBound.fullestMemoryBits(problem(true, Map.of())));
    // With 24-bit SRAMs b's 32 weight bits are streamed wherever it runs and take no room: 128.
    assertEquals(128, MemoryBound.fullestMemoryBits(problem(new Dram(2, 4, true, 1, 1), 24, Map.of())));
  }
}
