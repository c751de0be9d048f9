package org.laminar.evaluate;

import static com.google.common.base.Preconditions.checkNotNull;

import java.util.Optional;
import org.laminar.bound.LatencyBounds;
import org.laminar.schedule.SchedulingProblem;
import org.laminar.tiling.Tiling;
import org.laminar.tilesearch.TilingSearch;

/**
 * A point's problem, ready to be scheduled: its inputs read, tiled and costed, with its analytical
 * latency bounds.
 *
 * @param point the design point
 * @param tiling the tiling of its workload
 * @param problem the scheduling problem
 * @param bounds the problem's analytical latency bounds (cycles)
 * @param search the tiling search that chose {@code tiling} ({@code --tiling auto=...}); empty without one
 */
public record Prepared(Point point, Tiling tiling, SchedulingProblem problem, LatencyBounds bounds,
    Optional<TilingSearch.Result> search) {
  public Prepared {
    checkNotNull(point, "point is missing");
    checkNotNull(tiling, "tiling is missing");
    checkNotNull(problem, "problem is missing");
    checkNotNull(bounds, "bounds are missing");
    checkNotNull(search, "tiling search is missing");
  }
}
