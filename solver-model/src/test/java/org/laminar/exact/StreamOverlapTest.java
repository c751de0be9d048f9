package org.laminar.exact;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.laminar.check.CheckReport;
import org.laminar.check.ScheduleChecker;
import org.laminar.cpsat.CpSatParameters;
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
import org.laminar.schedule.Movement;
import org.laminar.schedule.Schedule;
import org.laminar.schedule.ScheduledTile;
import org.laminar.schedule.SchedulingProblem;
import org.laminar.schedule.SolveStatus;
import org.laminar.tiling.Tile;
import org.laminar.workload.Workload;

/**
 * A tile that streams its weights holds the DRAM port only while the stream lasts, so other DRAM
 * traffic may run during the rest of its run, as the checker allows.
 *
 * <p>One 3×3 conv, 16 → 8 channels on an 8×8 map, split into two channel halves (tiles 0 and 1 of
 * 4 output channels each), on one core of 64 PEs with an 8,192-bit weight memory and a roomy
 * activation memory; DRAM 64 bits/cycle each way through one shared port. The two weight slices,
 * 4·16·9·8 = 4,608 bits each, exceed the weight memory together, so each tile streams its own: 72
 * cycles. Each tile computes 8·8·4·16·9 = 36,864 MACs in 576 cycles (so it lasts 576), loads the
 * whole input, 8·8·16·8 = 8,192 bits, in 128 cycles, and stores 8·8·4·8 = 2,048 output bits in 32.
 *
 * <p>Optimum: the core runs both tiles (1,152 cycles) after the first input load (128) and before
 * the last store (32), so no schedule ends before 128 + 1,152 + 32 = 1,312, and one does: in0
 * [0, 128), tile0 [128, 704) streaming [128, 200), in1 [200, 328), tile1 [704, 1,280) streaming
 * [704, 776), store0 [776, 808), store1 [1,280, 1,312). The old model, in which a streaming tile
 * held the port for its whole run, put all six tasks one after the other on the port: 128 + 128 +
 * 576 + 576 + 32 + 32 = 1,472 cycles.
 */
class StreamOverlapTest {
  private static final long OPTIMUM = 128 + 1152 + 32;
  private static final long OLD_MODEL_OPTIMUM = 128 + 128 + 576 + 576 + 32 + 32;

  private static MemoryLevel memory(String name, long bits, MemoryOperand... operands) {
    List<PortAllocation> flows = new ArrayList<>();
    for (MemoryOperand op : operands) {
      flows.add(new PortAllocation(op, DataDirection.TL));
    }
    return new MemoryLevel(name, bits, 1, 1, Set.of(operands),
        List.of(new MemoryPort("rw", MemoryPort.Type.READ_WRITE, 8, 64, flows)), Set.of("D1"));
  }

  private static SchedulingProblem problem() {
    Core core = new Core(0, "fast", new OperationalArray(1, Map.of("D1", 64)),
        List.of(memory("w", 8192, MemoryOperand.I2), memory("act", 1 << 20, MemoryOperand.I1, MemoryOperand.O)),
        SpatialUnrolling.NONE);
    Accelerator one = new Accelerator("one", List.of(core), List.of(), new Dram(64, 64, true, 10, 12));
    Workload conv = new Workload("conv", List.of(TileProblems.conv(0, 8, 16, 8, List.of())));
    return TileProblems.problem(TileProblems.tiles(conv, "k=2"), one);
  }

  @Test
  void theStreamHoldsTheDramPortOnlyWhileItLasts() {
    SchedulingProblem problem = problem();
    Core core = problem.accelerator().core(0);
    List<Tile> tiles = problem.graph().tiles();
    assertEquals(2, tiles.size());
    assertTrue(problem.streamsWeights(core, SchedulingProblem.weightBits(tiles)));
    for (Tile t : tiles) {
      assertEquals(4608, t.weightBits());
      assertEquals(72, problem.dramCycles(t.weightBits(), true));
      assertEquals(576, problem.tileCycles(t, core, true, false));
      assertEquals(128, problem.dramCycles(t.dramInputBits(), true));
      assertEquals(32, problem.dramCycles(t.outputBits(), false));
    }

    ExactResult r = new CpSatScheduler(CpSatScheduler.Options.defaults()
        .withParameters(CpSatParameters.deterministic(5)), CpSatScheduler.greedyWarmStarts(), p -> { }).solve(problem);
    assertEquals(SolveStatus.OPTIMAL, r.result().status());
    Schedule schedule = r.result().schedule().orElseThrow();
    CheckReport report = new ScheduleChecker().check(problem, schedule);
    assertEquals(List.of(), report.violations());
    assertEquals(OPTIMUM, report.metrics().latencyCycles());
    assertEquals(OPTIMUM, r.result().latencyLowerBound().orElseThrow());
    assertTrue(OPTIMUM < OLD_MODEL_OPTIMUM);

    // What the old model forbade: a DRAM movement other than the tile's own stream inside its run.
    long overlapping = schedule.movements().stream().filter(m -> !(m instanceof Movement.WeightStream))
        .filter(m -> schedule.tiles().stream().anyMatch(t -> inside(m, t))).count();
    assertTrue(overlapping >= 2, "in1 and store0 run while a tile computes: " + schedule);
  }

  private static boolean inside(Movement m, ScheduledTile t) {
    return m.start() < t.end() && t.start() < m.end();
  }
}
