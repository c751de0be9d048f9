package org.laminar.bound;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The aggregated assignment relaxation on groups computed by hand. */
class AssignmentBoundTest {

  /** One worker and a deterministic limit: the same bound on every run. */
  private static final RelaxationBound.Settings SETTINGS = new RelaxationBound.Settings(0, 5, 1, 0);

  @Test
  void threeIdenticalTilesSplitBetweenAFastAndASlowCore() {
    // 4 cycles on core 0, 10 on core 1, no head or tail. All three on core 0: 12; two there and one
    // on core 1: max(8, 10) = 10; one and two: max(4, 20) = 20; none: 30. Optimum 10, while each
    // tile at its fastest spread over both cores gives only ⌈12 / 2⌉ = 6.
    List<AssignmentBound.Group> groups = List.of(new AssignmentBound.Group(List.of(0, 1), new long[] {4, 10}, 0, 0, 3));
    assertEquals(10, AssignmentBound.solve(groups, 0, SETTINGS, "hand").orElseThrow());
    assertEquals(12, AssignmentBound.solve(groups, 12, SETTINGS, "hand").orElseThrow());
  }

  @Test
  void headsAndTailsBoundEachCoresWindows() {
    // A: two tiles of 5 cycles on either core, tail 3. B: one tile of 6 on core 0 only, head 2.
    // Both A on core 1: 5 + 5 + 3 = 13. One A on core 0: that core works 5 + 6 = 11 from 0 (and
    // 2 + 6 = 8, 5 + 3 = 8 in its other windows), core 1 5 + 3 = 8: 11, met by A [0, 5) then B
    // [5, 11) on core 0. Both A on core 0: 16. Optimum 11.
    List<AssignmentBound.Group> groups = List.of(
        new AssignmentBound.Group(List.of(0, 1), new long[] {5, 5}, 0, 3, 2),
        new AssignmentBound.Group(List.of(0), new long[] {6}, 2, 0, 1));
    assertEquals(11, AssignmentBound.solve(groups, 0, SETTINGS, "hand").orElseThrow());
  }

  @Test
  void aGroupNeedsOneCycleCountPerCore() {
    assertThrows(IllegalArgumentException.class,
        () -> new AssignmentBound.Group(List.of(0, 1), new long[] {4}, 0, 0, 1));
  }
}
