package org.laminar.tilesearch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.laminar.cost.AnalyticalCostModel;
import org.laminar.cost.CostModel;
import org.laminar.exact.Goal;
import org.laminar.greedy.ListScheduler;
import org.laminar.hardware.Accelerator;
import org.laminar.io.Inputs;
import org.laminar.schedule.CopyPhases;
import org.laminar.tiling.Tiling;
import org.laminar.workload.Workload;

/** The tiling search on the bundled chain5 × quad-core: its choice, its order, its independence of the memo. */
class TilingSearchTest {
  private static final Workload CHAIN = Inputs.workload("chain5");
  private static final Accelerator QUAD = Inputs.accelerator("quad-core");

  private static TilingSearch.Result search(Goal goal, CostModel costModel) {
    Tiling start = Inputs.tiling(CHAIN, QUAD, Optional.empty(), Optional.empty(), "auto", costModel, n -> { });
    return TilingSearch.search(start, "oy=4 (default)", QUAD, costModel, Inputs.fusion("auto", QUAD),
        new TilingSearch.Options(goal, ListScheduler.Priority.MEMORY, CopyPhases.OVERLAPPED));
  }

  @Test
  void onlyAutoEqualsAnObjectiveAsksForTheSearch() {
    assertEquals(Optional.empty(), TilingSearch.goal("auto"));
    assertEquals(Optional.empty(), TilingSearch.goal("oy=4,k=2"));
    assertEquals(Optional.of(Goal.EDP), TilingSearch.goal(" AUTO=edp "));
    assertEquals(Optional.of(Goal.LATENCY), TilingSearch.goal("auto=latency"));
    assertEquals(Optional.of(Goal.ENERGY), TilingSearch.goal("auto=energy"));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TilingSearch.goal("auto=foo"));
    assertTrue(e.getMessage().contains("'foo'") && e.getMessage().contains("latency, energy or edp"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> TilingSearch.goal("auto=memory"));
    assertThrows(IllegalArgumentException.class, () -> TilingSearch.goal("auto="));
  }

  @Test
  void theChosenCandidateIsTheFirstOfLeastValueAndTheStartComesFirst() {
    for (Goal goal : TilingSearch.GOALS) {
      TilingSearch.Result r = search(goal, new AnalyticalCostModel());
      List<Candidate> all = r.candidates();
      assertEquals(TilingSearch.START, all.get(0).phase());
      for (int i = 0; i < all.size(); i++) {
        assertEquals(i, all.get(i).index());
        assertTrue(all.get(i).tiles() <= TilingSearch.MAX_TILES);
      }
      double least = all.stream().mapToDouble(c -> c.value(goal)).min().orElseThrow();
      Candidate first = all.stream().filter(c -> c.value(goal) == least).findFirst().orElseThrow();
      assertEquals(first, r.chosen(), goal.text());
      assertTrue(r.chosen().valid());
      assertEquals(r.tiling().stacks().size(), r.splits().size());
    }
  }

  @Test
  void theSearchTriesEachSplitOnce() {
    TilingSearch.Result r = search(Goal.EDP, new AnalyticalCostModel());
    List<String> uniform = r.candidates().stream().filter(c -> c.phase().equals(TilingSearch.UNIFORM))
        .map(Candidate::split).toList();
    assertTrue(uniform.containsAll(List.of("oy=1", "oy=2", "oy=8", "oy=1,k=2", "oy=16,k=4")), uniform.toString());
    // The default oy=4 is the start: the same split is not tried again.
    assertFalse(uniform.contains("oy=4"), uniform.toString());
    // chain5 is one fused stack: its per-stack splits are the uniform ones, not tried again.
    assertEquals(1, r.tiling().stacks().size());
    assertTrue(r.candidates().stream().noneMatch(c -> c.phase().equals(TilingSearch.STACK)));
    assertEquals(uniform.size(), uniform.stream().distinct().count());
  }

  @Test
  void candidatesDoNotDependOnWhatTheMemoHeldBefore() {
    CostModel shared = new AnalyticalCostModel();
    TilingSearch.Result cold = search(Goal.LATENCY, shared);
    TilingSearch.Result warm = search(Goal.LATENCY, shared);
    TilingSearch.Result other = search(Goal.LATENCY, new AnalyticalCostModel());
    assertEquals(cold.candidates(), warm.candidates());
    assertEquals(cold.candidates(), other.candidates());
    assertEquals(cold.splits(), other.splits());
  }
}
