package org.laminar.schedule;

import org.laminar.OptionNames;

/**
 * When a tile's activations may be homed in DRAM and streamed through its core
 * ({@link ActivationStreams}); weights too large for a core stream under every policy.
 */
public enum StreamPolicy {
  /** Never (the default): a tile whose activations do not fit its core cannot run there. */
  NEVER,
  /** Only on a core where the tile cannot run with its activations on chip. */
  WHEN_NEEDED,
  /** On every core where the cost model accepts a streamed view of the tile. */
  ALWAYS;

  /** The policy of a run that names none: {@code laminar schedule}'s, {@code explore}'s and {@code validate}'s. */
  public static final StreamPolicy DEFAULT = WHEN_NEEDED;

  /**
   * The policy called {@code name} ({@link #cliName}, any case).
   *
   * @throws IllegalArgumentException naming the known ones, for another name
   */
  public static StreamPolicy parse(String name) {
    return OptionNames.parse(StreamPolicy.class, name);
  }

  /** The command-line name, e.g. {@code when-needed}. */
  public String cliName() {
    return OptionNames.of(this);
  }
}
