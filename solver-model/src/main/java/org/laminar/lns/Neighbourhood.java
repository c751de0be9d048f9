package org.laminar.lns;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.laminar.schedule.Schedule;
import org.laminar.schedule.ScheduledTile;
import org.laminar.schedule.SchedulingProblem;

/**
 * The kinds of neighbourhood the search re-optimises: a run of {@code size} consecutive tiles, in
 * an order that depends on the kind, from a random position.
 */
enum Neighbourhood {
  /** The tiles that start in one stretch of time, on any core. */
  TIME_WINDOW,
  /** Consecutive tiles of consecutive layers (a piece of a fused stack), each layer's in start order. */
  LAYERS,
  /** The tiles that two cores run in one stretch of time (what they might trade). */
  TWO_CORES,
  /**
   * Consecutive tiles, in start order, of those on a critical path of the incumbent: only a change
   * there can shorten it.
   */
  CRITICAL;

  /**
   * The tile ids of a neighbourhood of {@code size} tiles (fewer when the order holds fewer) of the
   * incumbent {@code schedule}.
   *
   * @param critical per tile id, whether it lies on a critical path of the incumbent
   */
  Set<Integer> pick(SchedulingProblem problem, Schedule schedule, boolean[] critical, int size, Random random) {
    List<ScheduledTile> order = new ArrayList<>(schedule.tiles());
    Comparator<ScheduledTile> byStart = Comparator.comparingLong(ScheduledTile::start)
        .thenComparingInt(ScheduledTile::tile);
    switch (this) {
      case TIME_WINDOW -> order.sort(byStart);
      case LAYERS -> order.sort(Comparator.<ScheduledTile>comparingInt(st -> problem.graph().tiles()
          .get(st.tile()).layer()).thenComparing(byStart));
      case TWO_CORES -> {
        int cores = problem.accelerator().cores().size();
        int a = random.nextInt(cores);
        int b = cores == 1 ? a : (a + 1 + random.nextInt(cores - 1)) % cores;
        order.removeIf(st -> st.core() != a && st.core() != b);
        order.sort(byStart);
      }
      case CRITICAL -> {
        order.removeIf(st -> !critical[st.tile()]);
        order.sort(byStart);
      }
    }
    Set<Integer> tiles = new LinkedHashSet<>();
    if (order.isEmpty()) {
      return tiles;
    }
    int first = random.nextInt(Math.max(1, order.size() - size + 1));
    for (int i = first; i < Math.min(order.size(), first + size); i++) {
      tiles.add(order.get(i).tile());
    }
    return tiles;
  }
}
