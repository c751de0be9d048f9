package org.laminar.bound;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.laminar.ir.Instances;

class IrBoundsTest {
  @Test
  void smallRcpspBoundsAreCriticalPathFiveAndResourceWorkEight() {
    assertEquals(5, IrBounds.criticalPath(Instances.smallRcpsp()));
    assertEquals(8, IrBounds.resourceWork(Instances.smallRcpsp()));
    assertEquals(8, IrBounds.makespan(Instances.smallRcpsp()));
  }

  @Test
  void optionalTransfersAndFreeModesDoNotCount() {
    // p then q: 4 + 3; no resource is forced, every task may use either core.
    assertEquals(7, IrBounds.criticalPath(Instances.twoCoresWithTransfers()));
    assertEquals(0, IrBounds.resourceWork(Instances.twoCoresWithTransfers()));
    // Spill: store and reload are optional, so only p → y → q counts on the core: 8 both ways.
    assertEquals(8, IrBounds.criticalPath(Instances.spill(10)));
    assertEquals(8, IrBounds.resourceWork(Instances.spill(10)));
  }
}
