package org.laminar.lns;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.laminar.greedy.ListScheduler;
import org.laminar.greedy.RandomProblems;
import org.laminar.schedule.Movement;
import org.laminar.schedule.Schedule;
import org.laminar.schedule.ScheduledTile;
import org.laminar.schedule.SchedulingProblem;

class NeighbourhoodTest {
  @Test
  void aCriticalNeighbourhoodIsARunOfCriticalTilesInStartOrder() {
    SchedulingProblem problem = RandomProblems.random(3);
    Schedule schedule = new ListScheduler(ListScheduler.Priority.LATENCY).schedule(problem).schedule().orElseThrow();
    int n = problem.graph().tiles().size();
    boolean[] critical = new boolean[n];
    for (int t = 0; t < n; t += 2) {
      critical[t] = true;
    }
    List<Integer> inOrder = new ArrayList<>(schedule.tiles().stream()
        .sorted(Comparator.comparingLong(ScheduledTile::start).thenComparingInt(ScheduledTile::tile))
        .map(ScheduledTile::tile).filter(t -> critical[t]).toList());
    assertTrue(inOrder.size() > 2, "too few tiles");
    Random random = new Random(0);
    for (int draw = 0; draw < 20; draw++) {
      List<Integer> picked = new ArrayList<>(Neighbourhood.CRITICAL.pick(problem, schedule, critical, 2, random));
      assertEquals(2, picked.size());
      int first = inOrder.indexOf(picked.get(0));
      assertTrue(first >= 0, "a tile off the critical path: " + picked);
      assertEquals(inOrder.subList(first, first + 2), picked);
    }
  }

  @Test
  void aDramNeighbourhoodHoldsTilesWhoseTransfersRunOnTheDramPort() {
    SchedulingProblem problem = RandomProblems.random(3);
    Schedule schedule = new ListScheduler(ListScheduler.Priority.LATENCY).schedule(problem).schedule().orElseThrow();
    Set<Integer> withTransfers = new TreeSet<>();
    for (Movement m : schedule.movements()) {
      if (m instanceof Movement.InputLoad l) {
        withTransfers.add(l.tile());
      } else if (m instanceof Movement.SinkStore s) {
        withTransfers.add(s.tile());
      } else if (m instanceof Movement.SpillWrite s) {
        withTransfers.add(s.tile());
      } else if (m instanceof Movement.SpillRead r) {
        withTransfers.add(r.consumer());
      } else if (m instanceof Movement.WeightStream w) {
        withTransfers.add(w.tile());
      } else if (m instanceof Movement.WeightLoad w) {
        // The first tile of the layer on that core stands for the load.
        schedule.tiles().stream().filter(st -> st.core() == w.core()
            && problem.graph().tiles().get(st.tile()).layer() == w.layer())
            .min(Comparator.comparingLong(ScheduledTile::start)).ifPresent(st -> withTransfers.add(st.tile()));
      }
    }
    assertTrue(withTransfers.size() < problem.graph().tiles().size(), "every tile has a transfer: nothing to check");
    Random random = new Random(0);
    for (int draw = 0; draw < 20; draw++) {
      Set<Integer> picked = Neighbourhood.DRAM.pick(problem, schedule, new boolean[0], 3, random);
      assertTrue(!picked.isEmpty() && picked.size() <= 3, picked.toString());
      assertTrue(withTransfers.containsAll(picked), picked + " not all in " + withTransfers);
    }
  }
}
