package org.laminar.bound;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;
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
import org.laminar.tiling.Split;
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
 * The capacity bounds computed by hand, each on a problem where it exceeds the five other bounds.
 * 1×1 convolutions with 8-bit inputs and weights; every tile of 4 output pixels; DRAM
 * reads and writes 8 bits per cycle on one shared port. Each core has a weight memory (operand
 * I2) apart from a roomy memory for activations.
 */
class CapacityBoundsTest {
  /** Two row bands, even for a layer alone in its stack. */
  private static final LayerTiling TWO_BANDS = new LayerTiling(Split.parse("2"), Split.ONE, List.of(), false, true);

  private static Layer conv(int id, String name, int k, int c, int oy, int outputBits, List<Integer> producers) {
    return new Layer(id, name, OperatorType.CONV, "Conv", Map.of(LoopDim.K, k, LoopDim.C, c, LoopDim.OY, oy,
        LoopDim.OX, 2), 1, 1, 1, 1, Padding.NONE, new Precision(8, 8, 16, outputBits),
        producers.isEmpty() ? Map.of() : Map.of(Operand.I, producers));
  }

  private static MemoryLevel memory(String name, long bits, Set<MemoryOperand> operands) {
    List<PortAllocation> allocations = operands.stream().map(o -> new PortAllocation(o,
        o == MemoryOperand.O ? DataDirection.FL : DataDirection.TL)).toList();
    return new MemoryLevel(name, bits, 1, 1, operands, List.of(new MemoryPort("rw", MemoryPort.Type.READ_WRITE, 8,
        64, allocations)), Set.of("D1"));
  }

  private static Core core(int id, long weightBits) {
    return new Core(id, "core" + id, new OperationalArray(1, Map.of("D1", 4)), List.of(
        memory("weights", weightBits, Set.of(MemoryOperand.I2)),
        memory("activations", 1 << 20, Set.of(MemoryOperand.I1, MemoryOperand.O))), SpatialUnrolling.NONE);
  }

  private static SchedulingProblem problem(Workload workload, LayerTiling tiling, int cores, long weightBits,
      long tileCycles) {
    return problem(workload, tiling, cores, weightBits, tileCycles, Map.of());
  }

  private static SchedulingProblem problem(Workload workload, LayerTiling tiling, int cores, long weightBits,
      long tileCycles, Map<Integer, List<Integer>> layerCores) {
    CostModel cost = (shape, core) -> new TileCost(tileCycles, shape.macs(), 0, 1);
    TileGraph graph = TileGraphBuilder.build(Tiling.uniform(workload, tiling,
        new FusionPolicy.All()));
    Accelerator acc = new Accelerator("capacity", IntStream.range(0, cores).mapToObj(i -> core(i, weightBits))
        .toList(), List.of(), new Dram(8, 8, true, 1, 1));
    return SchedulingProblem.of(graph, acc, cost).withLayerCores(layerCores);
  }

  @Test
  void weightsThatDoNotFitTogetherAreLoadedOneLayerAfterTheOther() {
    // One core, a → b, one tile each of 16 cycles. a reads 4·4 px·8 = 128 input bits (16 cycles),
    // each layer has 4·4·8 = 128 weight bits (16 cycles), b stores 128 output bits (16 cycles).
    // The weight memory holds 160 bits: either layer's weights, never both.
    // a: head 16 + 16 = 32, finish 48, tail 16 + 16 = 32; b: head 48 (after a, and after the three
    // reads 48), finish 64, tail 16 (store). Critical path 80; work 32; DRAM 3·16 + 16 = 64; core
    // windows 32 + 32 + 16 = 80; DRAM windows: the three reads (tails ≥ 32) 48 + 32 = 80.
    // Residency: neither slice can have ended before cycle 48 (a's finish), so both, 256 bits, are
    // unfinished at cycle 47; at most 160 of them are resident, so a whole load of ≥ 128 bits starts
    // at 48 or later: 48 + 16, then the first tile of its layer and its tail, at least
    // min(16 + 32, 16 + 16) = 32: 96. The optimum is 96 too: input [0,16), a's weights [16,32),
    // a [32,48); b's weights only once a has freed the memory, [48,64), b [64,80), store [80,96).
    Workload w = new Workload("ab", List.of(conv(0, "a", 4, 4, 2, 8, List.of()), conv(1, "b", 4, 4, 2, 8, List.of(0))));
    LatencyBounds bounds = LatencyBounds.of(problem(w, LayerTiling.WHOLE, 1, 160, 16));
    // Pinned layer (each layer may only use the one core): b after a, a's input and load before a,
    // b's load outside a's residency, b's store after it: 16 + 16 + 16 + 16 + 16 = 80.
    assertEquals(new LatencyBounds(80, 32, 64, 80, 80, 80, 96, 80), bounds);
    assertEquals(96, bounds.bestCycles());
    // With room for both layers' weights (256 bits), b's load may overlap a: no residency bound.
    assertEquals(0, LatencyBounds.of(problem(w, LayerTiling.WHOLE, 1, 256, 16)).residencyCycles());
  }

