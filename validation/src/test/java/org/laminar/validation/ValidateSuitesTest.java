package org.laminar.validation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.laminar.check.Metrics;
import org.laminar.check.ScheduleChecker;
import org.laminar.cost.AnalyticalCostModel;
import org.laminar.greedy.HeftScheduler;
import org.laminar.greedy.ListScheduler;
import org.laminar.io.Inputs;
import org.laminar.schedule.SchedulingProblem;
import org.laminar.schedule.SolveStatus;
import org.laminar.validate.EngineSuite;
import org.laminar.validate.EngineSuite.EngineRun;
import org.laminar.validate.FusionSuite;
import org.laminar.validate.GapSuite;
import org.laminar.validate.SmallNetworks;
import org.laminar.validate.ValidationCase;

/**
 * The fast parts of {@code laminar validate}'s engines, gap and fusion suites, on the smallest
 * network (chain3, 12 tiles), with deterministic limits: the optima are those published in docs/EXACT.md
 * (CP-SAT, 2 workers, 60 s), the greedy figures those of a schedule checked here without the suite.
 */
class ValidateSuitesTest {
  private static final SmallNetworks.Pair QUAD = new SmallNetworks.Pair("chain3", "quad-core");
  private static final SmallNetworks.Pair HETERO = new SmallNetworks.Pair("chain3", "hetero-quad");

  @Test
  void gapSuiteProvesThePublishedOptimaAndNoGreedyIsFaster() {
    List<ValidationCase> cases = GapSuite.run(List.of(QUAD), 200);
    assertEquals(5, cases.size());
    for (ValidationCase c : cases) {
      // docs/EXACT.md's proven optimum (cycles).
      assertEquals(7_190, c.reference(), c.toString());
      assertTrue(c.laminar() >= c.reference(), c.toString());
      assertEquals((c.laminar() - c.reference()) / c.laminar(), c.error(), 1e-12, c.toString());
      assertTrue(c.pass() && c.detail().startsWith("CP-SAT OPTIMAL"), c.toString());
    }
    // heft's schedule, checked here: the suite's row is its latency.
    SchedulingProblem problem = QUAD.problem();
    long heft = new ScheduleChecker().check(problem, new HeftScheduler().schedule(problem).schedule().orElseThrow())
        .metrics().latencyCycles();
    assertEquals(heft, (long) cases.stream().filter(c -> c.name().equals("chain3 x quad-core heft")).findFirst()
        .orElseThrow().laminar());
  }

  @Test
  void enginesAgreeOnTheOptimumWithinChocosBound() {
    List<ValidationCase> cases = EngineSuite.run(List.of(HETERO), EngineAgreementTest.J30, List.of("j301_1"),
        new EngineSuite.Engines(200, 300));
    assertEquals(2, cases.size());
    ValidationCase c = cases.get(0);
    assertEquals("chain3 x hetero-quad latency", c.name());
    assertEquals(6_335, c.reference(), c.toString());
    // Choco cannot beat a proven optimum; its bound (in the detail) cannot exceed it either.
    assertTrue(c.laminar() >= c.reference() && c.pass(), c.toString());
    assertTrue(c.detail().startsWith("cpsat OPTIMAL") && c.detail().contains("; choco "), c.toString());
    // j301_1's published optimum (j30opt-subset.sm), proven by both.
    assertEquals(43, cases.get(1).reference());
    assertEquals(43, cases.get(1).laminar());
    assertTrue(cases.get(1).pass() && cases.get(1).detail().contains("choco OPTIMAL"), cases.get(1).toString());
  }

  @Test
  void engineRunsAgreeOnlyWhenValidAndBoundsDoNotCross() {
    EngineRun optimum = run("a", SolveStatus.OPTIMAL, 100, 100, true);
    assertTrue(EngineSuite.agree(optimum, run("b", SolveStatus.FEASIBLE, 120, 90, true)));
    assertTrue(EngineSuite.agree(optimum, run("b", SolveStatus.OPTIMAL, 100, 100, true)));
    assertFalse(EngineSuite.agree(optimum, run("b", SolveStatus.OPTIMAL, 101, 101, true)), "different optima");
    assertFalse(EngineSuite.agree(optimum, run("b", SolveStatus.FEASIBLE, 120, 105, true)), "bound above the optimum");
    assertFalse(EngineSuite.agree(optimum, run("b", SolveStatus.FEASIBLE, 95, 90, true)), "below a proven optimum");
    assertFalse(EngineSuite.agree(optimum, run("b", SolveStatus.FEASIBLE, 120, 90, false)), "invalid schedule");
  }

  private static EngineRun run(String engine, SolveStatus status, double value, double bound, boolean valid) {
    return new EngineRun("x", engine, status, value, bound, valid, 0, 0);
  }

  @Test
  void fusionSuiteComparesTheCheckedEdpOfBothFusions() {
    List<ValidationCase> cases = FusionSuite.run(List.of("chain3"), List.of("single-core", "quad-core"));
    assertEquals(2, cases.size());
    for (int i = 0; i < 2; i++) {
      String accelerator = i == 0 ? "single-core" : "quad-core";
      ValidationCase c = cases.get(i);
      assertEquals("chain3 x " + accelerator + " EDP", c.name());
      double fused = edp("chain3", accelerator, "auto");
      double apart = edp("chain3", accelerator, "none");
      assertEquals(apart, c.reference(), apart * 1e-12, c.toString());
      assertEquals(fused, c.laminar(), fused * 1e-12, c.toString());
      assertEquals((fused - apart) / apart, c.error(), 1e-12, c.toString());
      assertTrue(c.pass() && c.detail().startsWith("fused gain "), c.toString());
    }
  }

  /** The EDP of the list schedule (memory priority) at the default tiling, built and checked without the suite. */
  private static double edp(String workload, String accelerator, String fuse) {
    AnalyticalCostModel model = new AnalyticalCostModel();
    SchedulingProblem problem = SchedulingProblem.of(Inputs.tiling(Inputs.workload(workload),
        Inputs.accelerator(accelerator), Optional.empty(), Optional.empty(), fuse, model, n -> { }),
        Inputs.accelerator(accelerator), model);
    Metrics m = new ScheduleChecker().check(problem, new ListScheduler(ListScheduler.Priority.MEMORY)
        .schedule(problem).schedule().orElseThrow()).metrics();
    return m.edp();
  }
}
