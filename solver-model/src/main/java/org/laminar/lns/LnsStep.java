package org.laminar.lns;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import org.laminar.schedule.SolveStatus;

/**
 * What one step of the large neighbourhood search did, for measuring which neighbourhoods pay off
 * at scale.
 *
 * @param kind the neighbourhood's kind
 * @param tiles tiles the neighbourhood freed
 * @param modelTasks IR tasks of the model the step solved: the restricted whole model, or the
 *     neighbourhood's own ({@link SubProblem}: free tasks, pinned context, fixed memory, sink)
 * @param buildSeconds wall time to build that model (s)
 * @param solveSeconds wall time of the CP-SAT call: translation, presolve and search (s)
 * @param acceptSeconds wall time to splice, shift left and check the step's solution (s)
 * @param status how CP-SAT ended
 * @param gainCycles how much the step lowered the incumbent's latency, per the checker (cycles, 0
 *     when it did not)
 */
public record LnsStep(String kind, int tiles, int modelTasks, double buildSeconds, double solveSeconds,
    double acceptSeconds, SolveStatus status, long gainCycles) {
  public LnsStep {
    checkNotNull(kind, "kind is missing");
    checkNotNull(status, "status is missing");
    checkArgument(tiles >= 0 && modelTasks >= 0, "negative size: %s tiles, %s tasks", tiles, modelTasks);
    checkArgument(gainCycles >= 0, "a step never worsens the incumbent, got gain %s", gainCycles);
  }
}
