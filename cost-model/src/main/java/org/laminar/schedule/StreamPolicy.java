package org.laminar.schedule;

import org.laminar.OptionNames;

/**
 * When a tile's activations may be homed in DRAM and streamed through its core
 * ({@link ActivationStreams}); weights too large for a core stream under every policy. Under the
 * first three a tile has one way to run on each core, fixed by the policy; under {@link #CHOOSE}
 * a tile that can do both on a core streams there or not as its schedule decides.
 */
public enum StreamPolicy {
  /** Never: a tile whose activations do not fit its core cannot run there. */
  NEVER,
  /**
   * The command line's default: only a tile that can run on none of its allowed cores with its
   * activations on chip, on every core that accepts a streamed view of it.
   */
  WHEN_NEEDED,
  /** On every core where the cost model accepts a streamed view of the tile. */
  ALWAYS,
  /**
   * Either, per tile: on a core where the cost model accepts both a streamed and an on-chip view of
   * the tile, the schedule decides which one the tile runs in ({@link
   * SchedulingProblem#activationStreams}, {@link SchedulingProblem#mayKeepOnChip}); on a core
   * where it accepts only one, the tile runs in that one.
   */
  CHOOSE;

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
