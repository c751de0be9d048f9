package org.laminar.cpsat;

/** Outcome of a solve. */
public enum SolveStatus {
  /** A solution was found and proven optimal. */
  OPTIMAL,
  /** A solution was found; the bound may be below its value. */
  FEASIBLE,
  /** Proven that no solution exists. */
  INFEASIBLE,
  /** No solution found and nothing proven (time limit). */
  UNKNOWN
}
