package org.laminar.alloc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.laminar.check.CheckReport;
import org.laminar.check.ScheduleChecker;
import org.laminar.exact.CpSatScheduler;
import org.laminar.exact.TileProblems;
import org.laminar.greedy.RandomProblems;
import org.laminar.schedule.ScheduledTile;
import org.laminar.schedule.SchedulingProblem;
import org.laminar.workload.Layer;
import org.laminar.workload.Workload;

class AllocationSearchTest {
  private final ScheduleChecker checker = new ScheduleChecker();

  /** The greedy schedulers' checker-valid schedules of {@code problem}. */
  private List<AllocationSearch.Start> greedyStarts(SchedulingProblem problem) {
    return CpSatScheduler.greedyWarmStarts().stream().flatMap(g -> AllocationSearch.Start.of(problem, g, checker)
        .stream()).toList();
  }

  /** The first {@code count} seeded random problems (by seed, of 0 to 19) that some greedy scheduler schedules validly. */
  private Map<Long, SchedulingProblem> startable(int count) {
    Map<Long, SchedulingProblem> found = new LinkedHashMap<>();
    for (long seed = 0; seed < 20 && found.size() < count; seed++) {
      SchedulingProblem problem = RandomProblems.random(seed);
      if (!greedyStarts(problem).isEmpty()) {
        found.put(seed, problem);
      }
    }
    assertEquals(count, found.size(), "too few random problems had a start");
    return found;
  }

  private static long best(List<AllocationSearch.Start> starts) {
    return starts.stream().mapToLong(s -> s.report().metrics().latencyCycles()).min().orElseThrow();
  }

  /**
   * On seeded random problems with a decode limit and no time limit: the schedule passes the
   * checker, is no slower than the best start, every candidate counted, and a second run returns
   * the same schedule.
   */
  @Test
  void seededRunsAreValidNoWorseThanTheStartAndReproducible() {
    AllocationSearch.Options options = new AllocationSearch.Options(0, 60, 7);
    for (Map.Entry<Long, SchedulingProblem> e : startable(6).entrySet()) {
      long seed = e.getKey();
      SchedulingProblem problem = e.getValue();
      List<AllocationSearch.Start> starts = greedyStarts(problem);
      AllocationSearch.Result first = new AllocationSearch(options).search(problem, starts, s -> true, l -> { });
      assertEquals(List.of(), checker.check(problem, first.schedule()).violations(), "seed " + seed);
      assertTrue(first.latencyCycles() <= best(starts), "seed " + seed);
      assertEquals(best(starts), first.startLatencyCycles(), "seed " + seed);
      assertEquals(60, first.decodes(), "seed " + seed);
      AllocationSearch.Result second = new AllocationSearch(options).search(problem, starts, s -> true, l -> { });
      assertEquals(first.schedule(), second.schedule(), "seed " + seed);
    }
  }

  /**
   * Five independent 3×3 convolutions (64 input channels, 16×16 maps, 48, 48, 32, 32 and 32 output
   * channels) fused into one stack on two identical 64-PE cores. A layer of 16·j output channels
   * takes j·u cycles, u = 16·64·16·16·9 / 64 = 36,864: the work is 3u, 3u, 2u, 2u, 2u. In layer order
   * the planner gives each layer the core that finishes first (ties to core 0): 0, 1, 0, 1, 0, so core 0
   * computes 3u + 2u + 2u = 7u; HEFT, in decreasing rank (3u, 3u, 2u, 2u, 2u) with earliest finish
   * and the same ties, gives the same cores; layer by layer runs 12u on one core at a time. Every
   * greedy schedule is thus at least 7u = 258,048 cycles. The only split of the work with both cores
   * below 7u is {3u, 3u} | {2u, 2u, 2u}, 6u each (any core holding a 2u layer and a 3u layer holds
   * 7u or all but a 3u layer); a schedule below 7u must use it, and none is below 6u = 221,184.
   */
  @Test
  void findsTheBalancedAllocationThatEveryGreedySchedulerMisses() {
    int[] channels = {48, 48, 32, 32, 32};
    List<Layer> layers = new ArrayList<>();
    for (int i = 0; i < channels.length; i++) {
      layers.add(TileProblems.conv(i, channels[i], 64, 16, List.of()));
    }
    SchedulingProblem problem = TileProblems.problem(TileProblems.tiles(new Workload("lpt5", layers), "oy=1"),
        TileProblems.accelerator(2, List.of("fast"), 1L << 24, true));
    long u = 16L * 64 * 16 * 16 * 9 / 64;
    List<AllocationSearch.Start> starts = greedyStarts(problem);
    assertEquals(4, starts.size(), "every greedy scheduler schedules it");
    assertTrue(best(starts) >= 7 * u, "best greedy " + best(starts));

    AllocationSearch.Result r = new AllocationSearch(new AllocationSearch.Options(0, 400, 1))
        .search(problem, starts, s -> true, l -> { });

    assertEquals(List.of(), checker.check(problem, r.schedule()).violations());
    assertTrue(r.latencyCycles() < 7 * u && r.latencyCycles() >= 6 * u, "search " + r.latencyCycles());
    Map<Integer, Integer> coreOf = r.schedule().tiles().stream()
        .collect(Collectors.toMap(t -> problem.graph().tiles().get(t.tile()).layer(), ScheduledTile::core));
    assertEquals(coreOf.get(0), coreOf.get(1));
    assertEquals(coreOf.get(2), coreOf.get(3));
    assertEquals(coreOf.get(2), coreOf.get(4));
    assertNotEquals(coreOf.get(0), coreOf.get(2));
  }

