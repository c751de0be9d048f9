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
import org.laminar.schedule.StreamPolicy;
import org.laminar.tiling.Tiling;
import org.laminar.workload.Workload;

/** The tiling search on the bundled chain5 × quad-core: its choice, its order, its independence of the memo. */
class TilingSearchTest {
  private static final Workload CHAIN = Inputs.workload("chain5");
  private static final Accelerator QUAD = Inputs.accelerator("quad-core");

  private static TilingSearch.Result search(Goal goal, CostModel costModel) {
    Tiling start = Inputs.tiling(CHAIN, QUAD, Optional.empty(), Optional.empty(), "auto", costModel, n -> { });
    return TilingSearch.search(start, "oy=4 (default)", QUAD, costModel, Inputs.fusion("auto", QUAD),
        new TilingSearch.Options(goal, ListScheduler.Priority.MEMORY, CopyPhases.OVERLAPPED,
            StreamPolicy.WHEN_NEEDED));
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
    // chain5 is one fused stack: its per-stack splits are the uniform ones (at the column tiles of
    // the best so far), those tried before not tried again.
    assertEquals(1, r.tiling().stacks().size());
    List<String> stack = r.candidates().stream().filter(c -> c.phase().equals(TilingSearch.STACK))
        .map(Candidate::split).toList();
    assertTrue(stack.stream().noneMatch(uniform::contains), stack.toString());
    assertEquals(uniform.size(), uniform.stream().distinct().count());
  }

  /**
   * chain5 is one stack of five layers of at least 16 rows, 16 columns and 16 channels, so no split
   * is cut: a uniform candidate {@code oy=R,ox=X,k=K} not split further has 5·R·X·K tiles. The
   * twelve 2-D ones are {@code oy=1,2,4,8} × {@code ox=2} × {@code k=1,2,4}, after the fifteen 1-D ones.
   */
  @Test
  void theUniformPhaseTriesTwoDimensionalSplitsAfterTheRowSplits() {
    TilingSearch.Result r = search(Goal.EDP, new AnalyticalCostModel());
    List<Candidate> uniform = r.candidates().stream().filter(c -> c.phase().equals(TilingSearch.UNIFORM)).toList();
    List<String> columns = uniform.stream().map(Candidate::split).filter(split -> split.contains("ox=")).toList();
    assertEquals(List.of("oy=1,ox=2", "oy=2,ox=2", "oy=1,ox=2,k=2", "oy=4,ox=2", "oy=2,ox=2,k=2", "oy=1,ox=2,k=4",
        "oy=8,ox=2", "oy=4,ox=2,k=2", "oy=2,ox=2,k=4", "oy=8,ox=2,k=2", "oy=4,ox=2,k=4", "oy=8,ox=2,k=4"), columns);
    assertEquals(uniform.size() - columns.size(), uniform.indexOf(uniform.stream()
        .filter(c -> c.split().contains("ox=")).findFirst().orElseThrow()));
    java.util.regex.Pattern parts = java.util.regex.Pattern.compile("oy=(\\d+)(?:,ox=(\\d+))?(?:,k=(\\d+))?");
    for (Candidate c : uniform) {
      java.util.regex.Matcher m = parts.matcher(c.split());
      if (m.matches() && c.valid()) {
        int tiles = 5 * Integer.parseInt(m.group(1)) * (m.group(2) == null ? 1 : Integer.parseInt(m.group(2)))
            * (m.group(3) == null ? 1 : Integer.parseInt(m.group(3)));
        assertEquals(tiles, c.tiles(), c.split());
      }
    }
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
