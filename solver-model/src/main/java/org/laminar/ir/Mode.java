package org.laminar.ir;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import com.google.common.collect.ImmutableList;
import java.util.List;

/**
 * One way to execute a task: where it runs (the resources it occupies), for how long, at what
 * energy.
 *
 * @param name mode name for messages (e.g. the core's name)
 * @param duration cycles, {@code >= 0}, or the task's units of work ({@link Task#unitsPerCycle}); a
 *     zero-duration mode occupies no resource time
 * @param energyPj energy of one execution in this mode (pJ)
 * @param usages resources occupied from the start, each at most once: to the end, or for a prefix
 *     of at most {@code duration} cycles
 */
public record Mode(String name, long duration, double energyPj, List<Usage> usages) {
  public Mode {
    checkNotNull(name, "mode name is missing");
    checkArgument(duration >= 0, "mode %s: duration must be >= 0 cycles, got %s", name, duration);
    checkArgument(energyPj >= 0 && Double.isFinite(energyPj), "mode %s: energy must be >= 0 pJ, got %s", name,
        energyPj);
    usages = ImmutableList.copyOf(usages);
    checkArgument(usages.stream().map(Usage::resource).distinct().count() == usages.size(),
        "mode %s uses a resource twice: %s", name, usages);
    checkArgument(usages.stream().allMatch(u -> u.isWhole() || u.cycles() <= duration),
        "mode %s (%s cycles) uses a resource for a prefix longer than itself: %s", name, duration, usages);
  }

  /** A mode occupying one unary resource (a core, a link) with no energy. */
  public static Mode on(String name, int unaryResource, long duration) {
    return new Mode(name, duration, 0, List.of(new Usage(unaryResource, 1)));
  }

  /**
   * Work this mode does on {@code resource} (units × cycles, 0 if it does not use it), its own
   * duration without increments.
   */
  public long workOn(int resource) {
    return usages.stream().filter(u -> u.resource() == resource).mapToLong(u -> u.length(duration) * u.amount())
        .sum();
  }
}
