package org.laminar.explore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Pareto dominance, the front, and pruning against the incumbent front. */
class FrontTest {

  @Test
  void dominanceNeedsNoWorseEverywhereAndBetterSomewhere() {
    assertTrue(Front.dominates(new double[] {1, 2}, new double[] {1, 3}));
    assertTrue(Front.dominates(new double[] {1, 2}, new double[] {2, 3}));
    assertFalse(Front.dominates(new double[] {1, 2}, new double[] {1, 2}), "equal figures do not dominate");
    assertFalse(Front.dominates(new double[] {1, 4}, new double[] {2, 3}), "a trade-off does not dominate");
  }

  @Test
  void frontOfAHandMadeSetKeepsTiesAndTradeOffs() {
    // (latency, energy): 0 and 3 tie, 1 trades latency for energy, 2 is dominated by 0, 4 by 1.
    List<double[]> points = List.of(new double[] {10, 5}, new double[] {8, 7}, new double[] {11, 5},
        new double[] {10, 5}, new double[] {9, 7});
    List<Integer> ids = List.of(0, 1, 2, 3, 4);
    assertEquals(List.of(0, 1, 3), Front.of(ids, points::get));
  }

  /**
   * The property pruning rests on, on 2,000 seeded random sweeps of 2-3 axes with many ties: points
   * taken in a random order, each with random lower bounds at most its figures, are left out when
   * a point already taken dominates their bounds; the front of the points kept is the front of all.
   */
  @Test
  void pruningByDominatedBoundsNeverDropsAPointOfTheFront() {
    int pruned = 0;
    for (long seed = 0; seed < 2000; seed++) {
      Random random = new Random(seed);
      int axes = 2 + random.nextInt(2);
      int n = 2 + random.nextInt(12);
      List<double[]> figures = new ArrayList<>();
      List<double[]> bounds = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        double[] f = new double[axes];
        double[] b = new double[axes];
        for (int a = 0; a < axes; a++) {
          f[a] = 1 + random.nextInt(6);
          b[a] = random.nextBoolean() ? f[a] : f[a] * random.nextDouble();
        }
        figures.add(f);
        bounds.add(b);
      }
      List<Integer> order = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        order.add(i);
      }
      Collections.shuffle(order, random);
      Front incumbent = new Front();
      List<Integer> kept = new ArrayList<>();
      for (int i : order) {
        if (incumbent.dominator(bounds.get(i)).isPresent()) {
          pruned++;
          continue;
        }
        incumbent.add(i, figures.get(i));
        kept.add(i);
      }
      List<Integer> all = new ArrayList<>(order);
      Set<Integer> trueFront = new HashSet<>(Front.of(all, figures::get));
      Set<Integer> prunedFront = new HashSet<>(Front.of(kept, figures::get));
      long s = seed;
      assertEquals(trueFront, prunedFront, () -> "seed " + s);
    }
    assertTrue(pruned > 1000, "only " + pruned + " points pruned: the property is hardly exercised");
  }
}
