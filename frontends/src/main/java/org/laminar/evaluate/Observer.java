package org.laminar.evaluate;

import java.util.function.Consumer;
import org.laminar.engine.Progress;
import org.laminar.schedule.ProblemProgress;

/**
 * Hears an evaluation as it goes: its phases, the costing of the problem, the lines meant for the
 * user's stderr, and the solvers' progress; and tells it whether the user interrupted it. Every
 * method has a silent default. Calls may come from the evaluating thread and, for {@link
 * ProblemProgress} and the solver progress, from the threads it starts.
 */
public interface Observer extends ProblemProgress {
  /** Hears nothing and never interrupts. */
  Observer SILENT = new Observer() {
  };

  /** A phase begins ({@code reading}, {@code tiling}, {@code bounds}, {@code scheduling and checking: NAME}). */
  default void phase(String name) {
  }

  /** A line for the user (a note, a scheduler left out of a comparison), without the {@code laminar: } prefix. */
  default void message(String line) {
  }

  /** The receiver of the progress of the search of the solver called {@code name} ({@code cpsat}, {@code lns}). */
  default Consumer<Progress> solverProgress(String name) {
    return p -> {
    };
  }

  /** Whether the user interrupted the evaluation: no further scheduler should start. */
  default boolean interrupted() {
    return false;
  }
}
