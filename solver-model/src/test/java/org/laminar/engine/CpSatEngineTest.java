package org.laminar.engine;

import org.laminar.cpsat.CpSatParameters;
import org.laminar.cpsat.CpSatSolver;

/** The engine contract for CP-SAT: one worker, a deterministic limit. */
class CpSatEngineTest extends EngineContractTest {
  @Override
  Engine engine() {
    return new CpSatSolver(CpSatParameters.deterministic(10));
  }
}
