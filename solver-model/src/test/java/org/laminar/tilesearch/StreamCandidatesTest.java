package org.laminar.tilesearch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.laminar.cost.AnalyticalCostModel;
import org.laminar.cost.CostModel;
import org.laminar.exact.Goal;
import org.laminar.greedy.ListScheduler;
import org.laminar.greedy.StreamedActivationsTest;
import org.laminar.hardware.Accelerator;
import org.laminar.schedule.AutoTiling;
import org.laminar.schedule.CopyPhases;
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

  private static TilingSearch.Result search(Goal goal) {
    Workload w = new Workload("one", List.of(GEMM));
    CostModel model = new AnalyticalCostModel();
    Tiling start = AutoTiling.choose(w, SMALL, model, new FusionPolicy.None(), l -> LayerTiling.WHOLE, Overlap.CACHE)
        .tiling();
    return TilingSearch.search(start, "auto", SMALL, model, new FusionPolicy.None(),
        new TilingSearch.Options(goal, ListScheduler.Priority.MEMORY, CopyPhases.OVERLAPPED));
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
      TilingSearch.Result r = search(goal);
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
      assertEquals(r.chosen().phase().equals(TilingSearch.STREAM) ? StreamPolicy.WHEN_NEEDED : StreamPolicy.NEVER,
          r.streaming(), goal.text());
    }
  }

  /**
   * By energy the whole layer streaming its input beats every split (the figures are the checker's;
   * the chosen candidate is the first of least value): the run is then told to stream where needed.
   */
  @Test
  void aStreamedCandidateThatIsBestIsChosenAndTheRunStreams() {
    TilingSearch.Result r = search(Goal.ENERGY);
    double least = r.candidates().stream().mapToDouble(c -> c.value(Goal.ENERGY)).min().orElseThrow();
    assertEquals(least, r.chosen().value(Goal.ENERGY));
    assertEquals(TilingSearch.STREAM, r.chosen().phase());
    assertEquals(StreamPolicy.WHEN_NEEDED, r.streaming());
    assertEquals(1, r.tiling().rowParts(GEMM).parts(), "the whole layer, not split further");
  }
}
