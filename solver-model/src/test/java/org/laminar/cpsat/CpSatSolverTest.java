package org.laminar.cpsat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.laminar.engine.EngineResult;
import org.laminar.engine.Objective;
import org.laminar.engine.Progress;
import org.laminar.greedy.SerialSgs;
import org.laminar.ir.Buffer;
import org.laminar.ir.Condition;
import org.laminar.ir.Increment;
import org.laminar.ir.Instances;
import org.laminar.ir.IrCheckResult;
import org.laminar.ir.IrChecker;
import org.laminar.ir.IrProblem;
import org.laminar.ir.IrSolution;
import org.laminar.ir.Mode;
import org.laminar.ir.ModeRef;
import org.laminar.ir.ResourceKind;
import org.laminar.ir.Usage;
import org.laminar.schedule.SolveStatus;

class CpSatSolverTest {
  private static final CpSatSolver SOLVER = new CpSatSolver(CpSatParameters.deterministic(10));

  /** Solves to optimality, checks the solution independently and returns it. */
  private static IrSolution optimum(IrProblem problem, long expectedMakespan) {
    List<Progress> progress = new ArrayList<>();
    EngineResult result = SOLVER.solve(problem, Objective.MAKESPAN, SerialSgs.best(problem), progress::add);
    assertEquals(SolveStatus.OPTIMAL, result.status());
    IrSolution solution = result.solution().orElseThrow();
    IrCheckResult check = IrChecker.check(problem, solution);
    assertEquals(List.of(), check.violations());
    assertEquals(expectedMakespan, check.makespan());
    assertEquals(expectedMakespan, result.objective());
    assertEquals(expectedMakespan, result.bound());
    assertEquals(0, result.gap());
    return solution;
  }

  @Test
  void placesATransferOnlyWhereProducerAndConsumerSplit() {
    IrSolution s = optimum(Instances.twoCoresWithTransfers(), 9);
    int present = (s.isPresent(2) ? 1 : 0) + (s.isPresent(4) ? 1 : 0);
    assertEquals(1, present, "exactly one consumer sits on the other core");
  }

  @Test
  void sharedMemorySerialisesChainsWhenTooSmall() {
    optimum(Instances.sharedMemory(12), 5);
    optimum(Instances.sharedMemory(10), 10);
  }

  @Test
  void spillsOnlyWhenKeepingDoesNotFit() {
    IrSolution kept = optimum(Instances.spill(14), 8);
    assertEquals(0, kept.modes().get(3));
    assertFalse(kept.isPresent(4));
    IrSolution spilled = optimum(Instances.spill(10), 14);
    assertEquals(1, spilled.modes().get(3));
    assertTrue(spilled.isPresent(4) && spilled.isPresent(5));
  }

  @Test
  void keepsTheTilesOfALayerOnOneCoreWhenAllocatedPerLayer() {
    IrSolution perLayer = optimum(Instances.layerAllocation(true), 6);
    assertEquals(perLayer.modes().get(0), perLayer.modes().get(1));
    optimum(Instances.layerAllocation(false), 5);
  }

  @ParameterizedTest
  @ValueSource(ints = {2, 3, 4})
  void everyWorkerCountProvesTheOptimaOfMakespanAndEnergy(int workers) {
    // 2 and 3 workers replace CP-SAT's full search for the makespan; the model must still be accepted.
    CpSatSolver parallel = new CpSatSolver(CpSatParameters.defaults().withWorkers(workers));
    IrProblem rcpsp = Instances.smallRcpsp();
    EngineResult makespan = parallel.solve(rcpsp, Objective.MAKESPAN, Optional.empty(), p -> { });
    assertEquals(SolveStatus.OPTIMAL, makespan.status());
    assertEquals(8, IrChecker.check(rcpsp, makespan.solution().orElseThrow()).makespan());
    IrProblem transfers = Instances.twoCoresWithTransfers();
    EngineResult energy = parallel.solve(transfers, Objective.ENERGY, Optional.empty(), p -> { });
    assertEquals(SolveStatus.OPTIMAL, energy.status());
    assertEquals(SOLVER.solve(transfers, Objective.ENERGY, Optional.empty(), p -> { }).objective(), energy.objective());
  }

