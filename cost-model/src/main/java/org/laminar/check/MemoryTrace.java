package org.laminar.check;

import com.google.common.collect.ImmutableList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Occupancy of one local memory over time, as the checker replays it: a core's own memory, or one
 * that several cores share (one trace for all of them).
 *
 * @param core core id (the lowest of a shared memory's cores)
 * @param memory memory name within the core, or the shared memory's name
 * @param capacityBits its size (bits)
 * @param steps occupancy from each step's cycle until the next step's (the last one lasts to the
 *     end of the schedule), in cycle order
 * @param cores the cores that use it, ascending: {@code [core]} for a core's own memory
 */
public record MemoryTrace(int core, String memory, long capacityBits, List<Step> steps, List<Integer> cores) {

  /** From {@code cycle} on, the memory holds {@code bits}. */
  public record Step(long cycle, long bits) {}

  public MemoryTrace {
    steps = ImmutableList.copyOf(steps);
    cores = ImmutableList.copyOf(cores);
  }

  /** Whether several cores share the memory. */
  public boolean isShared() {
    return cores.size() > 1;
  }

  /** The track's name: {@code core 0 sram}, or {@code shared l2 (cores 0, 1)}. */
  public String label() {
    return isShared()
        ? "shared " + memory + " (cores " + cores.stream().map(String::valueOf).collect(Collectors.joining(", ")) + ")"
        : "core " + core + " " + memory;
  }

  /** Highest occupancy (bits). */
  public long peakBits() {
    return steps.stream().mapToLong(Step::bits).max().orElse(0);
  }
}
