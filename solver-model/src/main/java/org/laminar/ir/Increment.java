package org.laminar.ir;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

/**
 * A part of a task's duration and energy that depends on other tasks' modes: whatever mode the
 * task runs in, it lasts {@code cycles} longer and costs {@code energyPj} more when {@code when}
 * holds. A weight load onto a core, for instance, lasts longer for every further weight slice that
 * the tiles placed there use.
 *
 * @param when condition on the other tasks' modes
 * @param cycles extra duration (cycles, {@code >= 0})
 * @param energyPj extra energy (pJ, {@code >= 0})
 */
public record Increment(Condition when, long cycles, double energyPj) {
  public Increment {
    checkNotNull(when, "increment: condition is missing");
    checkArgument(cycles >= 0, "increment: duration must be >= 0 cycles, got %s", cycles);
    checkArgument(energyPj >= 0 && Double.isFinite(energyPj), "increment: energy must be >= 0 pJ, got %s", energyPj);
  }
}
