package org.laminar.ir;

import static com.google.common.base.Preconditions.checkArgument;

/**
 * A mode's use of one resource: for the task's whole duration, or for a fixed prefix of it (from
 * the task's start, for {@code cycles} cycles). A tile that streams its weights uses its core for
 * its whole run but the DRAM read port only while the stream lasts, which may be shorter.
 *
 * @param resource index of the resource in {@link IrProblem#resources()}
 * @param amount units used per cycle (1 on a unary resource)
 * @param cycles how long from the task's start the resource is used (cycles, {@code > 0}, at most
 *     the mode's duration), or {@link #WHOLE} for the task's whole duration, increments included
 */
public record Usage(int resource, long amount, long cycles) {
  /** {@link #cycles} of a usage for the task's whole duration. */
  public static final long WHOLE = -1;

  public Usage {
    checkArgument(resource >= 0, "usage: resource index must be >= 0, got %s", resource);
    checkArgument(amount > 0, "usage of resource %s: amount must be > 0, got %s", resource, amount);
    checkArgument(cycles == WHOLE || cycles > 0, "usage of resource %s: a prefix must last > 0 cycles, got %s",
        resource, cycles);
  }

  /** A use of {@code resource} for the task's whole duration. */
  public Usage(int resource, long amount) {
    this(resource, amount, WHOLE);
  }

  /** A use of {@code resource} for the first {@code cycles} cycles of the task. */
  public static Usage prefix(int resource, long amount, long cycles) {
    return new Usage(resource, amount, cycles);
  }

  /** Whether the resource is used for the task's whole duration. */
  public boolean isWhole() {
    return cycles == WHOLE;
  }

  /** How long the resource is used when the task lasts {@code duration} cycles (cycles). */
  public long length(long duration) {
    return isWhole() ? duration : cycles;
  }
}
