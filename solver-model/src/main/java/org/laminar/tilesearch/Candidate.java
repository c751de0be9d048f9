package org.laminar.tilesearch;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import java.util.Optional;
import org.laminar.check.Metrics;
import org.laminar.exact.Goal;

/**
 * One tiling the search tried, measured by the checker.
 *
 * @param index position in the order tried, from 0
 * @param phase {@link TilingSearch#START}, {@link TilingSearch#UNIFORM}, {@link TilingSearch#STACK} or
 *     {@link TilingSearch#STREAM}
 * @param layers the layers the split was given to: {@code all}, or a stack's layer indices ({@code
 *     3-7}, as {@code --fuse} numbers them); the other stacks keep the best tiling so far
 * @param split the split given to those layers ({@code oy=8,k=2}), with how many layers automatic
 *     tiling split further to fit ({@code oy=1 (13 split further)}), or that it streams instead
 *     ({@code oy=1, streamed where needed})
 * @param tiles the tiles of the tiling (0 when it was not built)
 * @param scheduler the greedy scheduler whose schedule is best by the objective; empty when none is valid
 * @param metrics the checker's metrics of that schedule; empty when none is valid
 * @param reason why the candidate has no valid schedule (does not fit, too many tiles, ...); empty when it has one
 */
public record Candidate(int index, String phase, String layers, String split, int tiles, Optional<String> scheduler,
    Optional<Metrics> metrics, Optional<String> reason) {
  public Candidate {
    checkArgument(index >= 0, "candidate index must be >= 0, got %s", index);
    checkNotNull(phase, "phase is missing");
    checkNotNull(layers, "layers are missing");
    checkNotNull(split, "split is missing");
    checkArgument(tiles >= 0, "tiles must be >= 0, got %s", tiles);
    checkNotNull(scheduler, "scheduler is missing");
    checkNotNull(metrics, "metrics are missing");
    checkNotNull(reason, "reason is missing");
    checkArgument(metrics.isPresent() == scheduler.isPresent() && metrics.isPresent() != reason.isPresent(),
        "a candidate has a scheduler and metrics, or a reason");
  }

  /** Whether some greedy scheduler found a schedule the checker accepts. */
  public boolean valid() {
    return metrics.isPresent();
  }

  /** The value of {@code goal} in the checker's metrics; +infinity when the candidate has no valid schedule. */
  public double value(Goal goal) {
    return metrics.map(goal::value).orElse(Double.POSITIVE_INFINITY);
  }

  /** This candidate at position {@code newIndex}. */
  Candidate at(int newIndex) {
    return new Candidate(newIndex, phase, layers, split, tiles, scheduler, metrics, reason);
  }
}
