package org.laminar.schedule;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.laminar.hardware.Accelerator;
import org.laminar.hardware.Dram;
import org.laminar.hardware.Link;

class RoutesTest {

  /** {@code n} cores; links listed in the given order as pairs of core ids. */
  private static Routes routes(int n, int[][] pairs) {
    List<Link> links = new ArrayList<>();
    for (int[] p : pairs) {
      links.add(new Link("l" + p[0] + p[1], List.of(p[0], p[1]), 32, 0));
    }
    return new Routes(new Accelerator("a", IntStream.range(0, n).mapToObj(id -> SchedulingProblemTest.core(id, 1 << 20)).toList(), links,
        new Dram(64, 64, true, 10, 10)));
  }

  private static List<Integer> path(Routes routes, int from, int to) {
    List<Integer> cores = new ArrayList<>(List.of(from));
    routes.route(from, to).orElseThrow().forEach(h -> cores.add(h.to()));
    return cores;
  }

  @Test
  void tiesOnARingAllGoTheSameWayRoundWhateverTheLinkOrder() {
    Routes ring = routes(4, new int[][] {{0, 1}, {1, 2}, {2, 3}, {3, 0}});
    Routes shuffled = routes(4, new int[][] {{3, 0}, {2, 3}, {0, 1}, {1, 2}});
    for (Routes r : List.of(ring, shuffled)) {
      assertEquals(List.of(0, 1, 2), path(r, 0, 2));
      assertEquals(List.of(1, 2, 3), path(r, 1, 3));
      assertEquals(List.of(2, 3, 0), path(r, 2, 0));
      assertEquals(List.of(3, 0, 1), path(r, 3, 1));
      assertEquals(List.of(1, 0), path(r, 1, 0));
      assertEquals(List.of(2), path(r, 2, 2));
    }
  }

  @Test
  void routesAreShortestAndMissingWhenNothingConnects() {
    Routes line = routes(5, new int[][] {{0, 1}, {1, 2}, {2, 3}});
    assertEquals(List.of(3, 2, 1, 0), path(line, 3, 0));
    assertTrue(line.route(0, 4).isEmpty());
    Routes ring = routes(6, new int[][] {{0, 1}, {1, 2}, {2, 3}, {3, 4}, {4, 5}, {5, 0}});
    assertEquals(List.of(1, 0, 5), path(ring, 1, 5));
  }
}
