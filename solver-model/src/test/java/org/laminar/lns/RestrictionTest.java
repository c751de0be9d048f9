package org.laminar.lns;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.laminar.ir.IrChecker;
import org.laminar.ir.IrProblem;
import org.laminar.ir.IrSolution;
import org.laminar.ir.Mode;
import org.laminar.ir.ResourceKind;

class RestrictionTest {
  /**
   * Tasks a, b, c (3, 2, 4 cycles) on one core, and a free choice x between two zero-length modes.
   * The incumbent runs a, b, c in that order with x in mode 1.
   */
  private static IrProblem problem() {
    IrProblem.Builder b = IrProblem.builder("three on one core");
    int core = b.addResource("core", ResourceKind.UNARY, 1);
    b.addTask("a", List.of(Mode.on("run", core, 3)));
    b.addTask("b", List.of(Mode.on("run", core, 2)));
    b.addTask("c", List.of(Mode.on("run", core, 4)));
    b.addChoice("x", "left", "right");
    return b.build();
  }

  private static final IrSolution INCUMBENT = new IrSolution(List.of(0, 0, 0, 1), List.of(0L, 3L, 5L, 0L));

  @Test
  void outsideTheNeighbourhoodKeepsTheOrderAndTheChoices() {
    IrProblem full = problem();
    IrProblem restricted = Restriction.of(full, INCUMBENT, Set.of(1));
    assertTrue(IrChecker.check(restricted, INCUMBENT).valid());
    // b (free) moves to the end: still a before c.
    IrSolution bLast = new IrSolution(List.of(0, 0, 0, 1), List.of(0L, 7L, 3L, 0L));
    assertTrue(IrChecker.check(restricted, bLast).valid());
    // c before a breaks the kept order, although the full problem allows it.
    IrSolution cFirst = new IrSolution(List.of(0, 0, 0, 1), List.of(4L, 7L, 0L, 0L));
    assertTrue(IrChecker.check(full, cFirst).valid());
    assertFalse(IrChecker.check(restricted, cFirst).valid());
    // x is fixed to the incumbent's mode.
    IrSolution otherChoice = new IrSolution(List.of(0, 0, 0, 0), INCUMBENT.starts());
    assertTrue(IrChecker.check(full, otherChoice).valid());
    assertFalse(IrChecker.check(restricted, otherChoice).valid());
  }

  @Test
  void aFreeChoiceStaysFree() {
    IrProblem restricted = Restriction.of(problem(), INCUMBENT, Set.of(3));
    assertEquals(List.of(), IrChecker.check(restricted,
        new IrSolution(List.of(0, 0, 0, 0), INCUMBENT.starts())).violations());
  }
}
