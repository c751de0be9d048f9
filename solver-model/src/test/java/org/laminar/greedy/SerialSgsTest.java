package org.laminar.greedy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.laminar.ir.Instances;
import org.laminar.ir.IrChecker;
import org.laminar.ir.IrProblem;
import org.laminar.ir.IrSolution;

class SerialSgsTest {
  @Test
  void latestFinishRuleFollowsItsPrioritiesOnTheSmallRcpsp() {
    IrSolution s = SerialSgs.schedule(Instances.smallRcpsp(), PriorityRule.LATEST_FINISH, List.of(0, 0, 0, 0));
    // Horizon 10 gives latest finishes job1 8, job2 7, job3 10, job4 10: job2 [0,2), job1 (2 units)
    // [2,5), job3 [5,7), job4 (2 units) after job3 [7,10).
    assertEquals(List.of(2L, 0L, 5L, 7L), s.starts());
    assertEquals(10, s.makespan(Instances.smallRcpsp()));
    assertTrue(IrChecker.check(Instances.smallRcpsp(), s).valid());
  }

  @Test
  void bestOfAllRulesReachesTheSmallRcpspOptimum() {
    // Most successors ties job1 and job2 and takes job1 first: job1 [0,3), job2 ∥ job3 [3,5), job4 [5,8).
    IrSolution s = SerialSgs.best(Instances.smallRcpsp()).orElseThrow();
    assertEquals(8, s.makespan(Instances.smallRcpsp()));
  }

  @Test
  void everyRuleGivesAValidScheduleWithTriggeredTransfers() {
    IrProblem problem = Instances.twoCoresWithTransfers();
    for (PriorityRule rule : PriorityRule.values()) {
      // p and q on core0, r on core1: the transfer p->r is triggered, p->q is not.
      IrSolution s = SerialSgs.schedule(problem, rule, List.of(0, 0, 0, 1, 0));
      assertEquals(List.of(), IrChecker.check(problem, s).violations(), rule.name());
      assertEquals(List.of(0, 0, IrSolution.ABSENT, 1, 0), s.modes());
      assertEquals(9, s.makespan(problem), rule.name());
    }
  }

  @Test
  void bestSkipsSchedulesThatOverflowAStorage() {
    // Ignoring memory, every rule runs both chains in parallel, which 10 bits do not allow.
    assertTrue(SerialSgs.best(Instances.sharedMemory(10)).isEmpty());
    assertEquals(5, SerialSgs.best(Instances.sharedMemory(12)).orElseThrow()
        .makespan(Instances.sharedMemory(12)));
  }
}
