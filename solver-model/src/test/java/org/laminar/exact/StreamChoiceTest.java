package org.laminar.exact;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.laminar.bound.EnergyBound;
import org.laminar.bound.LatencyBounds;
import org.laminar.check.CheckReport;
import org.laminar.check.ScheduleChecker;
import org.laminar.choco.ChocoSolver;
import org.laminar.cost.AnalyticalCostModel;
import org.laminar.cpsat.CpSatParameters;
import org.laminar.engine.Limits;
import org.laminar.greedy.GreedySchedulers;
import org.laminar.greedy.ListScheduler;
import org.laminar.greedy.StreamedActivationsTest;
import org.laminar.hardware.Accelerator;
import org.laminar.hardware.Core;
import org.laminar.schedule.Movement;
import org.laminar.schedule.ProblemProgress;
import org.laminar.schedule.Schedule;
import org.laminar.schedule.ScheduleResult;
import org.laminar.schedule.Scheduler;
import org.laminar.schedule.SchedulingProblem;
import org.laminar.schedule.SolveStatus;
import org.laminar.schedule.StreamPolicy;
import org.laminar.tiling.FusionPolicy;
import org.laminar.tiling.LayerTiling;
import org.laminar.tiling.Tile;
import org.laminar.tiling.Tiling;
import org.laminar.workload.Layer;
import org.laminar.workload.LoopDim;
import org.laminar.workload.Operand;
import org.laminar.workload.OperatorType;
import org.laminar.workload.Padding;
import org.laminar.workload.Precision;
import org.laminar.workload.Workload;

/**
 * {@code --stream choose}: each tile that can both stream its activations and keep them on chip
 * on its core does what its schedule decides, and a schedule that streams one tile and keeps the
 * next on chip beats every fixed policy.
 *
 * <p>The case: one core of 4 PEs unrolling {@code K} with one 128-bit buffer for all operands on
 * an 8-bit port; DRAM with separate 8-bit read and write ports. g0 → g1, 2-row GEMMs of K 2 over C
 * 2, 8-bit: weights, input and output 32 bits each (4 DRAM cycles), 96 bits in all, so each fits
 * on chip; g0 reads the network input, g1 is the sink. Each may also stream its input (the cost
 * model's best streamed view), which is faster on this core: 14 cycles against 17 on chip.
 *
 * <p>The optimum by hand, streams at the tile's start (as every scheduler places them):
 * <ul>
 *   <li>g0's weights are loaded (4 cycles on the read port) before it starts; on chip its input
 *       too (4 more): g0 ends at 4 + 14 = 18 streamed, 8 + 17 = 25 on chip at the earliest.
 *   <li>g1 on chip reads g0's output in place from g0's end; streamed, it reads it from DRAM, so
 *       g0's output is spilled first (4 cycles on the write port) and g1 starts 4 cycles later.
 *       g1's weights load on the read port during g0 (g0 holds at most 96 bits, plus 32 fit).
 *   <li>g1's output is stored after it (4 cycles): its streamed view does not stream it.
 * </ul>
 * So the least latency is 18 + 17 + 4 = 39 with g0 streamed and g1 on chip; 18 + 4 + 14 + 4 = 40
 * with both streamed ({@code always}); 25 + 17 + 4 = 46 with neither ({@code never}, and {@code
 * when-needed}, under which nothing streams here as everything fits); and 25 + 4 + 14 + 4 = 47 with
 * g0 on chip and g1 streamed.
 */
class StreamChoiceTest {

  private static Layer gemm(int id, List<Integer> producers) {
    return new Layer(id, "g" + id, OperatorType.GEMM, "Gemm", Map.of(LoopDim.OY, 2, LoopDim.K, 2, LoopDim.C, 2),
        1, 1, 1, 1, Padding.NONE, new Precision(8, 8, 8, 8),
        producers.isEmpty() ? Map.of() : Map.of(Operand.I, producers));
  }

  static SchedulingProblem chain(StreamPolicy policy) {
    Accelerator one = new Accelerator("small", List.of(StreamedActivationsTest.core(0, 128)), List.of(),
        StreamedActivationsTest.DRAM);
    Workload w = new Workload("chain", List.of(gemm(0, List.of()), gemm(1, List.of(0))));
    Tiling whole = Tiling.uniform(w, LayerTiling.WHOLE, new FusionPolicy.None());
    return SchedulingProblem.of(whole, one, new AnalyticalCostModel(), ProblemProgress.NONE, policy);
  }

  @Test
  void eachTileOfTheChainMayStreamOrNotAtTheCostsOfTheCase() {
    SchedulingProblem problem = chain(StreamPolicy.CHOOSE);
    Core core = problem.accelerator().core(0);
    for (Tile t : problem.graph().tiles()) {
      assertEquals(List.of(false, true), problem.activationModes(t, core));
      assertTrue(problem.choosesStreaming(t, core));
      assertEquals(17, problem.cost(t, core, false).cycles());
      assertEquals(14, problem.cost(t, core, true).cycles());
      assertEquals(java.util.Set.of(Operand.I), problem.activationStreams(t, core).orElseThrow().operands());
    }
    assertEquals(List.of(32L, 32L, 32L), List.of(problem.graph().tiles().get(0).weightBits(),
        problem.graph().tiles().get(0).dramInputBits(), problem.graph().tiles().get(0).outputBits()));
    // Under when-needed nothing streams (everything fits); under always both do.
    SchedulingProblem whenNeeded = chain(StreamPolicy.WHEN_NEEDED);
    SchedulingProblem always = chain(StreamPolicy.ALWAYS);
    assertEquals(List.of(false), whenNeeded.activationModes(whenNeeded.graph().tiles().get(0),
        whenNeeded.accelerator().core(0)));
    assertEquals(List.of(true), always.activationModes(always.graph().tiles().get(0), always.accelerator().core(0)));
  }

