package org.laminar.exact;

import java.util.Locale;

/** How freely the exact model may place tiles on cores. */
public enum Allocation {
  /**
   * All tiles of a layer (with the same allowed cores) on one core among them: Stream's {@code
   * core_allocation} semantics. The layer's weights are loaded once, onto that core. Fewer
   * decisions, so CP-SAT proves optima on larger graphs; but its optimum is only the best schedule
   * that keeps layers whole, and its bound says nothing about schedules that split them.
   */
  LAYER,
  /**
   * Each tile on any of its allowed cores, the default. Row bands and channel slices of one layer
   * may then run in parallel on several cores, each core loading the weight slices its tiles use.
   * The model then holds every greedy schedule (heft splits layers), so its optimum is no slower
   * than any of them and its bound bounds them all.
   */
  TILE;

  /**
   * Parses {@code layer} or {@code tile}.
   *
   * @throws IllegalArgumentException naming the text otherwise
   */
  public static Allocation parse(String text) {
    return switch (text.toLowerCase(Locale.ROOT)) {
      case "layer" -> LAYER;
      case "tile" -> TILE;
      default -> throw new IllegalArgumentException("unknown allocation '" + text + "'; expected layer or tile");
    };
  }
}
