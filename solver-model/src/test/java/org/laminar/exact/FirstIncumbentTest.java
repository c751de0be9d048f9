package org.laminar.exact;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.laminar.bound.LatencyBounds;
import org.laminar.check.ScheduleChecker;
import org.laminar.choco.ChocoSolver;
import org.laminar.cpsat.CpSatParameters;
import org.laminar.engine.Engine;
import org.laminar.engine.EngineResult;
import org.laminar.engine.Limits;
import org.laminar.engine.Objective;
import org.laminar.engine.Progress;
import org.laminar.ir.IrProblem;
import org.laminar.ir.IrSolution;
import org.laminar.schedule.Scheduler;
import org.laminar.schedule.SchedulingProblem;
import org.laminar.schedule.SolveStatus;

/**
 * The best checked warm start is the first incumbent, reported on the progress stream before the
 * engine is called (so before CP-SAT translates and presolves the model), with the analytical bound
 * and its gap; and it is the answer when the search finds nothing better.
 */
class FirstIncumbentTest {
  private static final SchedulingProblem PROBLEM = TileProblems.problem(
      TileProblems.tiles(TileProblems.chain(3, 8, 8), "oy=2"),
      TileProblems.accelerator(2, List.of("fast"), 1 << 20, true));

  /** The least latency the checker gives any of the greedy warm starts. */
  private static long bestGreedyLatency() {
    ScheduleChecker checker = new ScheduleChecker();
    return CpSatScheduler.greedyWarmStarts().stream().map(s -> s.schedule(PROBLEM).schedule())
        .flatMap(Optional::stream).mapToLong(s -> checker.check(PROBLEM, s).metrics().latencyCycles()).min()
        .orElseThrow();
  }

  /** An engine that finds nothing and records how many progress steps had arrived when it was called. */
  private static class Idle implements Engine {
    final List<Progress> seen;
    int stepsBeforeSolve = -1;

    Idle(List<Progress> seen) {
      this.seen = seen;
    }

    @Override
    public String name() {
      return "idle";
    }

    @Override
    public Limits limits() {
      return Limits.defaults();
    }

    @Override
    public EngineResult solve(IrProblem problem, Objective objective, long horizon, Optional<IrSolution> hint,
        Limits limits, Consumer<Progress> progress) {
      stepsBeforeSolve = seen.size();
      return EngineResult.notRun();
    }

    @Override
    public void stop() {
    }
  }

  @Test
  void theBestWarmStartIsTheFirstIncumbentBeforeTheEngineRuns() {
    List<Progress> steps = new ArrayList<>();
    Idle engine = new Idle(steps);
    new CpSatScheduler(CpSatScheduler.Options.defaults(), engine, CpSatScheduler.greedyWarmStarts(), steps::add)
        .solve(PROBLEM);
    assertEquals(1, engine.stepsBeforeSolve, "steps before the engine ran: " + steps);
    Progress first = steps.get(0);
    long greedy = bestGreedyLatency();
    long bound = LatencyBounds.of(PROBLEM).bestCycles();
    assertEquals(Progress.Event.SOLUTION, first.event());
    assertEquals(greedy, first.incumbent());
    assertEquals(bound, first.bound());
    assertEquals((double) (greedy - bound) / greedy, first.gap(), 1e-12);
    assertTrue(first.seconds() >= 0);
  }

  @Test
  void anEngineThatMayRefuseInItsSolveGetsNoLineBeforeIt() {
    List<Progress> steps = new ArrayList<>();
    Idle engine = new Idle(steps) {
      @Override
      public boolean mayRefuseInSolve() {
        return true;
      }
    };
    new CpSatScheduler(CpSatScheduler.Options.defaults(), engine, CpSatScheduler.greedyWarmStarts(), steps::add)
        .solve(PROBLEM);
    assertEquals(0, engine.stepsBeforeSolve, "steps before the engine ran: " + steps);
  }

  /** Choco behind a forwarding engine that records the progress lines Choco itself sends. */
  private static final class Recording implements Engine {
    final ChocoSolver choco = new ChocoSolver(Limits.defaults().withWorkers(1), 2_000);
    final List<Progress> own = new ArrayList<>();

    @Override
    public String name() {
      return choco.name();
    }

    @Override
    public Limits limits() {
      return choco.limits();
    }

    @Override
    public EngineResult solve(IrProblem problem, Objective objective, long horizon, Optional<IrSolution> hint,
        Limits limits, Consumer<Progress> progress) {
      return choco.solve(problem, objective, horizon, hint, limits, p -> {
        own.add(p);
        progress.accept(p);
      });
    }

    @Override
    public boolean mayRefuseInSolve() {
      return choco.mayRefuseInSolve();
    }

    @Override
    public void stop() {
      choco.stop();
    }
  }

  @Test
  void chocoLinesAreOnlyItsOwn() {
    List<Progress> steps = new ArrayList<>();
    Recording engine = new Recording();
    new CpSatScheduler(CpSatScheduler.Options.defaults(), engine, CpSatScheduler.greedyWarmStarts(), steps::add)
        .solve(PROBLEM);
    assertEquals(engine.own.size(), steps.size(), "scheduler lines " + steps + ", Choco's " + engine.own);
  }

  @Test
  void chocoRefusalOfEdpStandsAlone() {
    List<Progress> steps = new ArrayList<>();
    CpSatScheduler cp = new CpSatScheduler(CpSatScheduler.Options.defaults().withGoal(Goal.EDP),
        new ChocoSolver(Limits.defaults().withWorkers(1)), CpSatScheduler.greedyWarmStarts(), steps::add);
    assertThrows(IllegalArgumentException.class, () -> cp.solve(PROBLEM));
    assertEquals(List.of(), steps);
  }

  @Test
  void withNoTimeToSearchTheHintIsReturnedWithTheProgressLinesOnTheSameClock() {
    List<Progress> steps = new ArrayList<>();
    // No search: a deterministic time limit too small for CP-SAT to do anything.
    CpSatScheduler cp = new CpSatScheduler(CpSatScheduler.Options.defaults()
        .withParameters(CpSatParameters.deterministic(1e-9)), CpSatScheduler.greedyWarmStarts(), steps::add);
    ExactResult r = cp.solve(PROBLEM);
    long greedy = bestGreedyLatency();
    assertEquals(greedy, steps.get(0).incumbent());
    assertTrue(r.value() <= greedy, "returned " + r.value() + ", first incumbent " + greedy);
    assertTrue(r.result().status() == SolveStatus.FEASIBLE || r.result().status() == SolveStatus.OPTIMAL);
    for (int i = 1; i < steps.size(); i++) {
      assertTrue(steps.get(i).seconds() >= steps.get(i - 1).seconds(), "one clock: " + steps);
      assertTrue(steps.get(i).incumbent() <= steps.get(i - 1).incumbent(), "improving: " + steps);
    }
  }
}
