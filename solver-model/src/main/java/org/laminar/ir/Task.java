package org.laminar.ir;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import com.google.common.collect.ImmutableList;
import java.util.List;

/**
 * An activity that runs once, in one of its modes, without interruption.
 *
 * <p>Without {@code triggers} the solver chooses the mode of a task freely. With triggers (one
 * condition per mode) the mode is decided by other tasks' modes: the task runs in mode {@code m}
 * exactly when {@code triggers.get(m)} holds (at most one may hold). Such a task is either
 * <em>optional</em>, absent when no trigger holds — a transfer task has one mode per route and is
 * present iff its producer and consumer run on different cores — or <em>derived</em>, mandatory
 * so that exactly one trigger must hold — a tile that runs on the same core as the first tile of
 * its layer (per-layer allocation).
 *
 * <p>A free choice that no resource sees (spill a tensor or keep it on chip) is a task with
 * zero-duration, resource-free modes ({@link IrProblem.Builder#addChoice}); other tasks' triggers
 * and buffers refer to its modes.
 *
 * <p>A task's modes and increments state its work; it does {@code unitsPerCycle} of it per cycle,
 * so it lasts {@code ⌈(mode's duration + increments that hold) / unitsPerCycle⌉} cycles. With 1,
 * the durations are cycles. A DRAM transfer whose size depends on other tasks' modes (the weight
 * slices that the tiles placed on a core use) states its work in bits and its bandwidth in bits per
 * cycle, so that it lasts exactly {@code ⌈bits / bandwidth⌉} cycles whichever increments hold;
 * rounding each increment up on its own would make it last longer than the transfer takes.
 *
 * @param name task name for messages, unique within the problem
 * @param modes alternative modes, at least one
 * @param triggers empty (free mode choice), or one condition per mode
 * @param optional whether the task may be absent (then it needs triggers)
 * @param increments work (and energy) added, in every mode, when their conditions hold
 * @param unitsPerCycle work done per cycle ({@code >= 1}); above 1 every mode uses its resources
 *     for the task's whole duration
 */
public record Task(String name, List<Mode> modes, List<Condition> triggers, boolean optional,
    List<Increment> increments, long unitsPerCycle) {
  public Task {
    checkNotNull(name, "task name is missing");
    modes = ImmutableList.copyOf(modes);
    triggers = ImmutableList.copyOf(triggers);
    increments = ImmutableList.copyOf(increments);
    checkArgument(!modes.isEmpty(), "task %s has no mode", name);
    checkArgument(triggers.isEmpty() || triggers.size() == modes.size(),
        "task %s: %s modes but %s triggers (need one per mode, or none)", name, modes.size(), triggers.size());
    checkArgument(!optional || !triggers.isEmpty(), "optional task %s needs triggers", name);
    checkArgument(unitsPerCycle >= 1, "task %s: units per cycle must be >= 1, got %s", name, unitsPerCycle);
    checkArgument(unitsPerCycle == 1 || modes.stream().allMatch(m -> m.usages().stream().allMatch(Usage::isWhole)),
        "task %s: a task of %s units per cycle cannot use a resource for a prefix of a mode", name, unitsPerCycle);
  }

  /** A task whose durations are cycles. */
  public Task(String name, List<Mode> modes, List<Condition> triggers, boolean optional,
      List<Increment> increments) {
    this(name, modes, triggers, optional, increments, 1);
  }

  /** A task without increments. */
  public Task(String name, List<Mode> modes, List<Condition> triggers, boolean optional) {
    this(name, modes, triggers, optional, List.of());
  }

  /** A mandatory task whose mode the solver chooses. */
  public static Task of(String name, List<Mode> modes) {
    return new Task(name, modes, List.of(), false);
  }

  /**
   * Duration of mode {@code mode} when the tasks run in {@code modes} (cycles): the mode's own
   * plus the increments that hold.
   */
  public long duration(int mode, List<Integer> modes) {
    return cycles(this.modes.get(mode).duration()
        + increments.stream().filter(i -> i.when().holds(modes)).mapToLong(Increment::cycles).sum());
  }

  /** Duration of mode {@code mode} when no increment holds (cycles). */
  public long duration(int mode) {
    return cycles(modes.get(mode).duration());
  }

  /** The cycles that {@code work} units take: {@code ⌈work / unitsPerCycle⌉}. */
  public long cycles(long work) {
    return (work + unitsPerCycle - 1) / unitsPerCycle;
  }

  /** Energy of mode {@code mode} when the tasks run in {@code modes} (pJ), increments included. */
  public double energyPj(int mode, List<Integer> modes) {
    return this.modes.get(mode).energyPj()
        + increments.stream().filter(i -> i.when().holds(modes)).mapToDouble(Increment::energyPj).sum();
  }

  /** Whether the task may be absent. */
  public boolean isOptional() {
    return optional;
  }

  /** Whether other tasks' modes decide this task's mode. */
  public boolean hasTriggers() {
    return !triggers.isEmpty();
  }

  /** The shortest duration over the modes (cycles). */
  public long minDuration() {
    return cycles(modes.stream().mapToLong(Mode::duration).min().orElseThrow());
  }

  /** The longest duration over the modes, every increment included (cycles). */
  public long maxDuration() {
    return cycles(modes.stream().mapToLong(Mode::duration).max().orElseThrow()
        + increments.stream().mapToLong(Increment::cycles).sum());
  }
}
