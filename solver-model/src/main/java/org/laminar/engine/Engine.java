package org.laminar.engine;

import java.util.Optional;
import java.util.function.Consumer;
import org.laminar.ir.IrChecker;
import org.laminar.ir.IrProblem;
import org.laminar.ir.IrSolution;
import org.laminar.schedule.SolveStatus;

/**
 * An exact solver of {@link IrProblem}s: one formulation of the IR, translated into one engine's
 * model. Every call has its own state, so an instance may run several solves at once and be
 * reused after {@link #stop}.
 *
 * <p>Contract (tested by the engine contract test): {@link SolveStatus#OPTIMAL} only when the
 * engine proved it; {@link SolveStatus#INFEASIBLE} only when it proved that no solution ends by
 * the horizon; a valid hint that ends by the horizon comes back, as FEASIBLE, when the search
 * finds nothing better; the bound never exceeds the optimum. Callers validate solutions with
 * {@link IrChecker}.
 */
public interface Engine {
  /** The engine's name, as spelled on the command line ({@code cpsat}, {@code choco}). */
  String name();

  /** The limits a solve without explicit limits runs with. */
  Limits limits();

  /**
   * Minimises {@code objective} over the solutions of {@code problem} that end by {@code horizon}
   * (cycles).
   *
   * @param hint a solution to start the search from, or empty
   * @param limits time, workers, seed and gap of this solve
   * @param progress receives each improving solution and, once there is a solution or a valid
   *     hint, rising bounds; one call at a time
   */
  EngineResult solve(IrProblem problem, Objective objective, long horizon, Optional<IrSolution> hint, Limits limits,
      Consumer<Progress> progress);

  /** {@link #solve(IrProblem, Objective, long, Optional, Limits, Consumer)} within {@link #limits()}. */
  default EngineResult solve(IrProblem problem, Objective objective, long horizon, Optional<IrSolution> hint,
      Consumer<Progress> progress) {
    return solve(problem, objective, horizon, hint, limits(), progress);
  }

  /** A solve within {@link #limits()} and the horizon {@link Horizons#of} the hint. */
  default EngineResult solve(IrProblem problem, Objective objective, Optional<IrSolution> hint,
      Consumer<Progress> progress) {
    return solve(problem, objective, Horizons.of(problem, objective, hint), hint, limits(), progress);
  }

  /**
   * Whether {@link #solve} may refuse a problem or an objective that its caller has already built a
   * model for (an {@link IllegalArgumentException} from the translation). A caller then reports
   * nothing before the solve, not even a valid hint as its first incumbent, so that the refusal
   * stands alone; otherwise it may report the hint at once, before the engine translates and
   * presolves (seconds at thousands of tiles).
   */
  default boolean mayRefuseInSolve() {
    return false;
  }

  /**
   * Stops every solve of this instance in progress; each returns the best solution it found so
   * far. Later solves run normally. Safe to call from another thread (e.g. a shutdown hook).
   */
  void stop();
}
