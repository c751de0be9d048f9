package org.laminar.lns;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.laminar.ir.Buffer;
import org.laminar.ir.Condition;
import org.laminar.ir.Hold;
import org.laminar.ir.IrChecker;
import org.laminar.ir.IrProblem;
import org.laminar.ir.Instances;
import org.laminar.ir.IrSolution;
import org.laminar.ir.Mode;
import org.laminar.ir.ResourceKind;

class OrderGraphTest {
  /**
   * p (2 cycles) then q (3) on core1, r (1) on core2, no precedence; a 5-bit memory holds p's
   * 4 bits until q ends and r's 4 bits while r runs, so r and q cannot overlap p's buffer.
   */
  private static IrProblem problem() {
    IrProblem.Builder b = IrProblem.builder("memory order");
    int core1 = b.addResource("core1", ResourceKind.UNARY, 1);
    int core2 = b.addResource("core2", ResourceKind.UNARY, 1);
    int mem = b.addResource("mem", ResourceKind.STORAGE, 5);
    int p = b.addTask("p", List.of(Mode.on("run", core1, 2)));
    int q = b.addTask("q", List.of(Mode.on("run", core1, 3)));
    int r = b.addTask("r", List.of(Mode.on("run", core2, 1)));
    b.addBuffer(new Buffer("p out", mem, 4, p, List.of(Hold.until(q)), Condition.TRUE));
    b.addBuffer(new Buffer("r out", mem, 4, r, List.of(), Condition.TRUE));
    return b.build();
  }

  @Test
  void shiftsLeftKeepingTheMemoryOrder() {
    IrProblem problem = problem();
    // q waits until 6, r after p's buffer is gone.
    IrSolution late = new IrSolution(List.of(0, 0, 0), List.of(0L, 6L, 9L));
    assertTrue(IrChecker.check(problem, late).valid());
    IrSolution shifted = OrderGraph.of(problem, late).earliestStarts(late).orElseThrow();
    // q right after p; r still after p's buffer ends (with q), not at 0 where both buffers overlap.
    assertEquals(List.of(0L, 2L, 5L), shifted.starts());
    assertEquals(List.of(), IrChecker.check(problem, shifted).violations());
    assertFalse(IrChecker.check(problem, new IrSolution(List.of(0, 0, 0), List.of(0L, 2L, 0L))).valid());
  }

  @Test
  void tailsFollowTheKeptOrder() {
    IrProblem problem = problem();
    IrSolution tight = new IrSolution(List.of(0, 0, 0), List.of(0L, 2L, 5L));
    // p, q, r in sequence: 2 + 3 + 1; q then r: 4; r alone: 1.
    assertArrayEquals(new long[] {6, 4, 1}, OrderGraph.of(problem, tight).tails().orElseThrow());
  }

  @Test
  void aPrefixUsageIsOrderedByItsPrefixOnly() {
    // a streams on the port over [0, 2) while it computes on the core over [0, 6); b holds the
    // port over [4, 7), d follows b on the core: [7, 11).
    IrProblem problem = Instances.streamPrefix();
    IrSolution late = new IrSolution(List.of(0, 0, 0), List.of(0L, 4L, 7L));
    assertEquals(List.of(), IrChecker.check(problem, late).violations());
    IrSolution shifted = OrderGraph.of(problem, late).earliestStarts(late).orElseThrow();
    // b right after a's stream (not after a's whole run, 6, nor at 0 over the stream), d after a
    // on the core: the optimum, 10.
    assertEquals(List.of(0L, 2L, 6L), shifted.starts());
    assertEquals(List.of(), IrChecker.check(problem, shifted).violations());
    assertEquals(10, shifted.makespan(problem));
    // a's stream ends its port occupation: 2 cycles then b's 3 and d's 4 after it.
    assertArrayEquals(new long[] {10, 7, 4}, OrderGraph.of(problem, shifted).tails().orElseThrow());
  }
}
