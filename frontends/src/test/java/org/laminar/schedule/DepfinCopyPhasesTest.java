package org.laminar.schedule;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.laminar.cost.AnalyticalCostModel;
import org.laminar.hardware.Accelerator;
import org.laminar.io.Inputs;
import org.laminar.tiling.Tile;
import org.laminar.workload.Workload;

/** DeFiNES' copy phases of FSRCNN line by line on DepFiN, by hand. */
class DepfinCopyPhasesTest {

  @Test
  void theCopyPhasesAreTheSinkRowsStoredAndTheInputRowsEachTileReads() {
    Workload w = Inputs.workload("fsrcnn-depfin");
    Accelerator depfin = Inputs.accelerator("depfin");
    SchedulingProblem overlapped = SchedulingProblem.of(
        Inputs.tiling(w, depfin, Optional.empty(), Optional.of("oy=all"), "all"), depfin, new AnalyticalCostModel());
    SchedulingProblem serial = overlapped.withCopyPhases(CopyPhases.SERIAL);
    assertEquals(0, overlapped.graph().tiles().stream().mapToLong(overlapped::copyCycles).sum());
    // Sink: 540 rows of 16 channels × 960 × 8 bits = 122,880 bits, 1,920 cycles at 64 bits/cycle.
    // Input: a row of 960 × 8 bits is 120 cycles; the 5×5 window ('same', padding 2) reads 5 rows,
    // 4 and 3 for the two tiles at each border: 536·5 + 2·4 + 2·3 = 2,694 rows.
    long copies = serial.graph().tiles().stream().mapToLong(serial::copyCycles).sum();
    assertEquals(540L * 1_920 + 2_694L * 120, copies);
    long work = 0;
    long serialWork = 0;
    for (Tile t : serial.graph().tiles()) {
      work += overlapped.cost(t, depfin.core(0)).cycles();
      serialWork += serial.cost(t, depfin.core(0)).cycles();
    }
    assertEquals(work + copies, serialWork);
  }
}
