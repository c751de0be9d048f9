package org.laminar.schedule;

import org.laminar.tiling.TileGraph;

/**
 * Hears how far the building of a {@link SchedulingProblem} has come: the tile graph, then the
 * costing of its distinct (tile shape, core) pairs. Calls may come from several threads, never
 * two at once.
 */
public interface ProblemProgress {
  /** Hears nothing. */
  ProblemProgress NONE = new ProblemProgress() {
  };

  /** The tile graph is built. */
  default void tiled(TileGraph graph) {
  }

  /** {@code done} of the {@code total} distinct (tile shape, core) pairs are costed. */
  default void costed(int done, int total) {
  }
}
