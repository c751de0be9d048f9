package org.laminar.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
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

/**
 * What every {@link Engine} guarantees, on tiny IR problems whose optima are computed by hand
 * ({@link Instances}): proven optima of each objective, OPTIMAL only with a matching bound, a stop
 * that returns the best solution so far and leaves the instance usable, hints as incumbents,
 * proven infeasibility. A subclass per engine supplies it.
 */
abstract class EngineContractTest {
  /** The engine under test, with limits that let the tiny problems finish. */
  abstract Engine engine();

  private final Engine engine = engine();

  /** Solves, checks the solution independently and the status semantics, and returns the result. */
  private EngineResult optimum(IrProblem problem, Objective objective, double expected) {
    EngineResult result = engine.solve(problem, objective, Optional.empty(), p -> { });
    assertEquals(SolveStatus.OPTIMAL, result.status(), problem.name());
    IrSolution solution = result.solution().orElseThrow();
    IrCheckResult check = IrChecker.check(problem, solution);
    assertEquals(List.of(), check.violations());
    assertEquals(expected, objective.value(problem, solution), 1e-9, problem.name());
    assertEquals(expected, result.objective(), 1e-9);
    assertEquals(expected, result.bound(), 1e-9);
    return result;
  }

  @Test
  void provesTheMakespanOptimaOfTheHandMadeInstances() {
    optimum(Instances.twoCoresWithTransfers(), Objective.MAKESPAN, 9);
    optimum(Instances.sharedMemory(12), Objective.MAKESPAN, 5);
    optimum(Instances.sharedMemory(10), Objective.MAKESPAN, 10);
    optimum(Instances.spill(14), Objective.MAKESPAN, 8);
    optimum(Instances.spill(10), Objective.MAKESPAN, 14);
    optimum(Instances.layerAllocation(true), Objective.MAKESPAN, 6);
    optimum(Instances.layerAllocation(false), Objective.MAKESPAN, 5);
    optimum(Instances.smallRcpsp(), Objective.MAKESPAN, 8);
    optimum(Instances.streamPrefix(), Objective.MAKESPAN, 10);
    optimum(Instances.roundedTransfer(), Objective.MAKESPAN, 3);
  }

  @Test
  void provesEnergyAndPeakStorageOptima() {
    // Increments count: fast x costs 1 + 20 + 2 = 23 pJ, slow x 1 + 10 = 11 pJ.
    EngineResult energy = optimum(loadWithIncrement(), Objective.ENERGY, 11);
    assertEquals(0, energy.solution().orElseThrow().modes().get(0));
    assertEquals(5, optimum(loadWithIncrement(), Objective.MAKESPAN, 5).objective());
    // Two chains of 6 bits each share 12 bits: serialised, the peak is 6.
    optimum(Instances.sharedMemory(12), Objective.PEAK_STORAGE, 6);
  }

  @Test
  void keepsTimeWindows() {
    // a (3 cycles) may start at 4 at the earliest, b (2) must end by 3: b [0, 2), a [4, 7).
    IrProblem.Builder b = IrProblem.builder("windows");
    int core = b.addResource("core", ResourceKind.UNARY, 1);
    int a = b.addTask("a", List.of(Mode.on("run", core, 3)));
    int t = b.addTask("b", List.of(Mode.on("run", core, 2)));
    b.window(a, 4, 100).window(t, 0, 3);
    EngineResult result = optimum(b.build(), Objective.MAKESPAN, 7);
    assertTrue(result.solution().orElseThrow().starts().get(t) <= 1);
  }

  @Test
  void provesInfeasibility() {
    // A 7-bit memory cannot hold the 8-bit output, kept or spilled.
    EngineResult result = engine.solve(Instances.spill(7), Objective.MAKESPAN, Optional.empty(), p -> { });
    assertEquals(SolveStatus.INFEASIBLE, result.status());
    assertTrue(result.solution().isEmpty());
  }

  @Test
  void anOptimalHintIsTheIncumbentAndIsProven() {
    IrProblem problem = Instances.spill(10);
    IrSolution hint = engine.solve(problem, Objective.MAKESPAN, Optional.empty(), p -> { }).solution().orElseThrow();
    List<Progress> better = new ArrayList<>();
    EngineResult result = engine.solve(problem, Objective.MAKESPAN, Optional.of(hint), better::add);
    assertEquals(SolveStatus.OPTIMAL, result.status());
    assertEquals(14, result.objective());
    assertEquals(List.of(), better.stream().filter(p -> p.event() == Progress.Event.SOLUTION).toList(),
        "nothing beats an optimal hint");
  }

