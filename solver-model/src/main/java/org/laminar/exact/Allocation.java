package org.laminar.exact;

import java.util.Locale;

/** How freely the exact model may place tiles on cores. */
public enum Allocation {
  /**
   * All tiles of a layer on one core among the layer's allowed cores: Stream's {@code
   * core_allocation} semantics, and the default. The layer's weights are loaded once, onto that
   * core. Fewer decisions, so CP-SAT proves optima on larger graphs.
   */
  LAYER,
  /**
   * Each tile on any allowed core of its layer. Row bands and channel slices of one layer may then
   * run in parallel on several cores, each core loading the weight slices its tiles use.
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
