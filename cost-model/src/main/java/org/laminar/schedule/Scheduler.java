package org.laminar.schedule;

/**
 * Builds a schedule for a {@link SchedulingProblem}. Every schedule a scheduler returns must pass
 * {@link org.laminar.check.ScheduleChecker} without violations; its quality is measured by the
 * checker, never by the scheduler.
 */
public interface Scheduler {

  /** Short name used on the command line ({@code lbl}, {@code list}, {@code heft}, ...). */
  String name();

  /**
   * Schedules {@code problem}. Deterministic: the same problem gives the same result.
   *
   * @throws IllegalArgumentException when the problem cannot be scheduled by this scheduler, e.g. a
   *     tile that fits no allowed core's memory; the message names the tile, layer and core
   */
  ScheduleResult schedule(SchedulingProblem problem);
}
