package org.laminar.lns;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.laminar.check.CheckReport;
import org.laminar.check.ScheduleChecker;
import org.laminar.greedy.RandomProblems;
import org.laminar.schedule.ProblemException;
import org.laminar.schedule.SchedulingProblem;

class LnsSchedulerTest {
  private static final LnsScheduler.Options OPTIONS = LnsScheduler.Options.deterministic(6, 0.1);

  @Test
  void theWholeModelStepIsValidAndReproducible() {
    seededRunsAreValidAndReproducible(OPTIONS.withWholeModelTasks(Integer.MAX_VALUE));
  }

  @Test
  void theNeighbourhoodModelStepIsValidAndReproducibleToo() {
    seededRunsAreValidAndReproducible(OPTIONS.withWholeModelTasks(0));
  }

  @Test
  void theAllocationSearchFirstIsValidAndReproducible() {
    seededRunsAreValidAndReproducible(OPTIONS.withWholeModelTasks(0).withSearch(0, 30));
  }

  /**
   * On seeded random problems, one worker and deterministic limits: the schedule passes the
   * checker, is no slower than the start, and a second run gives the same schedule and steps.
   */
  private static void seededRunsAreValidAndReproducible(LnsScheduler.Options options) {
    int checked = 0;
    for (long seed = 0; seed < 12 && checked < 4; seed++) {
      SchedulingProblem problem = RandomProblems.random(seed);
      LnsResult first;
      try {
        first = new LnsScheduler(options, p -> { }).solve(problem);
      } catch (ProblemException noStart) {
        continue;
      }
      CheckReport report = new ScheduleChecker().check(problem, first.result().schedule().orElseThrow());
      assertEquals(List.of(), report.violations(), "seed " + seed);
      assertTrue(first.latencyCycles() <= first.startLatencyCycles(), "seed " + seed);
      LnsResult second = new LnsScheduler(options, p -> { }).solve(problem);
      assertEquals(first.result().schedule(), second.result().schedule(), "seed " + seed);
      assertEquals(first.steps(), second.steps(), "seed " + seed);
      assertEquals(first.improvements(), second.improvements(), "seed " + seed);
      assertEquals(options.searchDecodes(), first.decodes(), "seed " + seed);
      stepLogAddsUp(first, "seed " + seed);
      checked++;
    }
    assertEquals(4, checked, "too few random problems had a start");
  }

  /**
   * The step log has one entry per step, its improving entries are the improvements, and without
   * an allocation search its gains are exactly what the steps took off the start's latency.
   */
  private static void stepLogAddsUp(LnsResult run, String what) {
    assertEquals(run.steps(), run.log().size(), what);
    assertEquals(run.improvements(), run.log().stream().filter(s -> s.gainCycles() > 0).count(), what);
    long gained = run.log().stream().mapToLong(LnsStep::gainCycles).sum();
    long total = run.startLatencyCycles() - run.latencyCycles();
    if (run.decodes() == 0) {
      assertEquals(total, gained, what);
    } else {
      assertTrue(gained <= total, what);
    }
  }
}
