package org.laminar.validation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.laminar.choco.ChocoSolver;
import org.laminar.cpsat.CpSatParameters;
import org.laminar.cpsat.CpSatSolver;
import org.laminar.engine.Limits;
import org.laminar.psplib.PsplibReader;
import org.laminar.schedule.SolveStatus;
import org.laminar.validate.EngineSuite;
import org.laminar.validate.EngineSuite.EngineRun;

/**
 * CP-SAT and Choco on the ten PSPLIB j301 instances, fast enough for {@code mvn verify}: both
 * prove the published optimum (CP-SAT on one worker within a deterministic limit; Choco's search
 * is deterministic, its time limit only a safety net). {@link EngineCrossCheck} runs the full
 * cross-check, tile problems included.
 */
class EngineAgreementTest {
  static final Path J30 = Path.of(System.getProperty("laminar.root"), "..", "shared", "instances", "psplib", "j30");
  private static final Map<String, Long> OPTIMA = PsplibReader.readOptima(J30.resolve("j30opt-subset.sm"));

  @ParameterizedTest
  @ValueSource(strings = {"j301_1", "j301_2", "j301_3", "j301_4", "j301_5", "j301_6", "j301_7", "j301_8", "j301_9",
      "j301_10"})
  void bothEnginesProveThePublishedOptimum(String instance) {
    Path file = J30.resolve(instance + ".sm");
    EngineRun cpsat = EngineSuite.rcpsp(file, new CpSatSolver(CpSatParameters.deterministic(30)));
    EngineRun choco = EngineSuite.rcpsp(file, new ChocoSolver(Limits.defaults().withTimeLimit(60)));
    assertTrue(EngineSuite.agree(cpsat, choco), cpsat + " / " + choco);
    for (EngineRun r : new EngineRun[] {cpsat, choco}) {
      assertEquals(SolveStatus.OPTIMAL, r.status(), r.toString());
      assertEquals(OPTIMA.get(instance), (long) r.value(), r.toString());
    }
  }
}
