package org.laminar.tilesearch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.laminar.check.CheckReport;
import org.laminar.check.ScheduleChecker;
import org.laminar.cost.AnalyticalCostModel;
import org.laminar.cost.CostModel;
import org.laminar.exact.Goal;
import org.laminar.greedy.GreedySchedulers;
import org.laminar.greedy.ListScheduler;
import org.laminar.greedy.StreamedActivationsTest;
import org.laminar.hardware.Accelerator;
import org.laminar.schedule.AutoTiling;
import org.laminar.schedule.CopyPhases;
import org.laminar.schedule.ProblemProgress;
import org.laminar.schedule.Scheduler;
import org.laminar.schedule.SchedulingProblem;
import org.laminar.schedule.StreamPolicy;
import org.laminar.tiling.FusionPolicy;
import org.laminar.tiling.LayerTiling;
import org.laminar.tiling.Overlap;
import org.laminar.tiling.Tiling;
import org.laminar.workload.Layer;
import org.laminar.workload.LoopDim;
import org.laminar.workload.OperatorType;
import org.laminar.workload.Padding;
import org.laminar.workload.Precision;
import org.laminar.workload.Workload;

/**
 * The tiling search weighs streaming against splitting: on {@link StreamedActivationsTest}'s
 * 128-bit core, a GEMM of 2 rows, {@code K = 4}, {@code C = 2} (weights 64, input 32, output 64
 * bits: 160 on chip) fits whole only with its input streamed, and split into two row bands (112
 * bits each) otherwise.
 */
class StreamCandidatesTest {
  private static final Layer GEMM = new Layer(0, "g", OperatorType.GEMM, "Gemm",
      Map.of(LoopDim.OY, 2, LoopDim.K, 4, LoopDim.C, 2), 1, 1, 1, 1, Padding.NONE, new Precision(8, 8, 8, 8),
      Map.of());
  private static final Accelerator SMALL = new Accelerator("small", List.of(StreamedActivationsTest.core(0, 128)),
      List.of(), StreamedActivationsTest.DRAM);

  private static final CostModel MODEL = new AnalyticalCostModel();

  /** The default tiling: the whole layer, split further to fit (two row bands). */
  private static Tiling start() {
    return AutoTiling.choose(new Workload("one", List.of(GEMM)), SMALL, MODEL, new FusionPolicy.None(),
        l -> LayerTiling.WHOLE, Overlap.CACHE).tiling();
  }

  private static TilingSearch.Result search(Goal goal, StreamPolicy streaming) {
    return TilingSearch.search(start(), "auto", SMALL, MODEL, new FusionPolicy.None(),
        new TilingSearch.Options(goal, ListScheduler.Priority.MEMORY, CopyPhases.OVERLAPPED, streaming));
  }

  /**
   * Each uniform candidate that automatic tiling split further is tried again, last, as given with
   * its activations streamed where needed: here only the whole layer ({@code oy=1}), the splits into
   * channel parts fitting as given (weights 32, input 32, output 32 bits for {@code k=2}). The
   * streamed candidate is one tile; its DRAM energy is that of the weights (64 bits read at 1 pJ),
   * the streamed input (32 bits read once: the one loop it ignores, {@code K}, is spatial) and the
   * stored output (64 bits written at 2 pJ).
   */
  @Test
  void theUniformSplitsThatDidNotFitAreTriedStreamedLast() {
    for (Goal goal : TilingSearch.GOALS) {
      TilingSearch.Result r = search(goal, StreamPolicy.WHEN_NEEDED);
      List<Candidate> all = r.candidates();
      List<String> splitFurther = all.stream().filter(c -> c.phase().equals(TilingSearch.UNIFORM)
          && c.split().endsWith(" split further)")).map(c -> c.split().substring(0, c.split().indexOf(" ("))).toList();
      List<Candidate> streamed = all.stream().filter(c -> c.phase().equals(TilingSearch.STREAM)).toList();
      assertEquals(List.of("oy=1"), splitFurther, goal.text());
      assertEquals(splitFurther.stream().map(s -> s + TilingSearch.STREAMED).toList(),
          streamed.stream().map(Candidate::split).toList(), goal.text());
      assertEquals(all.subList(all.size() - streamed.size(), all.size()), streamed, "the stream phase comes last");
      Candidate whole = streamed.get(0);
      assertTrue(whole.valid(), whole.toString());
      assertEquals(1, whole.tiles());
      assertEquals(64 + 32 + 2 * 64, whole.metrics().orElseThrow().energy().dramPj(), 1e-9);
      assertEquals(StreamPolicy.WHEN_NEEDED, r.streaming(), goal.text());
    }
  }

