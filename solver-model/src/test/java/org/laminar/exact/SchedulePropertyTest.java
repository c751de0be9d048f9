package org.laminar.exact;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.laminar.check.CheckReport;
import org.laminar.check.ScheduleChecker;
import org.laminar.cpsat.CpSatParameters;
import org.laminar.greedy.GreedySchedulers;
import org.laminar.greedy.ListScheduler;
import org.laminar.greedy.RandomProblems;
import org.laminar.lns.LnsScheduler;
import org.laminar.schedule.Schedule;
import org.laminar.schedule.ScheduleResult;
import org.laminar.schedule.Scheduler;
import org.laminar.schedule.SchedulingProblem;
import org.laminar.schedule.SolveStatus;

/**
 * Properties of every scheduler on 200 seeded random problems (1,000 nightly) ({@link RandomProblems}); the
 * greedy schedules' validity and the bounds are {@code BoundsPropertyTest}'s. CP-SAT and LNS run
 * on the problems of at most {@value #EXACT_TILES} tiles, with one worker and deterministic limits.
 */
class SchedulePropertyTest {
  private static final int PROBLEMS = RandomProblems.instances(200);
  /** Exact solves only on problems this small, to keep the test within seconds. */
  private static final int EXACT_TILES = 6;

  private final ScheduleChecker checker = new ScheduleChecker();

  /** CP-SAT with {@code warmStarts}, one worker, seed 0 and a deterministic limit. */
  private static CpSatScheduler cpSat(List<Scheduler> warmStarts) {
    return new CpSatScheduler(CpSatScheduler.Options.defaults().withParameters(CpSatParameters.deterministic(0.5)),
        warmStarts, p -> { });
  }

  private static List<Scheduler> greedy() {
    return GreedySchedulers.all(ListScheduler.Priority.MEMORY);
  }

  @Test
  void exactAndLnsSchedulesPassTheChecker() {
    int checked = 0;
    for (long seed = 0; seed < PROBLEMS; seed++) {
      SchedulingProblem problem = RandomProblems.random(seed);
      if (problem.graph().tiles().size() > EXACT_TILES) {
        continue;
      }
      for (Scheduler s : List.of(cpSat(CpSatScheduler.greedyWarmStarts()), cpSat(List.of()),
          new LnsScheduler(LnsScheduler.Options.deterministic(3, 0.1), p -> { }))) {
        // No refusal: every checker-valid greedy schedule is a start the model holds (GreedyInModelPropertyTest).
        ScheduleResult result = s.schedule(problem);
        long seedNumber = seed;
        assertTrue(result.schedule().isPresent(), () -> "seed " + seedNumber + " " + s.name() + ": no schedule ("
            + result.status() + ")");
        CheckReport report = checker.check(problem, result.schedule().get());
        assertTrue(report.valid(), () -> "seed " + seedNumber + " " + s.name() + ": " + report.violations());
        checked++;
      }
    }
    int count = checked;
    assertTrue(count >= 50, () -> "only " + count + " exact and LNS schedules checked: the test checks too little");
  }

  /**
   * CP-SAT without warm starts (horizon = the sum of durations, no hint): where it proves an
   * optimum, that optimum is at most every greedy latency. With the greedy schedules as hints this
   * would hold by construction.
   */
  @Test
  void provenOptimumWithoutHintsIsAtMostEveryGreedyLatency() {
    int proven = 0;
    for (long seed = 0; seed < PROBLEMS; seed++) {
      SchedulingProblem problem = RandomProblems.random(seed);
      if (problem.graph().tiles().size() > EXACT_TILES) {
        continue;
      }
      ExactResult exact = cpSat(List.of()).solve(problem);
      long seedNumber = seed;
      assertTrue(exact.hint().isEmpty(), () -> "seed " + seedNumber + ": hinted " + exact.hint());
      if (exact.result().status() != SolveStatus.OPTIMAL) {
        continue;
      }
      proven++;
      for (Scheduler s : greedy()) {
        long greedy = checker.check(problem, s.schedule(problem).schedule().orElseThrow()).metrics().latencyCycles();
        assertTrue(exact.value() <= greedy, () -> "seed " + seedNumber + ": unhinted optimum " + exact.value() + " > "
            + s.name() + "'s " + greedy);
      }
    }
    int count = proven;
    assertTrue(count >= 10, () -> "only " + count + " unhinted optima proven: the test checks too little");
  }

  @Test
  void aSecondCheckGivesTheSameReport() {
    for (long seed = 0; seed < PROBLEMS; seed++) {
      SchedulingProblem problem = RandomProblems.random(seed);
      for (Scheduler s : greedy()) {
        Schedule schedule = s.schedule(problem).schedule().orElseThrow();
        long seedNumber = seed;
        assertEquals(checker.check(problem, schedule), new ScheduleChecker().check(problem, schedule),
            () -> "seed " + seedNumber + " " + s.name() + ": two checks of one schedule differ");
      }
    }
  }

  /** The same problem, seed 0 and one worker with a deterministic limit: the same schedule and report twice. */
  @Test
  void oneWorkerWithADeterministicLimitIsReproducible() {
    for (long seed = 0; seed < PROBLEMS; seed++) {
      SchedulingProblem problem = RandomProblems.random(seed);
      long seedNumber = seed;
      for (Scheduler s : greedy()) {
        assertEquals(s.schedule(problem), s.schedule(RandomProblems.random(seed)),
            () -> "seed " + seedNumber + " " + s.name() + ": two runs differ");
      }
      if (problem.graph().tiles().size() > EXACT_TILES) {
        continue;
      }
      for (List<Scheduler> warmStarts : List.of(CpSatScheduler.greedyWarmStarts(), List.<Scheduler>of())) {
        ExactResult first = cpSat(warmStarts).solve(problem);
        ExactResult second = cpSat(warmStarts).solve(RandomProblems.random(seed));
        String what = "seed " + seedNumber + " cpsat with " + warmStarts.size() + " warm starts: ";
        assertEquals(first.result(), second.result(), what + "results differ");
        assertEquals(first.report(), second.report(), what + "reports differ");
        assertEquals(first.value(), second.value(), what + "values differ");
        assertEquals(first.bound(), second.bound(), what + "bounds differ");
      }
    }
  }
}
