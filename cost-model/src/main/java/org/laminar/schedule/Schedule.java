package org.laminar.schedule;

import com.google.common.collect.ImmutableList;
import java.util.List;

/**
 * A complete schedule: every tile on a core with its start, and every data movement with its
 * resource and start. Only {@link org.laminar.check.ScheduleChecker} judges it and computes its
 * metrics.
 *
 * @param tiles the placed tiles (one per tile of the graph, any order)
 * @param movements weight loads, input loads, link hops, spills, read-backs and sink stores
 */
public record Schedule(List<ScheduledTile> tiles, List<Movement> movements) {
  public Schedule {
    tiles = ImmutableList.copyOf(tiles);
    movements = ImmutableList.copyOf(movements);
  }
}
