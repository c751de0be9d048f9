package org.laminar.greedy;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.laminar.check.CheckReport;
import org.laminar.check.ScheduleChecker;
import org.laminar.cost.TileCost;
import org.laminar.hardware.Accelerator;
import org.laminar.hardware.Core;
import org.laminar.hardware.Dram;
import org.laminar.hardware.MemoryOperand;
import org.laminar.hardware.OperationalArray;
import org.laminar.hardware.SpatialUnrolling;
import org.laminar.schedule.CopyPhases;
import org.laminar.schedule.Schedule;
import org.laminar.schedule.ScheduledTile;
import org.laminar.schedule.Scheduler;
import org.laminar.schedule.SchedulingProblem;
import org.laminar.tiling.FusionPolicy;
import org.laminar.tiling.LayerTiling;
import org.laminar.tiling.Tile;
import org.laminar.tiling.Tiling;
import org.laminar.workload.Workload;

/** DeFiNES' serial copy phases in schedules: every scheduler's tiles hold their core for them. */
class CopyPhasesScheduleTest {
  private final ScheduleChecker checker = new ScheduleChecker();

  /** One 16-PE core with a 1 Mbit SRAM; DRAM 16 bits/cycle on one port. */
  private static Accelerator single() {
    Core core = new Core(0, "pe16", new OperationalArray(1, Map.of("D1", 16)),
        List.of(RandomProblems.sram("sram", 1 << 20, MemoryOperand.I1, MemoryOperand.I2, MemoryOperand.O)),
        SpatialUnrolling.NONE);
    return new Accelerator("single", List.of(core), List.of(), new Dram(16, 16, true, 2, 2));
  }

  private static SchedulingProblem problem(Workload w, String tiling) {
    return SchedulingProblem.of(Tiling.uniform(w, LayerTiling.parse(tiling), new FusionPolicy.All()), single(),
        (shape, core) -> new TileCost((shape.macs() + 15) / 16, shape.macs(), 0, 1));
  }

  @Test
  void aSingleTileIsLongerByItsOnAndOffLoadingExactly() {
    // A 3×3 'same' convolution, 8 → 8 channels, 16 × 8 outputs, as one tile: its network input
    // (8 channels × 16 × 8 × 8 bits = 8,192 bits) takes 512 cycles at 16 bits/cycle, its output
    // (the same size) 512 more. Serial, the core waits for both; the load and store stay on DRAM.
    Workload w = new Workload("one", List.of(RandomProblems.conv(0, 8, 8, 16, 8, 3, List.of())));
    SchedulingProblem overlapped = problem(w, "oy=1");
    SchedulingProblem serial = overlapped.withCopyPhases(CopyPhases.SERIAL);
    Tile tile = serial.graph().tiles().get(0);
    assertEquals(8 * 16 * 8 * 8, tile.dramInputBits());
    assertEquals(512 + 512, serial.copyCycles(tile));
    Scheduler list = new ListScheduler(ListScheduler.Priority.MEMORY);
    CheckReport plain = valid(list, overlapped);
    CheckReport held = valid(list, serial);
    // One tile: load, compute, store in a row; only the compute grows.
    assertEquals(plain.metrics().latencyCycles() + 1024, held.metrics().latencyCycles());
    assertEquals(plain.metrics().energyPj(), held.metrics().energyPj(), 1e-9);
  }

  @Test
  void everyGreedyScheduleHoldsEachTileForItsCostAndCopies() {
    Workload chain = new Workload("chain", List.of(RandomProblems.conv(0, 8, 8, 16, 8, 3, List.of()),
        RandomProblems.conv(1, 8, 8, 16, 8, 3, List.of(0)), RandomProblems.conv(2, 8, 8, 16, 8, 3, List.of(1))));
    SchedulingProblem serial = problem(chain, "oy=4").withCopyPhases(CopyPhases.SERIAL);
    long copies = serial.graph().tiles().stream().mapToLong(serial::copyCycles).sum();
    // Four bands of layer 0 read input rows (halo included), four of layer 2 store 16 × 2 rows each.
    long inputBits = serial.graph().tiles().stream().mapToLong(Tile::dramInputBits).sum();
    assertEquals(serial.graph().tiles().stream().mapToLong(t -> t.dramInputBits() > 0 ? (t.dramInputBits() + 15) / 16
        : 0).sum() + 4 * (8 * 4 * 8 * 8 / 16), copies);
    assertEquals(8 * 8 * 8 * (5 + 6 + 6 + 5), inputBits, "a band of 4 rows reads 6 input rows, 5 at a border");
    for (Scheduler s : GreedySchedulers.all(ListScheduler.Priority.LATENCY)) {
      Schedule schedule = s.schedule(serial).schedule().orElseThrow();
      assertEquals(List.of(), checker.check(serial, schedule).violations(), s.name());
      for (ScheduledTile st : schedule.tiles()) {
        Tile t = serial.graph().tiles().get(st.tile());
        assertEquals(serial.cost(t, serial.accelerator().core(st.core())).cycles(), st.end() - st.start(), s.name());
      }
    }
  }

  private CheckReport valid(Scheduler s, SchedulingProblem p) {
    Schedule schedule = s.schedule(p).schedule().orElseThrow();
    CheckReport report = checker.check(p, schedule);
    assertEquals(List.of(), report.violations(), s.name());
    return report;
  }
}
