package org.laminar.check;

import static com.google.common.base.Preconditions.checkNotNull;

/**
 * One broken rule of a schedule.
 *
 * @param rule the rule
 * @param subject the tile, movement or resource at fault (e.g. {@code "tile 4"}, {@code "link
 *     c0-c1"})
 * @param cycle the cycle at which the rule breaks (cycles)
 * @param message a complete sentence naming the tile/resource and the cycle
 */
public record Violation(Rule rule, String subject, long cycle, String message) {

  /** The rules of {@link ScheduleChecker}. */
  public enum Rule {
    /** Every tile of the graph is scheduled exactly once. */
    TILES,
    /** A tile runs on one of the cores its layer may use. */
    ALLOWED_CORE,
    /** A tile lasts its cost-model cycles; a movement lasts ⌈bits / bandwidth⌉ cycles. */
    DURATION,
    /** A core runs one tile at a time. */
    CORE_OVERLAP,
    /** A movement uses the right resource (a link joining its cores, the right DRAM port, its tile's core). */
    RESOURCE,
    /** A link, bus or DRAM port carries one movement at a time. */
    RESOURCE_OVERLAP,
    /** Data moves after it is produced and arrives before it is consumed. */
    PRECEDENCE,
    /** Every cross-core edge, network input, sink output and read-back has its movement. */
    MISSING_TRANSFER,
    /** A movement that no edge, tile or layer asks for, or a duplicate one. */
    UNEXPECTED_TRANSFER,
    /** A movement carries exactly the bits its edge, tile or layer needs. */
    DATA_SIZE,
    /** A layer's weights are loaded onto each core it uses before its first tile there. */
    WEIGHTS,
    /** Local-memory occupancy stays within capacity at every cycle. */
    MEMORY
  }

  public Violation {
    checkNotNull(rule, "rule is missing");
    checkNotNull(subject, "subject is missing");
    checkNotNull(message, "message is missing");
  }

  @Override
  public String toString() {
    return rule + " @" + cycle + ": " + message;
  }
}