  @Test
  void minimisesEnergyOverModes() {
    IrProblem.Builder b = IrProblem.builder("energy");
    int fast = b.addResource("fast", ResourceKind.UNARY, 1);
    int slow = b.addResource("slow", ResourceKind.UNARY, 1);
    b.addTask("a", List.of(new Mode("fast", 2, 10.5, List.of(new Usage(fast, 1))),
        new Mode("slow", 5, 3.25, List.of(new Usage(slow, 1)))));
    IrProblem problem = b.build();
    EngineResult energy = SOLVER.solve(problem, Objective.ENERGY, Optional.empty(), p -> { });
    assertEquals(SolveStatus.OPTIMAL, energy.status());
    assertEquals(3.25, energy.objective());
    assertEquals(1, energy.solution().orElseThrow().modes().get(0));
    EngineResult latency = SOLVER.solve(problem, Objective.MAKESPAN, Optional.empty(), p -> { });
    assertEquals(2, latency.objective());
  }

  @Test
  void streamsImprovingSolutions() {
    List<Progress> progress = new ArrayList<>();
    IrProblem problem = Instances.sharedMemory(10);
    SOLVER.solve(problem, Objective.MAKESPAN, Optional.empty(), p -> {
      if (p.event() == Progress.Event.SOLUTION) {
        progress.add(p);
      }
    });
    assertFalse(progress.isEmpty());
    Progress last = progress.get(progress.size() - 1);
    assertEquals(10, last.incumbent());
    for (int i = 1; i < progress.size(); i++) {
      assertTrue(progress.get(i).incumbent() < progress.get(i - 1).incumbent());
    }
  }

  @Test
  void keepsABufferWithoutHoldsForItsTaskOnly() {
    IrProblem.Builder b = IrProblem.builder("lone");
    int mem = b.addResource("mem", ResourceKind.STORAGE, 4);
    int a = b.addTask("a", List.of(new Mode("m", 3, 0, List.of())));
    int c = b.addTask("c", List.of(new Mode("m", 2, 0, List.of())));
    b.addBuffer(new Buffer("wa", mem, 3, a, List.of(), Condition.TRUE));
    b.addBuffer(new Buffer("wc", mem, 3, c, List.of(), Condition.TRUE));
    // No resource orders a and c: only the memory keeps them apart, 3 + 2 cycles.
    optimum(b.build(), 5);
  }

  /**
   * A load L (1 cycle, 1 pJ, on the port) before x, which runs on the core in mode fast (1 cycle,
   * 2 pJ) or slow (5 cycles, 10 pJ). With x fast, L lasts 3 cycles and 20 pJ longer (an increment).
   * Makespan: fast 1 + 3 + 1 = 5, slow 1 + 5 = 6. Energy: fast 1 + 20 + 2 = 23, slow 11. EDP: fast
   * 115, slow 66.
   */
  private static IrProblem loadWithIncrement(boolean forbidFast) {
    IrProblem.Builder b = IrProblem.builder("increment");
    int core = b.addResource("core", ResourceKind.UNARY, 1);
    int port = b.addResource("port", ResourceKind.UNARY, 1);
    int x = b.addTask("x", List.of(new Mode("slow", 5, 10, List.of(new Usage(core, 1))),
        new Mode("fast", 1, 2, List.of(new Usage(core, 1)))));
    int load = b.addTask("L", List.of(new Mode("load", 1, 1, List.of(new Usage(port, 1)))), List.of(), false,
        List.of(new Increment(Condition.allOf(new ModeRef(x, 1)), 3, 20)));
    b.precede(load, x);
    if (forbidFast) {
      b.forbid(Condition.allOf(new ModeRef(x, 1)));
    }
    return b.build();
  }

