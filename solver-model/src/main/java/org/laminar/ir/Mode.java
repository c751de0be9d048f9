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
 * @param duration cycles, {@code >= 0}; a zero-duration mode occupies no resource time
 * @param energyPj energy of one execution in this mode (pJ)
 * @param usages resources occupied from start to end, each at most once
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
  }

  /** A mode occupying one unary resource (a core, a link) with no energy. */
  public static Mode on(String name, int unaryResource, long duration) {
    return new Mode(name, duration, 0, List.of(new Usage(unaryResource, 1)));
  }

  /** Units of {@code resource} this mode uses per cycle (0 if it does not use it). */
  public long amountOf(int resource) {
    return usages.stream().filter(u -> u.resource() == resource).mapToLong(Usage::amount).sum();
  }
}