  @Test
  void aLayerSpreadOverCoresIsReadOncePerCore() {
    // Two cores, one layer a (K 8, C 4, 2-bit outputs) in two row bands of 36 cycles each. Per
    // tile: input 4·4·8 = 128 bits (16 cycles), output 8·4·2 = 64 bits (store 8 cycles); the
    // layer's one weight slice is 8·4·8 = 256 bits (32 cycles) and fits a core.
    // Heads 16 + 32 = 48, finishes 84, tails 8: critical path 92; work 72 / 2 = 36; DRAM
    // 32 + 2·16 + 2·8 = 80; core windows 48 + 36 + 8 = 92; DRAM windows: the reads (tails
    // 36 + 8 = 44) 64 + 44 = 108 (the stores after 84: 100).
    // Re-load: both tiles lie in [48, C − 8]; one core needs 72 cycles for them, so below C = 128
    // they run on two cores and the slice is read twice: traffic 80 + 32 = 112, and in the DRAM
    // windows both copies (tails ≥ 44) join the two input loads: 16 + 16 + 32 + 32 + 44 = 140 > C.
    // So C ≥ 128, where one copy fits (traffic 80, windows 108). That is the optimum: one core,
    // reads [0, 64), tiles [48, 120), the last store [120, 128).
    Workload w = new Workload("a", List.of(conv(0, "a", 8, 4, 4, 2, List.of())));
    LatencyBounds bounds = LatencyBounds.of(problem(w, TWO_BANDS, 2, 256, 36));
    assertEquals(new LatencyBounds(92, 36, 80, 92, 108, 128, 0, 0), bounds);
    assertEquals(128, bounds.bestCycles());
    // On one core the tiles cannot spread: they fit [48, C − 8] only from C = 128 on, with the
    // slice read once (the core windows give 128 too).
    assertEquals(128, LatencyBounds.of(problem(w, TWO_BANDS, 1, 256, 36)).reloadCycles());
  }

  @Test
  void aLayerPinnedToOneCoreLeavesThePortIdleWhileItsTilesRun() {
    // Two cores with 32-bit weight memories; p (K 4, C 1) only on core 0, in two channel slices of
    // 16 cycles, each reading the 32-bit input (4 cycles) with a 16-bit slice (2); s (K 16, C 4) in
    // two channel slices, each reading both of p's tiles, with a 256-bit slice that fits no core:
    // streamed, 32 cycles, and a 256-bit output stored in 32.
    // Heads: p 4 + 2 = 6; s after the reads of both inputs and slices, 12, due 16 before it: 28.
    // Tails: s 32; p 96 (both stores, released 32 after p ends). Critical path 22 + 96 = 118; work
    // (32 + 64) / 2 = 48; DRAM 4 + 8 + 64 reads + 64 writes = 140; core windows on core 0: 6 + 32
    // + 96 = 134; DRAM windows: from 28 the two streams and stores, 28 + 128 = 156; re-load the
    // same (each slice has one tile); residency 0 (p's 32 bits fit core 0).
    // Pinned: p's tiles run one after the other on core 0 (32 cycles); before the first, p's load
    // (4) and its input (4); after the last, both streams and stores (128): 168. The optimum: p's
    // load [0, 4), p/t0's input [4, 8), p/t0 [8, 24) and p/t1 [24, 40) on core 0 (p/t1's input
    // meanwhile), s/t0 [40, 72) and s/t1 [72, 104) on core 0 streaming, stores [104, 168).
    Workload w = new Workload("ps", List.of(conv(0, "p", 4, 1, 2, 8, List.of()), conv(1, "s", 16, 4, 2, 8, List.of(0))));
    LatencyBounds bounds = LatencyBounds.of(problem(w, LayerTiling.parse("k=2"), 2, 32, 16, Map.of(0, List.of(0))));
    assertEquals(new LatencyBounds(118, 48, 140, 134, 156, 156, 0, 168), bounds);
  }
}
