package org.laminar.ir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class IrCheckerTest {
  /** The hand-computed optimum of {@link Instances#twoCoresWithTransfers()}: p, q on core0, r on core1. */
  private static final IrSolution TRANSFER_OPTIMUM =
      new IrSolution(List.of(0, 0, IrSolution.ABSENT, 1, 0), List.of(0L, 4L, 0L, 6L, 4L));

  @Test
  void acceptsTheHandComputedOptimumAndMeasuresIt() {
    IrCheckResult result = IrChecker.check(Instances.twoCoresWithTransfers(), TRANSFER_OPTIMUM);
    assertEquals(List.of(), result.violations());
    assertEquals(9, result.makespan());
  }

  @Test
  void catchesTwoTasksOverlappingOnAUnaryResource() {
    // r moved to core0 at cycle 6 overlaps q [4,7); its transfer is then no longer triggered.
    IrSolution overlap = new IrSolution(List.of(0, 0, IrSolution.ABSENT, 0, IrSolution.ABSENT),
        List.of(0L, 4L, 0L, 6L, 0L));
    List<String> violations = IrChecker.check(Instances.twoCoresWithTransfers(), overlap).violations();
    assertEquals(1, violations.size(), violations.toString());
    assertTrue(violations.get(0).startsWith("resource core0: load 2 exceeds capacity 1 at cycle 6"),
        violations.get(0));
  }

  @Test
  void aPrefixUsageHoldsItsResourceForThePrefixOnly() {
    IrProblem problem = Instances.streamPrefix();
    IrSolution optimum = new IrSolution(List.of(0, 0, 0), List.of(0L, 2L, 6L));
    assertEquals(List.of(), IrChecker.check(problem, optimum).violations());
    assertEquals(10, IrChecker.check(problem, optimum).makespan());
    IrSolution early = new IrSolution(List.of(0, 0, 0), List.of(0L, 1L, 6L));
    assertEquals(List.of("resource port: load 2 exceeds capacity 1 at cycle 1 (a [0,2), b [1,4))"),
        IrChecker.check(problem, early).violations());
  }

  @Test
  void aTaskOfSeveralUnitsPerCycleRoundsItsWholeWorkUpOnce() {
    IrProblem problem = Instances.roundedTransfer();
    IrSolution fast = new IrSolution(List.of(1, 0), List.of(2L, 0L));
    assertEquals(List.of(), IrChecker.check(problem, fast).violations());
    assertEquals(3, IrChecker.check(problem, fast).makespan());
    assertEquals(2, fast.end(problem, 1));
    IrSolution slow = new IrSolution(List.of(0, 0), List.of(1L, 0L));
    assertEquals(6, IrChecker.check(problem, slow).makespan());
    IrSolution tooEarly = new IrSolution(List.of(1, 0), List.of(1L, 0L));
    assertEquals(List.of("precedence L -> x: x starts at cycle 1, before cycle 2 (end 2 + lag 0)"),
        IrChecker.check(problem, tooEarly).violations());
  }

  @Test
  void catchesARunOutsideItsTimeWindow() {
    IrProblem.Builder b = IrProblem.builder("window");
    int core = b.addResource("core", ResourceKind.UNARY, 1);
    int a = b.addTask("a", List.of(Mode.on("run", core, 3)));
    b.window(a, 2, 6);
    IrProblem problem = b.build();
    assertTrue(IrChecker.check(problem, new IrSolution(List.of(0), List.of(3L))).valid());
    assertEquals(List.of("task a runs [1,4), outside its window [2,6]"),
        IrChecker.check(problem, new IrSolution(List.of(0), List.of(1L))).violations());
    assertEquals(List.of("task a runs [4,7), outside its window [2,6]"),
        IrChecker.check(problem, new IrSolution(List.of(0), List.of(4L))).violations());
  }

  @Test
  void catchesAViolatedPrecedence() {
    IrSolution early = new IrSolution(TRANSFER_OPTIMUM.modes(), List.of(0L, 4L, 0L, 5L, 4L));
    List<String> violations = IrChecker.check(Instances.twoCoresWithTransfers(), early).violations();
    assertEquals(List.of("precedence p->r -> r: r starts at cycle 5, before cycle 6 (end 6 + lag 0)"), violations);
  }

  @Test
  void catchesAMissingOrUntriggeredOptionalTask() {
    IrSolution noTransfer = new IrSolution(List.of(0, 0, IrSolution.ABSENT, 1, IrSolution.ABSENT),
        List.of(0L, 4L, 0L, 6L, 0L));
    assertEquals(List.of("task p->r runs in mode absent but its triggers select core0->core1"),
        IrChecker.check(Instances.twoCoresWithTransfers(), noTransfer).violations());
    IrSolution extra = new IrSolution(List.of(0, 0, 0, 1, 0), List.of(0L, 4L, 4L, 6L, 4L));
    assertFalse(IrChecker.check(Instances.twoCoresWithTransfers(), extra).valid());
  }

  @Test
  void catchesARenewableCapacityExcess() {
    IrProblem rcpsp = Instances.smallRcpsp();
    IrSolution optimum = new IrSolution(List.of(0, 0, 0, 0), List.of(0L, 3L, 3L, 5L));
    assertTrue(IrChecker.check(rcpsp, optimum).valid());
    assertEquals(8, IrChecker.check(rcpsp, optimum).makespan());
    IrSolution crowded = new IrSolution(List.of(0, 0, 0, 0), List.of(0L, 0L, 3L, 3L));
    assertEquals(List.of("resource R1: load 3 exceeds capacity 2 at cycle 0 (job1 [0,3), job2 [0,2))",
        "resource R1: load 3 exceeds capacity 2 at cycle 3 (job3 [3,5), job4 [3,6))"),
        IrChecker.check(rcpsp, crowded).violations());
  }

  @Test
  void catchesAStorageExcessFromBuffersWithVariableEnds() {
    IrSolution parallel = new IrSolution(List.of(0, 0, 0, 0), List.of(0L, 4L, 0L, 4L));
    assertTrue(IrChecker.check(Instances.sharedMemory(12), parallel).valid());
    assertEquals(List.of("resource mem: load 12 exceeds capacity 10 at cycle 0 (buffer out_a0 [0,5), "
        + "buffer out_a1 [0,5))"), IrChecker.check(Instances.sharedMemory(10), parallel).violations());
  }

  @Test
  void countsAConditionalHoldOnlyWhenItsConditionHolds() {
    // Spill: p [0,2), store [2,5), y [5,9), reload [9,12), q [12,14); the kept-copy hold on q is off.
    IrSolution spill = new IrSolution(List.of(0, 0, 0, 1, 0, 0), List.of(0L, 5L, 12L, 0L, 2L, 9L));
    IrCheckResult result = IrChecker.check(Instances.spill(10), spill);
    assertEquals(List.of(), result.violations());
    assertEquals(14, result.makespan());
    IrSolution keep = new IrSolution(List.of(0, 0, 0, 0, IrSolution.ABSENT, IrSolution.ABSENT),
        List.of(0L, 2L, 6L, 0L, 0L, 0L));
    assertEquals(List.of("resource mem: load 14 exceeds capacity 10 at cycle 2 (buffer out-p [0,8), "
        + "buffer work-y [2,6))"), IrChecker.check(Instances.spill(10), keep).violations());
    assertTrue(IrChecker.check(Instances.spill(14), keep).valid());
  }

  @Test
  void catchesADerivedTaskOffItsTriggeredMode() {
    IrSolution split = new IrSolution(List.of(0, 1, 1, 0), List.of(0L, 0L, 3L, 3L));
    assertTrue(IrChecker.check(Instances.layerAllocation(false), split).valid());
    assertEquals(List.of("task a2 runs in mode core1 but its triggers select core0"),
        IrChecker.check(Instances.layerAllocation(true), split).violations());
  }

  @Test
  void rejectsAMandatoryTaskWithoutMode() {
    IrSolution absent = new IrSolution(List.of(IrSolution.ABSENT, 0, 0, 0), List.of(0L, 3L, 3L, 5L));
    assertEquals(List.of("task job1 is mandatory but absent"), IrChecker.check(Instances.smallRcpsp(), absent)
        .violations());
  }
}
