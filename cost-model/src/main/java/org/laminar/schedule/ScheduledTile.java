package org.laminar.schedule;

import static com.google.common.base.Preconditions.checkArgument;

/**
 * One tile placed on a core.
 *
 * @param tile tile id
 * @param core id of the core that runs it
 * @param start first cycle of the tile (cycles, ≥ 0)
 * @param end cycle at which it has finished (cycles, exclusive; {@code end − start} must equal the
 *     cost model's cycles for the tile on the core)
 */
public record ScheduledTile(int tile, int core, long start, long end) {
  public ScheduledTile {
    // Tested before the message's arguments are boxed: a schedule has a record per tile.
    if (start < 0 || end < start) {
      checkArgument(false, "tile %s: interval [%s, %s) is not a valid time interval", tile, start, end);
    }
  }
}
