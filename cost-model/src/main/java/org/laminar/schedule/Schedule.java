package org.laminar.schedule;

import com.google.common.collect.ImmutableList;
import java.util.List;

/**
 * A complete schedule: every tile on a core with its start, and every data movement with its
 * resource and start. Only {@link org.laminar.check.ScheduleChecker} judges it and computes its
 * metrics.
 *
 * @param tiles the placed tiles (one per tile of the graph, any order)
 * @param movements weight loads, input loads, link hops, spills, read-backs and sink stores, and
 *     weight and activation streams; a tile's activation streams (input, second-input and output
 *     streams) are also the schedule's decision that it runs with its activations streamed, where
 *     it may also keep them on chip ({@link SchedulingProblem#choosesStreaming})
 */
public record Schedule(List<ScheduledTile> tiles, List<Movement> movements) {
  public Schedule {
    tiles = ImmutableList.copyOf(tiles);
    movements = ImmutableList.copyOf(movements);
  }

  /**
   * The end of the last tile or movement (cycles): where a chart ends, and the latency the checker
   * gives the schedule if it is valid (only the checker says whether it is).
   */
  public long lastEnd() {
    long end = 0;
    for (ScheduledTile t : tiles) {
      end = Math.max(end, t.end());
    }
    for (Movement m : movements) {
      end = Math.max(end, m.end());
    }
    return end;
  }
}
