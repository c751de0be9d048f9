package org.laminar.greedy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.laminar.schedule.Schedule;
import org.laminar.schedule.SchedulingProblem;

class GuidedDecoderTest {
  /** A guide with a random allowed core and a random key per tile. */
  private static Guide randomGuide(SchedulingProblem problem, Random random) {
    int n = problem.graph().tiles().size();
    int[] cores = new int[n];
    long[] keys = new long[n];
    for (int t = 0; t < n; t++) {
      List<Integer> allowed = problem.allowedCores(problem.graph().tiles().get(t));
      cores[t] = allowed.get(random.nextInt(allowed.size()));
      keys[t] = random.nextInt(1000);
    }
    return new Guide(cores, keys, random.nextBoolean());
  }

  /**
   * What one decoder keeps between decodes (the planned stages of both granularities, memoised
   * costs and streams) changes no schedule: on seeded random problems, a decoder that has decoded
   * twenty other guides, fused and not, returns for each guide the schedule a new decoder returns.
   */
  @Test
  void aDecoderThatHasDecodedBeforeDecodesAsANewOne() {
    int compared = 0;
    for (long seed = 0; seed < 12; seed++) {
      SchedulingProblem problem = RandomProblems.random(seed);
      GuidedDecoder warm = new GuidedDecoder(problem);
      Random random = new Random(seed);
      for (int i = 0; i < 20; i++) {
        compared += decodedAsNew(warm, problem, randomGuide(problem, random), "seed " + seed + ", guide " + i);
      }
    }
    assertTrue(compared > 100, "too few guides decoded: " + compared);
  }

  /**
   * A decoder keeps the allocations of its recent core guides ({@link RecentAllocations}): guides
   * that only shift priorities, or come back to cores decoded some guides ago (within the kept
   * ones and beyond), must still decode as a new decoder decodes them.
   */
  @Test
  void guidesSharingCoresDecodeAsWithANewDecoder() {
    int compared = 0;
    for (long seed = 0; seed < 12; seed++) {
      SchedulingProblem problem = RandomProblems.random(seed);
      GuidedDecoder warm = new GuidedDecoder(problem);
      Random random = new Random(seed);
      List<Guide> bases = new ArrayList<>();
      for (int i = 0; i < 60; i++) {
        Guide guide;
        if (bases.isEmpty() || random.nextBoolean()) {
          guide = randomGuide(problem, random);
          bases.add(guide);
        } else {
          Guide base = bases.get(random.nextInt(bases.size()));
          int[] tiles = {random.nextInt(base.tiles()), random.nextInt(base.tiles())};
          guide = base.withKeysShifted(tiles, random.nextInt(2000) - 1000);
        }
        compared += decodedAsNew(warm, problem, guide, "seed " + seed + ", guide " + i);
      }
      assertTrue(bases.size() > RecentAllocations.SIZE, "some core guides fall out of the kept ones: " + bases.size());
    }
    assertTrue(compared > 200, "too few guides decoded: " + compared);
  }

  /**
   * Asserts that {@code warm} decodes {@code guide} as a new decoder of {@code problem} does;
   * returns 1 when the guide decodes to a schedule, 0 when both find none.
   */
  private static int decodedAsNew(GuidedDecoder warm, SchedulingProblem problem, Guide guide, String what) {
    Optional<Schedule> fresh = new GuidedDecoder(problem).decode(guide);
    assertEquals(fresh, warm.decode(guide), what);
    return fresh.isPresent() ? 1 : 0;
  }
}
