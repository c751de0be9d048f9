package org.laminar.schedule;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.laminar.cost.AnalyticalCostModel;
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
import org.laminar.hardware.Unroll;
import org.laminar.tiling.Region;
import org.laminar.tiling.Tile;
import org.laminar.tiling.TileGraph;
import org.laminar.workload.Layer;
import org.laminar.workload.LoopDim;
import org.laminar.workload.OperatorType;
import org.laminar.workload.Padding;
import org.laminar.workload.Precision;
import org.laminar.workload.Workload;

class SchedulingProblemTest {

  /** One 4-PE core (K unrolled) with a single buffer of {@code bufferBits} for all operands. */
  static Core core(int id, long bufferBits) {
    MemoryPort port = new MemoryPort("rw", MemoryPort.Type.READ_WRITE, 8, 64, List.of(
        new PortAllocation(MemoryOperand.I1, DataDirection.TL), new PortAllocation(MemoryOperand.I2, DataDirection.TL),
        new PortAllocation(MemoryOperand.O, DataDirection.TL), new PortAllocation(MemoryOperand.O, DataDirection.FL)));
    MemoryLevel buffer = new MemoryLevel("buf", bufferBits, 1, 2,
        Set.of(MemoryOperand.I1, MemoryOperand.I2, MemoryOperand.O), List.of(port), Set.of("D1"));
    return new Core(id, "tiny", new OperationalArray(0.5, Map.of("D1", 4)), List.of(buffer),
        new SpatialUnrolling(Map.of("D1", List.of(new Unroll(LoopDim.K, 4)))));
  }

  /** A 1 x n x n GEMM, 8-bit weights and inputs. */
  private static Layer gemm(int n) {
    return new Layer(0, "g", OperatorType.GEMM, "Gemm", Map.of(LoopDim.K, n, LoopDim.C, n), 1, 1, 1, 1,
        Padding.NONE, new Precision(8, 8, 16, 8), Map.of());
  }

  /** The layer as a single tile. */
  private static TileGraph oneTile(Layer layer) {
    Tile tile = new Tile(0, 0, new Region(0, layer.size(LoopDim.K), 0, 1), layer, 0, layer.weightBits(),
        layer.outputBits(), layer.inputBits(), 0);
    return new TileGraph(new Workload("one", List.of(layer)), List.of(tile), List.of());
  }

  @Test
  void aTileWhoseWeightsExceedTheWeightMemoryIsCostedAsStreamingThem() {
    // GEMM 1 x 16 x 16, 8-bit: 2,048 weight bits against a 1,024-bit buffer.
    Layer gemm = gemm(16);
    TileGraph graph = oneTile(gemm);
    Tile tile = graph.tiles().get(0);
    AnalyticalCostModel model = new AnalyticalCostModel();
    Core small = core(0, 1024);
    SchedulingProblem problem = SchedulingProblem.of(graph,
        new Accelerator("one", List.of(small), List.of(), new Dram(64, 64, true, 1, 1)), model);

    assertThrows(IllegalArgumentException.class, () -> model.cost(gemm, small));
    assertEquals(model.cost(gemm, core(0, 1024 + 2048)), problem.cost(tile, small));
  }

  @Test
  void coresTheCostModelCannotRunATileOnAreLeftOutOfItsAllowedCores() {
    TileGraph graph = oneTile(gemm(4));
    Tile tile = graph.tiles().get(0);
    Core first = core(0, 1 << 20);
    Core second = new Core(1, "other", first.array(), first.memories(), first.dataflow());
    Accelerator two = new Accelerator("two", List.of(first, second), List.of(), new Dram(64, 64, true, 1, 1));
    CostModel onlyCoreOne = (shape, core) -> {
      if (core.id() != 1) {
        throw new IllegalArgumentException("no weight registers");
      }
      return new TileCost(4, 1, 1, 1);
    };

    assertEquals(List.of(1), SchedulingProblem.of(graph, two, onlyCoreOne).allowedCores(tile));
    String message = assertThrows(IllegalArgumentException.class, () -> new SchedulingProblem(graph, two,
        List.of(List.of(0)), onlyCoreOne, Map.of(), CopyPhases.OVERLAPPED)).getMessage();
    assertEquals("tile 0 (layer 'g') cannot run on any of its allowed cores [0] (core 0: no weight registers)",
        message);
  }

  @Test
  void serialCopyPhasesHoldTheCoreWhileTheTileLoadsItsInputAndStoresItsOutput() {
    // GEMM 1 x 16 x 16, one tile: 16 inputs and 16 outputs of 8 bits = 128 bits each. DRAM reads
    // 64 and writes 32 bits/cycle: on-loading ⌈128/64⌉ = 2 cycles, off-loading ⌈128/32⌉ = 4.
    TileGraph graph = oneTile(gemm(16));
    Tile tile = graph.tiles().get(0);
    Core core = core(0, 1 << 20);
    SchedulingProblem overlapped = SchedulingProblem.of(graph,
        new Accelerator("one", List.of(core), List.of(), new Dram(64, 32, false, 1, 1)), new AnalyticalCostModel());
    SchedulingProblem serial = overlapped.withCopyPhases(CopyPhases.SERIAL);
    TileCost plain = overlapped.cost(tile, core);
    TileCost held = serial.cost(tile, core);
    assertEquals(0, overlapped.copyCycles(tile));
    assertEquals(6, serial.copyCycles(tile));
    assertEquals(plain.cycles() + 6, held.cycles());
    assertEquals(plain.cycles() + 6, serial.tileCycles(tile, core, false, false));
    assertEquals(plain.macEnergyPj(), held.macEnergyPj());
    assertEquals(plain.memoryEnergyPj(), held.memoryEnergyPj());
    assertEquals(plain.utilization() * plain.cycles() / (plain.cycles() + 6), held.utilization(), 1e-12);
  }

  @Test
  void copyPhasesAreParsedByName() {
    assertEquals(CopyPhases.SERIAL, CopyPhases.parse("Serial"));
    assertEquals(CopyPhases.OVERLAPPED, CopyPhases.parse("overlapped"));
    assertEquals("must be overlapped or serial, got 'both'",
        assertThrows(IllegalArgumentException.class, () -> CopyPhases.parse("both")).getMessage());
  }
}
