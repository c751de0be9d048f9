package org.laminar.validation;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.laminar.choco.ChocoSolver;
import org.laminar.cpsat.CpSatParameters;
import org.laminar.cpsat.CpSatSolver;
import org.laminar.engine.Limits;
import org.laminar.psplib.PsplibReader;
import org.laminar.schedule.SolveStatus;

/**
 * CP-SAT and Choco on the ten PSPLIB j301 instances, fast enough for {@code mvn verify}: both
 * prove the published optimum (CP-SAT on one worker within a deterministic limit; Choco's search
 * is deterministic, its time limit only a safety net). {@link EngineCrossCheck} runs the full
 * cross-check, tile problems included.
 */
class EngineAgreementTest {
  private static final Map<String, Long> OPTIMA = PsplibReader.readOptima(EngineRuns.J30.resolve("j30opt-subset.sm"));

  static Iterable<String> instances() {
    return EngineRuns.J301;
  }

  @ParameterizedTest
  @MethodSource("instances")
  void bothEnginesProveThePublishedOptimum(String instance) {
    EngineRuns cpsat = EngineRuns.rcpsp(instance, new CpSatSolver(CpSatParameters.deterministic(30)));
    EngineRuns choco = EngineRuns.rcpsp(instance, new ChocoSolver(Limits.defaults().withTimeLimit(60)));
    EngineRuns.agree(cpsat, choco);
    for (EngineRuns r : new EngineRuns[] {cpsat, choco}) {
      assertEquals(SolveStatus.OPTIMAL, r.status(), r.toString());
      assertEquals(OPTIMA.get(instance), (long) r.value(), r.toString());
    }
  }
}
