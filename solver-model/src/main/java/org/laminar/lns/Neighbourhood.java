package org.laminar.lns;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.laminar.schedule.Movement;
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
  CRITICAL,
  /**
   * The tiles whose DRAM transfers run one after the other (input loads, weight streams, spills,
   * read-backs, stores; a weight load stands for the first tile of its layer on its core): where
   * the DRAM port binds, what may reorder it.
   */
  DRAM;

  /**
   * The tile ids of a neighbourhood of {@code size} tiles (fewer when the order holds fewer) of the
   * incumbent {@code schedule}.
   *
   * @param critical per tile id, whether it lies on a critical path of the incumbent
   */
  Set<Integer> pick(SchedulingProblem problem, Schedule schedule, boolean[] critical, int size, Random random) {
    if (this == DRAM) {
      return dram(problem, schedule, size, random);
    }
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

  /** The {@link #DRAM} neighbourhood. */
  private static Set<Integer> dram(SchedulingProblem problem, Schedule schedule, int size, Random random) {
    Map<Long, Integer> firstOnCore = new HashMap<>();
    Map<Long, Long> firstStart = new HashMap<>();
    for (ScheduledTile st : schedule.tiles()) {
      long key = ((long) problem.graph().tiles().get(st.tile()).layer() << 32) | st.core();
      if (!firstStart.containsKey(key) || st.start() < firstStart.get(key)) {
        firstStart.put(key, st.start());
        firstOnCore.put(key, st.tile());
      }
    }
    List<Movement> transfers = new ArrayList<>(schedule.movements().stream()
        .filter(m -> !(m instanceof Movement.LinkHop)).toList());
    transfers.sort(Comparator.comparingLong(Movement::start));
    Set<Integer> tiles = new LinkedHashSet<>();
    if (transfers.isEmpty()) {
      return tiles;
    }
    for (int i = random.nextInt(transfers.size()); i < transfers.size() && tiles.size() < size; i++) {
      Movement m = transfers.get(i);
      Integer tile = null;
      if (m instanceof Movement.InputLoad l) {
        tile = l.tile();
      } else if (m instanceof Movement.WeightStream w) {
        tile = w.tile();
      } else if (m instanceof Movement.SpillWrite w) {
        tile = w.tile();
      } else if (m instanceof Movement.SinkStore w) {
        tile = w.tile();
      } else if (m instanceof Movement.SpillRead r) {
        tile = r.consumer();
      } else if (m instanceof Movement.WeightLoad w) {
        tile = firstOnCore.get(((long) w.layer() << 32) | w.core());
      }
      if (tile != null) {
        tiles.add(tile);
      }
    }
    return tiles;
  }
}
