package org.laminar.schedule;

/** What a scheduler can say about its schedule. */
public enum SolveStatus {
  /** Proven optimal for the objective. */
  OPTIMAL,
  /** Found by an exact method that did not prove optimality (e.g. timed out). */
  FEASIBLE,
  /** Found by a heuristic: no claim about quality beyond the bound, if any. */
  HEURISTIC,
  /** Proven to have no schedule. */
  INFEASIBLE,
  /** No schedule and no proof either way (e.g. timed out before the first solution). */
  UNKNOWN;

  /** Whether a schedule comes with this status. */
  public boolean hasSchedule() {
    return this == OPTIMAL || this == FEASIBLE || this == HEURISTIC;
  }
}
