package org.laminar.engine;

import org.laminar.choco.ChocoSolver;

/** The engine contract for Choco (deterministic search; the time limit is only a safety net). */
class ChocoEngineTest extends EngineContractTest {
  @Override
  Engine engine() {
    return new ChocoSolver(Limits.defaults().withWorkers(1));
  }
}