  private static EngineResult solve(IrProblem problem, Objective objective) {
    EngineResult result = SOLVER.solve(problem, objective, Optional.empty(), p -> { });
    assertEquals(SolveStatus.OPTIMAL, result.status());
    assertTrue(IrChecker.check(problem, result.solution().orElseThrow()).valid());
    return result;
  }

  @Test
  void incrementsLengthenAndForbiddenConditionsExclude() {
    IrSolution fast = solve(loadWithIncrement(false), Objective.MAKESPAN).solution().orElseThrow();
    assertEquals(List.of(1, 0), fast.modes());
    assertEquals(List.of(4L, 0L), fast.starts());
    assertEquals(5, fast.makespan(loadWithIncrement(false)));
    assertEquals(6, solve(loadWithIncrement(true), Objective.MAKESPAN).objective());
    // A fast x after a load of 1 cycle breaks the increment's precedence: the checker sees it.
    IrCheckResult tooEarly = IrChecker.check(loadWithIncrement(false), new IrSolution(List.of(1, 0), List.of(1L, 0L)));
    assertFalse(tooEarly.valid());
    assertFalse(IrChecker.check(loadWithIncrement(true), fast).valid());
  }

  /**
   * A load L (1 cycle) before x and y, on two cores, each slow (7 cycles) or fast (1 cycle); x fast
   * lengthens L by 3 cycles, y fast by 2 (two increments: CP-SAT needs their sum as one variable).
   * Makespan: both slow 1 + 7 = 8; x fast only 4 + 7 = 11; y fast only 3 + 7 = 10; both fast
   * 1 + 3 + 2 + 1 = 7, the optimum.
   */
  @Test
  void twoIncrementsOfOneTaskAddUp() {
    IrProblem.Builder b = IrProblem.builder("two increments");
    int core0 = b.addResource("core0", ResourceKind.UNARY, 1);
    int core1 = b.addResource("core1", ResourceKind.UNARY, 1);
    int port = b.addResource("port", ResourceKind.UNARY, 1);
    int x = b.addTask("x", List.of(new Mode("slow", 7, 0, List.of(new Usage(core0, 1))),
        new Mode("fast", 1, 0, List.of(new Usage(core0, 1)))));
    int y = b.addTask("y", List.of(new Mode("slow", 7, 0, List.of(new Usage(core1, 1))),
        new Mode("fast", 1, 0, List.of(new Usage(core1, 1)))));
    int load = b.addTask("L", List.of(new Mode("load", 1, 0, List.of(new Usage(port, 1)))), List.of(), false,
        List.of(new Increment(Condition.allOf(new ModeRef(x, 1)), 3, 0),
            new Increment(Condition.allOf(new ModeRef(y, 1)), 2, 0)));
    b.precede(load, x);
    b.precede(load, y);
    IrSolution best = optimum(b.build(), 7);
    assertEquals(List.of(1, 1, 0), best.modes());
  }

  @Test
  void energyAndEdpCountIncrements() {
    EngineResult energy = solve(loadWithIncrement(false), Objective.ENERGY);
    assertEquals(11, energy.objective(), 1e-9);
    assertEquals(0, energy.solution().orElseThrow().modes().get(0));
    EngineResult edp = solve(loadWithIncrement(false), Objective.EDP);
    assertEquals(66, edp.objective(), 1e-9);
    assertEquals(66, edp.bound(), 1e-9);
  }

  @Test
  void peakStorageIsTheFullestMemory() {
    // Two chains share a memory of 12 bits (6 bits each while it runs): in parallel the peak is 12
    // bits at makespan 5; serialised it is 6 bits.
    EngineResult peak = solve(Instances.sharedMemory(12), Objective.PEAK_STORAGE);
    assertEquals(6, peak.objective());
    assertEquals(6, peak.solution().orElseThrow().peakStorage(Instances.sharedMemory(12)));
  }
}
