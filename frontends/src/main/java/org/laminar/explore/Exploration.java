package org.laminar.explore;

import static com.google.common.base.Preconditions.checkArgument;

import com.google.common.collect.ImmutableList;
import java.util.List;

/**
 * A finished sweep: every point's result, in the sweep's order, those on the Pareto front marked.
 *
 * @param points the points' results, by id
 * @param axes the axes of the front
 * @param prunedSeconds the search time the pruned points would have been given had none been pruned
 *     (s): {@code evenShareSeconds} each
 * @param evenShareSeconds the time limit × jobs / searches, at most the time limit (s)
 */
public record Exploration(List<PointResult> points, List<Axis> axes, double prunedSeconds,
    double evenShareSeconds) {
  public Exploration {
    points = ImmutableList.copyOf(points);
    axes = ImmutableList.copyOf(axes);
    checkArgument(prunedSeconds >= 0 && evenShareSeconds >= 0, "negative times: %s, %s", prunedSeconds,
        evenShareSeconds);
  }

  /** The points on the front, in the sweep's order. */
  public List<PointResult> front() {
    return points.stream().filter(PointResult::front).toList();
  }

  /** How many points have {@code status}. */
  public long count(String status) {
    return points.stream().filter(p -> p.status().equals(status)).count();
  }
}
