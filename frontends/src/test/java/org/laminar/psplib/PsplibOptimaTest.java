package org.laminar.psplib;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.laminar.bound.IrBounds;
import org.laminar.cpsat.CpSatParameters;
import org.laminar.cpsat.CpSatResult;
import org.laminar.cpsat.CpSatScheduler;
import org.laminar.cpsat.Objective;
import org.laminar.cpsat.SolveStatus;
import org.laminar.greedy.SerialSgs;
import org.laminar.ir.IrCheckResult;
import org.laminar.ir.IrChecker;
import org.laminar.ir.IrProblem;
import org.laminar.ir.IrSolution;

/** The j301 instances reach their published optima (PSPLIB j30opt), deterministically. */
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
    CpSatResult result = new CpSatScheduler(CpSatParameters.deterministic(60)).solve(problem, Objective.MAKESPAN,
        greedy, p -> { });
    assertEquals(SolveStatus.OPTIMAL, result.status());
    IrCheckResult check = IrChecker.check(problem, result.solution().orElseThrow());
    assertEquals(java.util.List.of(), check.violations());
    assertEquals(optimum, check.makespan());
    assertEquals(optimum, result.bound());
  }
}
