package org.laminar.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.laminar.bound.LatencyBounds;
import org.laminar.check.CheckReport;
import org.laminar.check.ScheduleChecker;
import org.laminar.greedy.GreedySchedulers;
import org.laminar.greedy.ListScheduler;
import org.laminar.schedule.Schedule;
import org.laminar.schedule.Scheduler;
import org.laminar.schedule.SchedulingProblem;

/**
 * A schedule written to {@code result.json} and read back is the same schedule, and the checker
 * gives it the same report and the file the same metrics: on 100 seeded variants (1,000 nightly) of the
 * {@link Fixture} network (1–12 output rows in bands of at most 4 rows, 1 or 2 channel slices),
 * for every greedy scheduler.
 */
class ResultJsonPropertyTest {
  /** As many as the solver-model property tests draw ({@code RandomProblems.instances}: 1,000 nightly). */
  private static final int PROBLEMS = Integer.getInteger("laminar.random.instances", 100);
  private static final Map<String, Object> INPUTS = Map.of("workload", "ab", "hardware", "pair");
  private static final Map<String, Object> OPTIONS = Map.of("priority", "memory");

  @TempDir
  Path dir;

  private final ScheduleChecker checker = new ScheduleChecker();

  @Test
  void theScheduleAndItsMetricsSurviveAJsonRoundTrip() {
    for (long seed = 0; seed < PROBLEMS; seed++) {
      Random rnd = new Random(seed);
      int rows = 1 + rnd.nextInt(12);
      // The fixture's cost model gives a tile MACs / 4 cycles: a tile of one channel needs 2 rows.
      int slices = rows >= 2 ? 1 + rnd.nextInt(2) : 1;
      int fewest = (rows + 3) / 4;
      int most = rows / slices;
      String tiling = "oy=" + (fewest + rnd.nextInt(most - fewest + 1)) + ",k=" + slices;
      SchedulingProblem problem = Fixture.problem(rows, tiling);
      for (Scheduler s : GreedySchedulers.all(ListScheduler.Priority.MEMORY)) {
        String what = "seed " + seed + " (" + rows + " rows, " + tiling + ") " + s.name() + ": ";
        Run run = Run.judge(problem, s.schedule(problem), LatencyBounds.of(problem), Duration.ZERO);
        Schedule schedule = run.result().schedule().orElseThrow();
        CheckReport before = run.check().orElseThrow();
        assertTrue(before.valid(), what + before.violations());
        Path out = dir.resolve(seed + "-" + s.name());
        ReportWriter.write(out, run, INPUTS, OPTIONS);

        ResultFile read = ResultFile.read(out.resolve("result.json"));

        assertEquals(schedule, read.schedule(), what + "the schedule read back differs");
        assertEquals(before, checker.check(problem, read.schedule()),
            what + "the report on the schedule read back differs");
        assertEquals(Summary.of(run).metrics(), read.summary().metrics(), what + "the metrics read back differ");
      }
    }
  }
}
