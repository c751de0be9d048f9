package org.laminar.psplib;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.laminar.bound.IrBounds;
import org.laminar.cpsat.CpSatParameters;
import org.laminar.cpsat.CpSatSolver;
import org.laminar.engine.EngineResult;
import org.laminar.engine.Objective;
import org.laminar.engine.Progress;
import org.laminar.greedy.SerialSgs;
import org.laminar.ir.IrCheckResult;
import org.laminar.ir.IrChecker;
import org.laminar.ir.IrProblem;
import org.laminar.ir.IrSolution;
import org.laminar.schedule.SolveStatus;

/**
 * The j301 instances reach their published optima (PSPLIB j30opt), deterministically, and report
 * their progress in order.
 */
class PsplibOptimaTest {
  private static final Map<String, Long> OPTIMA =
      PsplibReader.readOptima(PsplibReaderTest.J30.resolve("j30opt-subset.sm"));

  static Stream<String> j301() {
    return Stream.iterate(1, i -> i + 1).limit(10).map(i -> "j301_" + i);
  }

  @ParameterizedTest
  @MethodSource("j301")
  void reachesThePublishedOptimum(String instance) {
    IrProblem problem = PsplibReader.read(PsplibReaderTest.J30.resolve(instance + ".sm"));
    long optimum = OPTIMA.get(instance);
    Optional<IrSolution> greedy = SerialSgs.best(problem);
    long greedyMakespan = greedy.orElseThrow().makespan(problem);
    assertTrue(greedyMakespan >= optimum && IrBounds.makespan(problem) <= optimum,
        "greedy " + greedyMakespan + ", bound " + IrBounds.makespan(problem));
    List<Progress> steps = new ArrayList<>();
    EngineResult result = new CpSatSolver(CpSatParameters.deterministic(60)).solve(problem, Objective.MAKESPAN,
        greedy, steps::add);
    assertEquals(SolveStatus.OPTIMAL, result.status());
    assertProgressInOrder(steps, greedyMakespan, optimum);
    IrCheckResult check = IrChecker.check(problem, result.solution().orElseThrow());
    assertEquals(List.of(), check.violations());
    assertEquals(optimum, check.makespan());
    assertEquals(optimum, result.bound());
  }

  @Test
  void reportsBoundsThatRiseBetweenSolutions() {
    IrProblem problem = PsplibReader.read(PsplibReaderTest.J30.resolve("j301_4.sm"));
    Optional<IrSolution> greedy = SerialSgs.best(problem);
    List<Progress> steps = new ArrayList<>();
    new CpSatSolver(CpSatParameters.deterministic(60)).solve(problem, Objective.MAKESPAN, greedy, steps::add);
    assertTrue(steps.stream().anyMatch(p -> p.event() == Progress.Event.BOUND), steps.toString());
    assertProgressInOrder(steps, greedy.orElseThrow().makespan(problem), OPTIMA.get("j301_4"));
  }

  /**
   * A solve's steps, hinted with a schedule of makespan {@code hint}: each solution better than the
   * incumbent before it (the hint at first), each bound higher with the incumbent unchanged; no
   * bound above the optimum.
   */
  private static void assertProgressInOrder(List<Progress> steps, long hint, long optimum) {
    double incumbent = hint;
    double bound = Double.NEGATIVE_INFINITY;
    double seconds = 0;
    for (Progress step : steps) {
      if (step.event() == Progress.Event.SOLUTION) {
        assertTrue(step.incumbent() < incumbent && step.bound() >= bound, steps.toString());
      } else {
        assertTrue(step.incumbent() == incumbent && step.bound() > bound, steps.toString());
      }
      assertTrue(step.bound() <= optimum && step.seconds() >= seconds, steps.toString());
      incumbent = step.incumbent();
      bound = step.bound();
      seconds = step.seconds();
    }
  }
}
