package org.laminar.ir;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

/**
 * A part of a task's work and energy that depends on other tasks' modes: whatever mode the task
 * runs in, it does {@code cycles} more work and costs {@code energyPj} more when {@code when}
 * holds. A weight load onto a core, for instance, moves the bits of every further weight slice that
 * the tiles placed there use.
 *
 * @param when condition on the other tasks' modes
 * @param cycles extra work ({@code >= 0}): cycles, or the task's units ({@link Task#unitsPerCycle})
 * @param energyPj extra energy (pJ, {@code >= 0})
 */
public record Increment(Condition when, long cycles, double energyPj) {
  public Increment {
    checkNotNull(when, "increment: condition is missing");
    checkArgument(cycles >= 0, "increment: work must be >= 0, got %s", cycles);
    checkArgument(energyPj >= 0 && Double.isFinite(energyPj), "increment: energy must be >= 0 pJ, got %s", energyPj);
  }
}
