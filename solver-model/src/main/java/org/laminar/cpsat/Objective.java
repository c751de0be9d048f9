package org.laminar.cpsat;

/**
 * What the CP-SAT model minimises. Each value is one branch of {@link CpSatTranslation}'s
 * objective section and states the unit of the reported objective and bound. Lexicographic pairs
 * are two solves: the second one minimises its objective within the first one's optimum, passed
 * as the horizon.
 */
public enum Objective {
  /** The last end over present tasks (cycles). */
  MAKESPAN,
  /** The summed energy of the chosen modes and increments (pJ; integer femtojoules inside the solver). */
  ENERGY,
  /**
   * Energy × makespan (pJ·cycles), the exact product of two model variables. Energies are rounded
   * to integer units of at most 1 fJ, coarser when horizon × energy would not fit 2^60.
   */
  EDP,
  /** The highest occupancy of any storage resource at any cycle (bits). */
  PEAK_STORAGE
}
