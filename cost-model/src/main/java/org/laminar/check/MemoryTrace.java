package org.laminar.check;

import com.google.common.collect.ImmutableList;
import java.util.List;

/**
 * Occupancy of one local memory of one core over time, as the checker replays it.
 *
 * @param core core id
 * @param memory memory name within the core
 * @param capacityBits its size (bits)
 * @param steps occupancy from each step's cycle until the next step's (the last one lasts to the
 *     end of the schedule), in cycle order
 */
public record MemoryTrace(int core, String memory, long capacityBits, List<Step> steps) {

  /** From {@code cycle} on, the memory holds {@code bits}. */
  public record Step(long cycle, long bits) {}

  public MemoryTrace {
    steps = ImmutableList.copyOf(steps);
  }

  /** Highest occupancy (bits). */
  public long peakBits() {
    return steps.stream().mapToLong(Step::bits).max().orElse(0);
  }
}
