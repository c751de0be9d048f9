package org.laminar.ir;

/** How a resource is shared between tasks, which decides the constraint that guards it. */
public enum ResourceKind {
  /**
   * One task at a time (capacity 1): a core, a link, a shared bus, a DRAM port. Modes use it with
   * amount 1.
   */
  UNARY,
  /**
   * A renewable resource with an integer capacity of units per cycle; each mode demands a number
   * of units while it runs (PSPLIB's renewable resources).
   */
  RENEWABLE,
  /** Storage, capacity in bits: occupied by {@link Buffer}s only, never by modes (local memories). */
  STORAGE
}
