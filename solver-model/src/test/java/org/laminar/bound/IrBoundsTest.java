package org.laminar.bound;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.laminar.ir.Instances;
import org.laminar.ir.IrProblem;
import org.laminar.ir.Mode;
import org.laminar.ir.ResourceKind;
import org.laminar.ir.Usage;

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

  @Test
  void windowsSeeTheWorkQueuedBehindAHead() {
    // x (4 cycles, no resource) precedes y and z (3 cycles each on one unary resource): both start
    // at 4 at the earliest and queue: 4 + 3 + 3 = 10, the optimum. Path 7, work 6.
    IrProblem.Builder b = IrProblem.builder("queue");
    int r = b.addResource("R", ResourceKind.UNARY, 1);
    int x = b.addTask("x", List.of(new Mode("m", 4, 0, List.of())));
    int y = b.addTask("y", List.of(new Mode("m", 3, 0, List.of(new Usage(r, 1)))));
    int z = b.addTask("z", List.of(new Mode("m", 3, 0, List.of(new Usage(r, 1)))));
    b.precede(x, y).precede(x, z);
    IrProblem problem = b.build();
    assertEquals(7, IrBounds.criticalPath(problem));
    assertEquals(6, IrBounds.resourceWork(problem));
    assertEquals(10, IrBounds.resourceWindows(problem));
    assertEquals(10, IrBounds.makespan(problem));
    // smallRcpsp: no window beats the whole work, 16 units on capacity 2.
    assertEquals(8, IrBounds.resourceWindows(Instances.smallRcpsp()));
  }
}