  @Test
  void aHintBeyondTheHorizonIsNotReturned() {
    IrProblem problem = Instances.smallRcpsp();
    IrSolution hint = engine.solve(problem, Objective.MAKESPAN, Optional.empty(), p -> { }).solution().orElseThrow();
    // No schedule ends by 7 cycles (the optimum is 8): the hint must not come back as a solution.
    EngineResult result = engine.solve(problem, Objective.MAKESPAN, 7, Optional.of(hint), p -> { });
    assertEquals(SolveStatus.INFEASIBLE, result.status());
  }

  @Test
  void aStopReturnsTheBestSolutionSoFarAndTheInstanceSolvesOnAfterwards() {
    IrProblem problem = randomRcpsp(30, 7);
    EngineResult stopped = engine.solve(problem, Objective.MAKESPAN, Optional.empty(), p -> {
      if (p.event() == Progress.Event.SOLUTION) {
        engine.stop();
      }
    });
    assertTrue(stopped.status() == SolveStatus.FEASIBLE || stopped.status() == SolveStatus.OPTIMAL,
        stopped.status().name());
    IrSolution solution = stopped.solution().orElseThrow();
    assertTrue(IrChecker.check(problem, solution).valid());
    assertEquals(solution.makespan(problem), stopped.objective());
    assertTrue(stopped.bound() <= stopped.objective());
    if (stopped.status() == SolveStatus.OPTIMAL) {
      assertEquals(stopped.objective(), stopped.bound());
    }
    optimum(Instances.smallRcpsp(), Objective.MAKESPAN, 8);
    optimum(Instances.streamPrefix(), Objective.MAKESPAN, 10);
    optimum(Instances.roundedTransfer(), Objective.MAKESPAN, 3);
  }

  @Test
  void runsTwoSolvesAtOnce() {
    CompletableFuture<EngineResult> other = CompletableFuture.supplyAsync(
        () -> engine.solve(Instances.spill(10), Objective.MAKESPAN, Optional.empty(), p -> { }));
    optimum(Instances.sharedMemory(10), Objective.MAKESPAN, 10);
    EngineResult spill = other.join();
    assertEquals(SolveStatus.OPTIMAL, spill.status());
    assertEquals(14, spill.objective());
  }

  @Test
  void boundsNeverExceedTheOptimum() {
    EngineResult result = engine.solve(Instances.twoCoresWithTransfers(), Objective.ENERGY, Optional.empty(),
        p -> assertTrue(p.bound() <= p.incumbent() + 1e-9));
    assertEquals(SolveStatus.OPTIMAL, result.status());
    assertFalse(result.bound() > result.objective() + 1e-9);
  }

  /**
   * A load L (1 cycle, 1 pJ, on the port) before x, which runs on the core in mode slow (5
   * cycles, 10 pJ) or fast (1 cycle, 2 pJ); with x fast, L lasts 3 cycles and 20 pJ longer.
   * Makespan: fast 1 + 3 + 1 = 5, slow 1 + 5 = 6. Energy: fast 23, slow 11.
   */
  private static IrProblem loadWithIncrement() {
    IrProblem.Builder b = IrProblem.builder("increment");
    int core = b.addResource("core", ResourceKind.UNARY, 1);
    int port = b.addResource("port", ResourceKind.UNARY, 1);
    int x = b.addTask("x", List.of(new Mode("slow", 5, 10, List.of(new Usage(core, 1))),
        new Mode("fast", 1, 2, List.of(new Usage(core, 1)))));
    int load = b.addTask("L", List.of(new Mode("load", 1, 1, List.of(new Usage(port, 1)))), List.of(), false,
        List.of(new Increment(Condition.allOf(new ModeRef(x, 1)), 3, 20)));
    b.precede(load, x);
    return b.build();
  }

  /**
   * A random single-mode RCPSP (fixed seed): {@code jobs} jobs of 1-10 cycles on two renewable
   * resources of capacity 4, each demanding 0-3 units, each job after up to two earlier ones.
   */
  static IrProblem randomRcpsp(int jobs, long seed) {
    Random random = new Random(seed);
    IrProblem.Builder b = IrProblem.builder("random-rcpsp-" + seed);
    int r1 = b.addResource("R1", ResourceKind.RENEWABLE, 4);
    int r2 = b.addResource("R2", ResourceKind.RENEWABLE, 4);
    for (int j = 0; j < jobs; j++) {
      List<Usage> usages = new ArrayList<>();
      int d1 = random.nextInt(4);
      int d2 = random.nextInt(4);
      if (d1 > 0) {
        usages.add(new Usage(r1, d1));
      }
      if (d2 > 0) {
        usages.add(new Usage(r2, d2));
      }
      b.addTask("job" + j, List.of(new Mode("m", 1 + random.nextInt(10), 0, usages)));
      for (int p = 0; p < 2 && j > 0; p++) {
        if (random.nextBoolean()) {
          int before = random.nextInt(j);
          b.precede(before, j);
        }
      }
    }
    return b.build();
  }
}