  /** Every greedy scheduler streams g0 and keeps g1 on chip (earliest finish), and reaches the optimum, 39. */
  @Test
  void everyGreedySchedulerStreamsTheFirstTileOnlyAndReachesTheOptimum() {
    SchedulingProblem problem = chain(StreamPolicy.CHOOSE);
    for (ListScheduler.Priority priority : ListScheduler.Priority.values()) {
      for (Scheduler s : GreedySchedulers.all(priority)) {
        Schedule schedule = s.schedule(problem).schedule().orElseThrow();
        CheckReport report = new ScheduleChecker().check(problem, schedule);
        assertEquals(List.of(), report.violations(), s.name());
        assertEquals(39, report.metrics().latencyCycles(), s.name());
        assertEquals(List.of(new Movement.InputStream(0, 0, 32, "dram-read", 4, 8)), schedule.movements().stream()
            .filter(m -> m instanceof Movement.InputStream).toList(), s.name());
      }
    }
  }

  /** The checker judges each tile by its own decision: g1 streamed as well, a valid schedule of 40 cycles. */
  @Test
  void theCheckerAcceptsTheOtherDecisionAndRejectsAMissingStreamUnderAFixedPolicy() {
    SchedulingProblem choose = chain(StreamPolicy.CHOOSE);
    SchedulingProblem always = chain(StreamPolicy.ALWAYS);
    Schedule both = GreedySchedulers.byName("list", ListScheduler.Priority.MEMORY).schedule(always).schedule()
        .orElseThrow();
    CheckReport underChoose = new ScheduleChecker().check(choose, both);
    assertEquals(List.of(), underChoose.violations());
    assertEquals(40, underChoose.metrics().latencyCycles());
    Schedule mixed = GreedySchedulers.byName("list", ListScheduler.Priority.MEMORY).schedule(choose).schedule()
        .orElseThrow();
    // Under always g1 must stream: the mixed schedule, which keeps it on chip, is rejected there.
    CheckReport underAlways = new ScheduleChecker().check(always, mixed);
    assertTrue(!underAlways.valid(), "g1 kept on chip under always");
  }

  private static CpSatScheduler cpsat() {
    return new CpSatScheduler(CpSatScheduler.Options.defaults().withParameters(CpSatParameters.deterministic(20)),
        CpSatScheduler.greedyWarmStarts(), p -> { });
  }

  /** CP-SAT's checked result on {@code problem}: its status and latency. */
  private static List<Object> solved(CpSatScheduler scheduler, SchedulingProblem problem) {
    ScheduleResult result = scheduler.schedule(problem);
    CheckReport report = new ScheduleChecker().check(problem, result.schedule().orElseThrow());
    assertEquals(List.of(), report.violations(), problem.streaming().cliName());
    return List.of(result.status(), report.metrics().latencyCycles());
  }

  /**
   * CP-SAT (one worker, seed 0) proves the hand-derived optima: 39 cycles when each tile chooses
   * (g0 streamed, g1 on chip), 40 under always, 46 under when-needed and never.
   */
  @Test
  void cpSatProvesTheMixedOptimumAndTheFixedPolicies() {
    SchedulingProblem choose = chain(StreamPolicy.CHOOSE);
    ScheduleResult result = cpsat().schedule(choose);
    assertEquals(SolveStatus.OPTIMAL, result.status());
    Schedule schedule = result.schedule().orElseThrow();
    assertEquals(39, new ScheduleChecker().check(choose, schedule).metrics().latencyCycles());
    assertEquals(List.of(0), schedule.movements().stream().filter(m -> m instanceof Movement.InputStream)
        .map(m -> ((Movement.InputStream) m).tile()).toList(), "g0 streams, g1 does not");
    assertEquals(List.of(SolveStatus.OPTIMAL, 40L), solved(cpsat(), chain(StreamPolicy.ALWAYS)));
    assertEquals(List.of(SolveStatus.OPTIMAL, 46L), solved(cpsat(), chain(StreamPolicy.WHEN_NEEDED)));
    assertEquals(List.of(SolveStatus.OPTIMAL, 46L), solved(cpsat(), chain(StreamPolicy.NEVER)));
    // Sound bounds under the choice: at most the optimum.
    assertTrue(LatencyBounds.of(choose).bestCycles() <= 39, LatencyBounds.of(choose).toString());
  }

  /** Choco, on the same formulation, proves the same optimum; LNS reaches it. */
  @Test
  void chocoAndLnsReachTheMixedOptimum() {
    SchedulingProblem choose = chain(StreamPolicy.CHOOSE);
    CpSatScheduler choco = new CpSatScheduler(CpSatScheduler.Options.defaults(), new ChocoSolver(Limits.defaults()
        .withWorkers(1).withTimeLimit(30)), CpSatScheduler.greedyWarmStarts(), p -> { });
    assertEquals(List.of(SolveStatus.OPTIMAL, 39L), solved(choco, choose));
    Schedule lns = new org.laminar.lns.LnsScheduler(org.laminar.lns.LnsScheduler.Options.deterministic(2, 0.1),
        p -> { }).schedule(choose).schedule().orElseThrow();
    CheckReport report = new ScheduleChecker().check(choose, lns);
    assertEquals(List.of(), report.violations());
    assertEquals(39, report.metrics().latencyCycles());
    assertTrue(EnergyBound.leastPj(choose) <= report.metrics().energyPj() + 1e-9);
  }
}