  /**
   * By energy the whole layer streaming its input beats every split (the figures are the checker's;
   * the chosen candidate is the first of least value): the run is then told to stream where needed.
   */
  @Test
  void aStreamedCandidateThatIsBestIsChosenAndTheRunStreams() {
    TilingSearch.Result r = search(Goal.ENERGY, StreamPolicy.WHEN_NEEDED);
    double least = r.candidates().stream().mapToDouble(c -> c.value(Goal.ENERGY)).min().orElseThrow();
    assertEquals(least, r.chosen().value(Goal.ENERGY));
    assertEquals(TilingSearch.STREAM, r.chosen().phase());
    assertEquals(StreamPolicy.WHEN_NEEDED, r.streaming());
    assertEquals(1, r.tiling().rowParts(GEMM).parts(), "the whole layer, not split further");
  }

  /** Under {@code --stream never} nothing streams, so the search tries no streamed candidate and keeps a split. */
  @Test
  void underNeverTheSearchTriesNoStreamedCandidate() {
    TilingSearch.Result r = search(Goal.ENERGY, StreamPolicy.NEVER);
    assertTrue(r.candidates().stream().noneMatch(c -> c.phase().equals(TilingSearch.STREAM)), r.candidates().toString());
    assertEquals(StreamPolicy.NEVER, r.streaming());
    assertTrue(r.tiling().rowParts(GEMM).parts() * r.tiling().channelParts(GEMM).parts() > 1, "a split");
  }

  /**
   * Under {@code --stream always} every candidate is measured as the run will schedule it, its tiles
   * streaming: the start candidate's figures are the checker's on the best greedy schedule of the
   * start tiling under {@code always}, measured here independently, and they differ from its
   * figures under {@code never} (so a search measuring under another policy would fail this).
   */
  @Test
  void underAlwaysEveryCandidateIsMeasuredStreaming() {
    for (Goal goal : TilingSearch.GOALS) {
      TilingSearch.Result always = search(goal, StreamPolicy.ALWAYS);
      assertEquals(StreamPolicy.ALWAYS, always.streaming());
      Candidate start = always.candidates().get(0);
      SchedulingProblem problem = SchedulingProblem.of(start(), SMALL, MODEL, ProblemProgress.NONE,
          StreamPolicy.ALWAYS);
      assertTrue(problem.streamsActivations(), "the start tiling streams under always");
      double best = bestGreedy(problem, goal);
      assertEquals(best, start.value(goal), 1e-9 * best, goal.text());
      Candidate never = search(goal, StreamPolicy.NEVER).candidates().get(0);
      assertTrue(never.metrics().orElseThrow().latencyCycles() != start.metrics().orElseThrow().latencyCycles()
          || never.metrics().orElseThrow().energyPj() != start.metrics().orElseThrow().energyPj(), goal.text());
    }
  }

  /** The best value of {@code goal} over the checked greedy schedules of {@code problem}, each valid. */
  private static double bestGreedy(SchedulingProblem problem, Goal goal) {
    double best = Double.POSITIVE_INFINITY;
    for (Scheduler scheduler : GreedySchedulers.all(ListScheduler.Priority.MEMORY)) {
      CheckReport report = new ScheduleChecker().check(problem, scheduler.schedule(problem).schedule().orElseThrow());
      assertTrue(report.valid(), scheduler.name() + ": " + report.violations());
      best = Math.min(best, goal.value(report.metrics()));
    }
    return best;
  }

  /**
   * Under {@code --stream choose} the search measures every candidate as the run will schedule it,
   * each tile streaming or not as the greedy schedulers decide: the start candidate's figures are
   * the checker's on the best greedy schedule of the start tiling under {@code choose}, measured
   * here independently; the whole layer, which fits only streamed, is tried in the stream phase;
   * the run is told to choose.
   */
  @Test
  void underChooseEveryCandidateIsMeasuredChoosing() {
    for (Goal goal : TilingSearch.GOALS) {
      TilingSearch.Result r = search(goal, StreamPolicy.CHOOSE);
      assertEquals(StreamPolicy.CHOOSE, r.streaming());
      SchedulingProblem problem = SchedulingProblem.of(start(), SMALL, MODEL, ProblemProgress.NONE,
          StreamPolicy.CHOOSE);
      double best = bestGreedy(problem, goal);
      assertEquals(best, r.candidates().get(0).value(goal), 1e-9 * best, goal.text());
      assertEquals(List.of("oy=1" + TilingSearch.STREAMED), r.candidates().stream()
          .filter(c -> c.phase().equals(TilingSearch.STREAM)).map(Candidate::split).toList(), goal.text());
      assertTrue(r.candidates().stream().allMatch(Candidate::valid), r.candidates().toString());
    }
  }
}
