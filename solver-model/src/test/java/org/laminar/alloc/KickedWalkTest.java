package org.laminar.alloc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

class KickedWalkTest {
  /**
   * Nine states on a line, a step goes one state left or right (from an end: inwards). From state 0
   * (cost 5) descent reaches state 2 (cost 3), whose neighbours cost 4 and 6: a local minimum. The
   * global one is state 7 (cost 1), behind states 3–6 (6, 7, 8, 6), all dearer than the start.
   */
  private static final long[] COSTS = {5, 4, 3, 6, 7, 8, 6, 1, 9};

  private static final KickedWalk.Space<Integer> LINE = new KickedWalk.Space<>() {
    @Override
    public Integer neighbour(Integer state, Random random) {
      if (state == 0 || state == COSTS.length - 1) {
        return state == 0 ? 1 : state - 1;
      }
      return random.nextBoolean() ? state + 1 : state - 1;
    }

    @Override
    public long cost(Integer state) {
      return COSTS[state];
    }
  };

  private static KickedWalk.Outcome<Integer> walk(KickedWalk.Rule rule, int seed) {
    return new KickedWalk<Integer>(rule).walk(LINE, 0, new Random(seed), 2000, () -> true);
  }

  /** Descent (a history of one, no kicks) stops in the local minimum, whatever the seed. */
  @Test
  void descentIsStuckInTheLocalMinimum() {
    for (int seed = 0; seed < 5; seed++) {
      KickedWalk.Outcome<Integer> o = walk(new KickedWalk.Rule(1, 0, 1, 1), seed);
      assertEquals(2, o.best(), "seed " + seed);
      assertEquals(3, o.bestCost());
      assertEquals(0, o.kicks());
      assertEquals(2000, o.evaluations());
    }
  }

  /**
   * Late acceptance alone takes a state no dearer than one of its history, which starts at the start's
   * cost 5 and only falls: it never climbs onto state 3 (cost 6) and stays left of the ridge.
   */
  @Test
  void lateAcceptanceAloneDoesNotCrossARidgeAboveTheStart() {
    for (int seed = 0; seed < 5; seed++) {
      KickedWalk.Outcome<Integer> o = walk(new KickedWalk.Rule(10, 0, 1, 1), seed);
      assertEquals(3, o.bestCost(), "seed " + seed);
    }
  }

  /**
   * Kicks (after 20 evaluations without a new best, up to 8 random steps from the best state at once)
   * land beyond the ridge, from where the walk goes down to the global minimum, state 7.
   */
  @Test
  void kicksEscapeTheLocalMinimum() {
    for (int seed = 0; seed < 5; seed++) {
      KickedWalk.Outcome<Integer> o = walk(new KickedWalk.Rule(1, 20, 2, 8), seed);
      assertEquals(7, o.best(), "seed " + seed);
      assertEquals(1, o.bestCost());
      assertTrue(o.kicks() > 0);
      assertEquals(2000, o.evaluations());
    }
  }

  /** The same rule, seed and limit walk the same way. */
  @Test
  void aSeedAndALimitDetermineTheWalk() {
    KickedWalk.Rule rule = new KickedWalk.Rule(3, 5, 1, 4);
    for (int limit : new int[] {7, 40, 300}) {
      KickedWalk.Outcome<Integer> a = new KickedWalk<Integer>(rule).walk(LINE, 4, new Random(11), limit, () -> true);
      KickedWalk.Outcome<Integer> b = new KickedWalk<Integer>(rule).walk(LINE, 4, new Random(11), limit, () -> true);
      assertEquals(a, b);
      assertEquals(limit, a.evaluations());
    }
  }
}