  /**
   * With kicks after 30 decodes without a new best guide, on seeded random problems: kicks happen,
   * every schedule offered as an incumbent (to the caller's test, after the checker) is
   * checker-valid and earlier than the one before, the incumbents reported are those, and the same
   * seed and decode limit give the same schedule and the same number of kicks.
   */
  @Test
  void kickedRunsOfferOnlyValidIncumbentsAndAreReproducible() {
    KickedWalk.Rule rule = new KickedWalk.Rule(1, 30, 2, 8);
    AllocationSearch.Options options = new AllocationSearch.Options(0, 300, 5);
    for (Map.Entry<Long, SchedulingProblem> e : startable(4).entrySet()) {
      long seed = e.getKey();
      SchedulingProblem problem = e.getValue();
      List<AllocationSearch.Start> starts = greedyStarts(problem);
      String name = "seed " + seed;
      List<Long> offered = new ArrayList<>();
      List<Long> reported = new ArrayList<>();
      long[] last = {best(starts)};
      AllocationSearch.Result first = new AllocationSearch(options, rule).search(problem, starts, s -> {
        CheckReport r = checker.check(problem, s);
        assertEquals(List.of(), r.violations(), name);
        assertTrue(r.metrics().latencyCycles() < last[0], name);
        last[0] = r.metrics().latencyCycles();
        offered.add(last[0]);
        return true;
      }, reported::add);
      assertEquals(offered, reported, "seed " + seed);
      assertEquals(offered.size(), first.improvements());
      assertTrue(first.kicks() > 0, "seed " + seed + " never stagnated");
      assertEquals(300, first.decodes());
      AllocationSearch.Result second = new AllocationSearch(options, rule).search(problem, starts, s -> true,
          l -> { });
      assertEquals(first.schedule(), second.schedule(), "seed " + seed);
      assertEquals(first.kicks(), second.kicks(), "seed " + seed);
    }
  }

  /** A time limit without a decode limit, or a stop from another thread, ends the search with a valid incumbent. */
  @Test
  void aTimeLimitOrAStopReturnsAValidIncumbent() throws InterruptedException {
    SchedulingProblem problem = RandomProblems.random(3);
    List<AllocationSearch.Start> starts = greedyStarts(problem);
    long t0 = System.nanoTime();
    AllocationSearch.Result timed = new AllocationSearch(new AllocationSearch.Options(0.3, 0, 0))
        .search(problem, starts, s -> true, l -> { });
    assertTrue((System.nanoTime() - t0) / 1e9 < 30, "the time limit ended the search");
    assertEquals(List.of(), checker.check(problem, timed.schedule()).violations());
    assertTrue(timed.latencyCycles() <= best(starts));

    AllocationSearch stopped = new AllocationSearch(new AllocationSearch.Options(600, 0, 0));
    Thread stopper = new Thread(() -> {
      try {
        Thread.sleep(200);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      stopped.stop();
    });
    long t1 = System.nanoTime();
    stopper.start();
    AllocationSearch.Result r = stopped.search(problem, starts, s -> true, l -> { });
    stopper.join();
    assertTrue((System.nanoTime() - t1) / 1e9 < 60, "stop() ended the search");
    assertEquals(List.of(), checker.check(problem, r.schedule()).violations());
    assertTrue(r.latencyCycles() <= best(starts));
  }

  /** A candidate the caller's test refuses never becomes the incumbent: refusing all returns the start. */
  @Test
  void theCallersTestDecidesTooWhatBecomesTheIncumbent() {
    SchedulingProblem problem = RandomProblems.random(3);
    List<AllocationSearch.Start> starts = greedyStarts(problem);
    AllocationSearch.Result r = new AllocationSearch(new AllocationSearch.Options(0, 50, 0))
        .search(problem, starts, s -> false, l -> { });
    assertEquals(0, r.improvements());
    assertEquals(best(starts), r.latencyCycles());
  }
}
