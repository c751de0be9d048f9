package org.laminar.greedy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.laminar.check.CheckReport;
import org.laminar.check.ScheduleChecker;
import org.laminar.schedule.Movement;
import org.laminar.schedule.Schedule;
import org.laminar.schedule.ScheduleResult;
import org.laminar.schedule.Scheduler;
import org.laminar.schedule.SchedulingProblem;
import org.laminar.schedule.SolveStatus;
import org.laminar.tiling.Tile;
import org.laminar.tiling.TileEdge;

/**
 * The contract every {@link Scheduler} meets, over seeded random tile graphs × accelerators: the
 * schedule passes the checker, is the same for the same problem, and is no shorter than a trivial
 * lower bound. One subclass per scheduler.
 */
abstract class SchedulerContractTest {

  static final int PROBLEMS = RandomProblems.instances(200);

  abstract Scheduler scheduler();

  private final ScheduleChecker checker = new ScheduleChecker();

  /**
   * Critical path with every tile on its fastest allowed core, and all work spread perfectly over
   * the cores (cycles).
   */
  static long trivialLowerBound(SchedulingProblem p) {
    List<Tile> tiles = p.graph().tiles();
    long[] fastest = new long[tiles.size()];
    long[] finish = new long[tiles.size()];
    long work = 0;
    long path = 0;
    List<List<TileEdge>> in = p.graph().incoming();
    for (Tile t : tiles) {
      fastest[t.id()] = p.allowedCores(t).stream()
          .mapToLong(c -> p.cost(t, p.accelerator().core(c)).cycles()).min().orElseThrow();
      long ready = in.get(t.id()).stream().mapToLong(e -> finish[e.producer()]).max().orElse(0);
      finish[t.id()] = ready + fastest[t.id()];
      path = Math.max(path, finish[t.id()]);
      work += fastest[t.id()];
    }
    return Math.max(path, (work + p.accelerator().cores().size() - 1) / p.accelerator().cores().size());
  }

  @Test
  void everyScheduleIsValidAndAboveTheTrivialBound() {
    Map<Class<?>, Integer> kinds = new HashMap<>();
    for (long seed = 0; seed < PROBLEMS; seed++) {
      SchedulingProblem problem = RandomProblems.random(seed);
      ScheduleResult result = scheduler().schedule(problem);
      result.schedule().orElseThrow().movements().forEach(m -> kinds.merge(m.getClass(), 1, Integer::sum));
      assertEquals(SolveStatus.HEURISTIC, result.status());
      assertEquals(scheduler().name(), result.scheduler());
      CheckReport report = checker.check(problem, result.schedule().orElseThrow());
      long s = seed;
      assertTrue(report.valid(), () -> "seed " + s + ": " + report.violations());
      long bound = trivialLowerBound(problem);
      assertTrue(report.metrics().latencyCycles() >= bound,
          () -> "seed " + s + ": latency " + report.metrics().latencyCycles() + " < bound " + bound);
    }
    // The problems exercise every kind of movement, so every rule of the checker was in play; all
    // but the activation streams, which need a cost model with per-level accesses (their rules are
    // in play in StreamedActivationsTest).
    Set<Class<?>> streams = Set.of(Movement.InputStream.class, Movement.SecondInputStream.class,
        Movement.OutputStream.class);
    for (Class<?> kind : Movement.class.getPermittedSubclasses()) {
      if (streams.contains(kind)) {
        continue;
      }
      assertTrue(kinds.getOrDefault(kind, 0) > 0, () -> "no " + kind.getSimpleName() + " in " + kinds);
    }
  }

  @Test
  void sameProblemGivesTheSameSchedule() {
    for (long seed = 0; seed < PROBLEMS; seed += 7) {
      Schedule first = scheduler().schedule(RandomProblems.random(seed)).schedule().orElseThrow();
      Schedule second = scheduler().schedule(RandomProblems.random(seed)).schedule().orElseThrow();
      assertEquals(first, second, "seed " + seed);
    }
  }
}
