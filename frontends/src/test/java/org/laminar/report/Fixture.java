package org.laminar.report;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.laminar.bound.LatencyBounds;
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
import org.laminar.hardware.SpatialUnrolling;
import org.laminar.schedule.Movement.InputLoad;
import org.laminar.schedule.Movement.LinkHop;
import org.laminar.schedule.Movement.SinkStore;
import org.laminar.schedule.Movement.SpillRead;
import org.laminar.schedule.Movement.SpillWrite;
import org.laminar.schedule.Movement.WeightLoad;
import org.laminar.schedule.Schedule;
import org.laminar.schedule.ScheduleResult;
import org.laminar.schedule.ScheduledTile;
import org.laminar.schedule.SchedulingProblem;
import org.laminar.tiling.FusionPolicy;
import org.laminar.tiling.LayerTiling;
import org.laminar.tiling.Tiling;
import org.laminar.workload.Layer;
import org.laminar.workload.LoopDim;
import org.laminar.workload.Operand;
import org.laminar.workload.OperatorType;
import org.laminar.workload.Padding;
import org.laminar.workload.Precision;
import org.laminar.workload.Workload;

/**
 * A small run with every kind of movement: 1×1 convolutions 'a' (K 2, C 1) → 'b' (K 2, C 2) on a
 * 4×2 output, fused, in two row bands (tiles a/t0, b/t0, a/t1, b/t1 = ids 0-3). 'a' runs on core 0
 * (2 cycles per tile), 'b' on core 1 (4 cycles per tile); a 16 bits/cycle link joins them; DRAM
 * moves 8 bits/cycle through one port. Edge 0→1 crosses the link; edge 2→3 goes through a spill.
 */
final class Fixture {
  private Fixture() {
  }

  private static final CostModel COST = (shape, core) -> new TileCost(shape.macs() / 4, shape.macs(),
      0.5 * shape.macs(), 1);

  private static Layer conv(int id, String name, int c, int rows, List<Integer> producers) {
    return new Layer(id, name, OperatorType.CONV, "Conv", Map.of(LoopDim.K, 2, LoopDim.C, c, LoopDim.OY, rows,
        LoopDim.OX, 2), 1, 1, 1, 1, Padding.NONE, new Precision(8, 8, 16, 8),
        producers.isEmpty() ? Map.of() : Map.of(Operand.I, producers));
  }

  private static Core core(int id) {
    MemoryPort port = new MemoryPort("rw", MemoryPort.Type.READ_WRITE, 8, 64, List.of(
        new PortAllocation(MemoryOperand.I1, DataDirection.TL), new PortAllocation(MemoryOperand.I2, DataDirection.TL),
        new PortAllocation(MemoryOperand.O, DataDirection.FL)));
    return new Core(id, "small", new OperationalArray(1, Map.of("D1", 4)), List.of(new MemoryLevel("sram", 1000, 1,
        1, Set.of(MemoryOperand.I1, MemoryOperand.I2, MemoryOperand.O), List.of(port), Set.of("D1"))),
        SpatialUnrolling.NONE);
  }

  static SchedulingProblem problem() {
    return problem(4, "oy=2");
  }

  /** The same network with {@code rows} output rows, tiled by {@code tiling}. */
  static SchedulingProblem problem(int rows, String tiling) {
    Workload w = new Workload("ab", List.of(conv(0, "a", 1, rows, List.of()), conv(1, "b", 2, rows, List.of(0))));
    Accelerator acc = new Accelerator("pair", List.of(core(0), core(1)),
        List.of(new Link("c0-c1", List.of(0, 1), 16, 0.5)), new Dram(8, 8, true, 2, 3));
    return SchedulingProblem.of(Tiling.of(w, l -> LayerTiling.parse(tiling).withCores(List.of(l.id()), false),
        new FusionPolicy.All()), acc, COST);
  }

  /** DRAM: weights a, inputs 0 and 2, weights b, spill 2, read-back 2→3, stores 1 and 3 (46 cycles). */
  static Schedule schedule() {
    return new Schedule(List.of(new ScheduledTile(0, 0, 6, 8), new ScheduledTile(2, 0, 10, 12),
        new ScheduledTile(1, 1, 14, 18), new ScheduledTile(3, 1, 30, 34)), List.of(
        new WeightLoad(0, 0, 16, "dram", 0, 2), new InputLoad(0, 0, 32, "dram", 2, 6),
        new InputLoad(2, 0, 32, "dram", 6, 10), new WeightLoad(1, 1, 32, "dram", 10, 14),
        new LinkHop(0, 1, 0, 0, 1, 64, "c0-c1", 8, 12), new SpillWrite(2, 0, 64, "dram", 14, 22),
        new SpillRead(2, 3, 1, 64, "dram", 22, 30), new SinkStore(1, 1, 64, "dram", 30, 38),
        new SinkStore(3, 1, 64, "dram", 38, 46)));
  }

  static Run run() {
    SchedulingProblem problem = problem();
    return Run.judge(problem, ScheduleResult.heuristic("hand", schedule()), LatencyBounds.of(problem),
        Duration.ofMillis(5));
  }
}
