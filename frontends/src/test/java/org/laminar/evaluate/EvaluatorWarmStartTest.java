package org.laminar.evaluate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.laminar.cost.AnalyticalCostModel;
import org.laminar.cpsat.CpSatParameters;
import org.laminar.exact.CpSatScheduler;
import org.laminar.exact.ExactResult;
import org.laminar.greedy.GreedySchedulers;
import org.laminar.greedy.ListScheduler;
import org.laminar.lns.LnsResult;
import org.laminar.lns.LnsScheduler;
import org.laminar.report.Run;
import org.laminar.schedule.ScheduleResult;
import org.laminar.schedule.Scheduler;
import org.laminar.schedule.SchedulingProblem;

/**
 * A comparison hands the exact scheduler and the large neighbourhood search the greedy schedules it
 * already ran and checked: each greedy scheduler runs once per problem, and the result is the one the
 * exact scheduler (the search) finds running its warm starts (its starts) itself.
 */
class EvaluatorWarmStartTest {

  /** A scheduler that counts its calls, named as the warm start it wraps (so that list's two rules stay apart). */
  private record Counting(Scheduler inner, AtomicInteger calls) implements Scheduler {
    @Override
    public String name() {
      return CpSatScheduler.warmStartName(inner);
    }

    @Override
    public ScheduleResult schedule(SchedulingProblem problem) {
      calls.incrementAndGet();
      return inner.schedule(problem);
    }
  }

  private static final Point POINT = new Point("chain3", false, "quad-core", "laminar", Optional.empty(),
      Optional.empty(), "auto", "overlapped", "cache", "never", Optional.empty(), true, List.of(), "latency", "tile",
      "memory", new SolverSettings("cpsat", 30, 1, 0, 0));

  @Test
  void aComparisonRunsEachGreedySchedulerOnceAndSolvesAsWithoutTheReuse() {
    assertReused(CpSatScheduler.Options.defaults().withParameters(CpSatParameters.deterministic(30)));
  }

  @Test
  void aModelTooLargeToBuildReportsTheSameWarmStartFromTheReusedRuns() {
    assertReused(CpSatScheduler.Options.defaults().withParameters(CpSatParameters.deterministic(30)).withMaxChoices(1));
  }

  private static void assertReused(CpSatScheduler.Options options) {
    Prepared prepared = new Evaluator(new AnalyticalCostModel()).prepare(POINT, Observer.SILENT);
    Map<String, AtomicInteger> calls = new TreeMap<>();
    Function<Scheduler, Scheduler> counted = s -> new Counting(s,
        calls.computeIfAbsent(CpSatScheduler.warmStartName(s), n -> new AtomicInteger()));
    CpSatScheduler exact = new CpSatScheduler(options,
        CpSatScheduler.greedyWarmStarts().stream().map(counted).toList(), p -> { });
    List<Scheduler> schedulers = new ArrayList<>(
        GreedySchedulers.all(ListScheduler.Priority.MEMORY).stream().map(counted).toList());
    schedulers.add(exact);

    Evaluation evaluation = new Evaluator(new AnalyticalCostModel()).run(prepared, schedulers, Observer.SILENT);

    // list --priority latency is not part of this comparison: the exact scheduler runs it itself, once.
    assertEquals(Map.of("lbl", 1, "list", 1, "list --priority latency", 1, "heft", 1),
        calls.entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().get())));
    ExactResult reused = evaluation.exactResults().get("cpsat");
    ExactResult alone = new CpSatScheduler(options, CpSatScheduler.greedyWarmStarts(), p -> { })
        .solve(prepared.problem());
    assertTrue(reused.result().schedule().isPresent());
    assertEquals(alone.result(), reused.result());
    assertEquals(alone.report(), reused.report());
    assertEquals(alone.value(), reused.value());
    assertEquals(alone.bound(), reused.bound());
    assertEquals(alone.hint(), reused.hint());
    assertEquals(alone.message(), reused.message());
  }

  @Test
  void aComparisonHandsLnsTheGreedyRunsItHasAndSearchesAsWithoutTheReuse() {
    Prepared prepared = new Evaluator(new AnalyticalCostModel()).prepare(POINT, Observer.SILENT);
    Map<String, AtomicInteger> calls = new TreeMap<>();
    Function<Scheduler, Scheduler> counted = s -> new Counting(s,
        calls.computeIfAbsent(CpSatScheduler.warmStartName(s), n -> new AtomicInteger()));
    LnsScheduler.Options options = LnsScheduler.Options.deterministic(4, 0.1);
    LnsScheduler lns = new LnsScheduler(options, CpSatScheduler.greedyWarmStarts().stream().map(counted).toList(),
        p -> { });
    List<Scheduler> schedulers = new ArrayList<>(
        GreedySchedulers.all(ListScheduler.Priority.MEMORY).stream().map(counted).toList());
    schedulers.add(lns);

    Evaluation evaluation = new Evaluator(new AnalyticalCostModel()).run(prepared, schedulers, Observer.SILENT);

    // Before the reuse, lns ran lbl, list and heft a second time.
    assertEquals(Map.of("lbl", 1, "list", 1, "list --priority latency", 1, "heft", 1),
        calls.entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().get())));
    LnsResult alone = new LnsScheduler(options, p -> { }).solve(prepared.problem());
    Run reused = evaluation.runs().stream().filter(r -> r.scheduler().equals("lns")).findFirst().orElseThrow();
    assertTrue(alone.result().schedule().isPresent());
    assertEquals(alone.result().schedule(), reused.result().schedule());
    assertTrue(evaluation.notes().stream().anyMatch(n -> n.startsWith(String.format(Locale.ROOT,
        "lns: latency %,d from %s's %,d after %d neighbourhoods (%d improved)", alone.latencyCycles(), alone.start(),
        alone.startLatencyCycles(), alone.steps(), alone.improvements()))), evaluation.notes().toString());
  }
}
