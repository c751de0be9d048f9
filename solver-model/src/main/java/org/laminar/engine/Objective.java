package org.laminar.engine;

import org.laminar.ir.IrProblem;
import org.laminar.ir.IrSolution;

/**
 * What an {@link Engine} minimises, with the unit of the reported objective and bound. Each value
 * is one branch of the objective section of every engine's translation of the IR. Lexicographic pairs
 * are two solves: the second one minimises its objective within the first one's optimum, passed
 * as the horizon.
 */
public enum Objective {
  /** The last end over present tasks (cycles). */
  MAKESPAN,
  /**
   * The summed energy of the chosen modes and increments (pJ; rounded to integer units inside the
   * solvers, femtojoules where they fit).
   */
  ENERGY,
  /**
   * Energy × makespan (pJ·cycles), the exact product of two model variables. Energies are rounded
   * to integer units of at most 1 fJ, coarser when horizon × energy would not fit 2^60.
   */
  EDP,
  /** The highest occupancy of any storage resource at any cycle (bits). */
  PEAK_STORAGE;

  /** The value of this objective for {@code solution} of {@code problem} (the objective's unit). */
  public double value(IrProblem problem, IrSolution solution) {
    return switch (this) {
      case MAKESPAN -> solution.makespan(problem);
      case ENERGY -> solution.energyPj(problem);
      case EDP -> solution.makespan(problem) * solution.energyPj(problem);
      case PEAK_STORAGE -> solution.peakStorage(problem);
    };
  }
}
