package org.laminar;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class TopologicalOrderTest {
  /** Edges 0→3 and 1→2: the two tie rules give different orders. */
  private static final int[][] CROSSED = {{3}, {2}, {}, {}};

  @Test
  void firstReadyFirstIsBreadthFirstFromTheSources() {
    assertArrayEquals(new int[] {0, 1, 3, 2}, TopologicalOrder.firstReadyFirst(CROSSED));
  }

  @Test
  void smallestReadyFirstKeepsIndexOrderWhereTheEdgesAllowIt() {
    assertArrayEquals(new int[] {0, 1, 2, 3}, TopologicalOrder.smallestReadyFirst(CROSSED));
    assertArrayEquals(new int[] {1, 2, 0}, TopologicalOrder.smallestReadyFirst(new int[][] {{}, {2}, {0}}));
  }

  @Test
  void aCycleLeavesOutItsNodesAndWhatTheyReach() {
    // 0→1, 1→2, 2→1 (the cycle), 2→4; node 3 is isolated.
    int[][] cyclic = {{1}, {2}, {1, 4}, {}, {}};
    assertArrayEquals(new int[] {0, 3}, TopologicalOrder.firstReadyFirst(cyclic));
    assertArrayEquals(new int[] {0, 3}, TopologicalOrder.smallestReadyFirst(cyclic));
  }

  @Test
  void aRepeatedEdgeCountsTwice() {
    assertArrayEquals(new int[] {0, 1}, TopologicalOrder.firstReadyFirst(new int[][] {{1, 1}, {}}));
  }

  @Test
  void anEdgeOutsideTheGraphIsRefused() {
    assertThrows(IllegalArgumentException.class, () -> TopologicalOrder.firstReadyFirst(new int[][] {{2}, {}}));
  }
}
