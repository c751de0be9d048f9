package org.laminar.cpsat;

/**
 * What the CP-SAT model minimises. Each value is one branch of
 * {@link CpSatTranslation}'s objective section and states the unit of the reported objective and
 * bound. Planned: peak memory (bits), EDP and lexicographic pairs (a second solve with the first
 * objective fixed at its optimum).
 */
public enum Objective {
  /** The last end over present tasks (cycles). */
  MAKESPAN,
  /** The summed energy of the chosen modes (pJ; integer femtojoules inside the solver). */
  ENERGY
}
