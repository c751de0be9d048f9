package org.laminar.bound;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.laminar.alloc.AllocationSearch;
import org.laminar.check.CheckReport;
import org.laminar.check.ScheduleChecker;
import org.laminar.cpsat.CpSatParameters;
import org.laminar.exact.CpSatScheduler;
import org.laminar.exact.Goal;
import org.laminar.greedy.RandomProblems;
import org.laminar.schedule.Schedule;
import org.laminar.schedule.ScheduledTile;
import org.laminar.schedule.Scheduler;
import org.laminar.schedule.SchedulingProblem;
import org.laminar.schedule.StreamPolicy;

/**
 * {@link TileTimes} holds tile by tile in every checked schedule we can get: each tile starts no
 * earlier than its head, ends no earlier than its finish, lasts at least its least duration (and
 * its least cycles on the core it runs on), and leaves at least its tail to the end; and every
 * named bound is at most the schedule's latency.
 *
 * <p>Problems: 40 seeded {@link RandomProblems} (fused stacks, row bands and channel slices, 1–4
 * cores, memories from tight, where weights stream, to roomy) and 40 seeded GEMM problems of
 * {@link StreamChoiceBoundsTest} under each of {@code --stream choose}, {@code always} and {@code
 * when-needed}. Schedules: every greedy scheduler's, every incumbent of a seeded allocation search
 * of 40 decodes from them, and CP-SAT's (1 worker, deterministic limit) on problems of up to 6
 * tiles. The schedules repeat the greedy placement of streams (each starting with its tile), so
 * {@link StreamedHeadsTest} holds the times against a hand schedule that uses the checker's
 * freedom to start a stream after its tile.
 */
class TileTimesSoundnessTest {
  private static final int PROBLEMS = RandomProblems.instances(40);
  private static final int EXACT_TILES = 6;
  private static final int DECODES = 40;

  private static final ScheduleChecker CHECKER = new ScheduleChecker();

  /**
   * Asserts that {@code schedule} of {@code problem}, whose checked latency is {@code latency}
   * (cycles), grants every tile its {@link TileTimes} and that every named bound is at most it.
   */
  static void assertHolds(SchedulingProblem problem, Schedule schedule, long latency, String label) {
    TileTimes times = TileTimes.of(problem);
    for (ScheduledTile st : schedule.tiles()) {
      int t = st.tile();
      int core = problem.allowedCores(problem.graph().tiles().get(t)).indexOf(st.core());
      String tile = label + ": tile " + t + " [" + st.start() + ", " + st.end() + ") of " + latency;
      assertTrue(st.start() >= times.head(t), () -> tile + " starts before its head " + times.head(t));
      assertTrue(st.end() >= times.finish(t), () -> tile + " ends before its finish " + times.finish(t));
      assertTrue(latency - st.end() >= times.tail(t), () -> tile + " leaves less than its tail " + times.tail(t));
      assertTrue(st.end() - st.start() >= times.leastCycles(t, core),
          () -> tile + " lasts less than its least cycles there, " + times.leastCycles(t, core));
      assertTrue(st.end() - st.start() >= times.duration(t), () -> tile + " lasts less than " + times.duration(t));
    }
    for (Map.Entry<String, Long> bound : LatencyBounds.of(problem).named().entrySet()) {
      assertTrue(bound.getValue() <= latency, () -> label + ": " + bound.getKey() + " " + bound.getValue() + " > "
          + latency);
    }
  }

  /** The problems, by label. */
  private static Map<String, SchedulingProblem> problems() {
    Map<String, SchedulingProblem> problems = new LinkedHashMap<>();
    for (long seed = 0; seed < PROBLEMS; seed++) {
      problems.put("random " + seed, RandomProblems.random(seed));
      SchedulingProblem gemms = StreamChoiceBoundsTest.random(seed);
      if (gemms != null) {
        for (StreamPolicy policy : List.of(StreamPolicy.CHOOSE, StreamPolicy.ALWAYS, StreamPolicy.WHEN_NEEDED)) {
          problems.put("gemms " + seed + " " + policy.cliName(), gemms.withStreaming(policy));
        }
      }
    }
    return problems;
  }

  /** The checker-valid schedules of {@code problem} we can get. */
  private static List<Schedule> schedules(SchedulingProblem problem, long seed) {
    List<Schedule> all = new ArrayList<>();
    List<AllocationSearch.Start> starts = new ArrayList<>();
    for (Scheduler greedy : BoundsPropertyTest.greedy()) {
      AllocationSearch.Start.of(problem, greedy, CHECKER).ifPresent(starts::add);
    }
    starts.forEach(s -> all.add(s.schedule()));
    if (!starts.isEmpty()) {
      new AllocationSearch(new AllocationSearch.Options(0, DECODES, (int) seed))
          .search(problem, starts, s -> all.add(s), l -> { });
    }
    if (problem.graph().tiles().size() <= EXACT_TILES) {
      new CpSatScheduler(CpSatScheduler.Options.defaults().withGoal(Goal.LATENCY)
          .withParameters(CpSatParameters.deterministic(0.5)), CpSatScheduler.greedyWarmStarts(), p -> { })
          .solve(problem).result().schedule().ifPresent(all::add);
    }
    return all;
  }

  @Test
  void everyTileGetsItsHeadFinishTailAndDurationInEveryCheckedSchedule() {
    int checked = 0;
    int streamed = 0;
    long seed = 0;
    for (Map.Entry<String, SchedulingProblem> e : problems().entrySet()) {
      SchedulingProblem problem = e.getValue();
      for (Schedule schedule : schedules(problem, seed++)) {
        CheckReport report = CHECKER.check(problem, schedule);
        assertTrue(report.valid(), () -> e.getKey() + ": " + report.violations());
        assertHolds(problem, schedule, report.metrics().latencyCycles(), e.getKey());
        checked++;
        streamed += problem.streamsActivations() ? 1 : 0;
      }
    }
    System.out.println("TileTimesSoundnessTest: " + checked + " schedules, " + streamed + " with streamed activations");
    int all = checked;
    int withStreams = streamed;
    assertTrue(all >= 4 * PROBLEMS && withStreams >= PROBLEMS, () -> all + " schedules, " + withStreams
        + " with streams: the test checks too little");
  }
}
