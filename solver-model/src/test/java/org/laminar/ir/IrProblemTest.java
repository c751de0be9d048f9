package org.laminar.ir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class IrProblemTest {
  @Test
  void rejectsAPrecedenceCycle() {
    IrProblem.Builder b = IrProblem.builder("cyclic");
    int a = b.addTask("a", List.of(new Mode("m", 1, 0, List.of())));
    int c = b.addTask("c", List.of(new Mode("m", 1, 0, List.of())));
    b.precede(a, c).precede(c, a);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, b::build);
    assertEquals("cyclic: the precedences contain a cycle (through 2 of 2 tasks)", e.getMessage());
  }

  @Test
  void rejectsADemandAboveCapacity() {
    IrProblem.Builder b = IrProblem.builder("p");
    int r = b.addResource("R1", ResourceKind.RENEWABLE, 3);
    b.addTask("job1", List.of(new Mode("m", 1, 0, List.of(new Usage(r, 4)))));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, b::build);
    assertEquals("p: task job1 mode m needs 4 units of R1, capacity is 3", e.getMessage());
  }

  @Test
  void rejectsAPrefixUsageLongerThanItsModeOrOnATaskOfSeveralUnitsPerCycle() {
    IllegalArgumentException longer = assertThrows(IllegalArgumentException.class,
        () -> new Mode("m", 2, 0, List.of(Usage.prefix(0, 1, 3))));
    assertEquals("mode m (2 cycles) uses a resource for a prefix longer than itself: [Usage[resource=0, amount=1, "
        + "cycles=3]]", longer.getMessage());
    IllegalArgumentException units = assertThrows(IllegalArgumentException.class,
        () -> new Task("t", List.of(new Mode("m", 8, 0, List.of(Usage.prefix(0, 1, 2)))), List.of(), false,
            List.of(), 4));
    assertEquals("task t: a task of 4 units per cycle cannot use a resource for a prefix of a mode", units.getMessage());
  }

  @Test
  void rejectsATriggerOnAMissingMode() {
    IrProblem.Builder b = IrProblem.builder("p");
    int a = b.addTask("a", List.of(new Mode("m", 1, 0, List.of())));
    b.addOptionalTask("x", List.of(new Mode("m", 1, 0, List.of())), List.of(Condition.allOf(new ModeRef(a, 1))));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, b::build);
    assertEquals("p: trigger of task x refers to task 0 mode 1, which does not exist", e.getMessage());
  }

  @Test
  void ordersTasksTopologicallySmallestFirst() {
    assertEquals(List.of(0, 2, 1, 4, 3), Instances.twoCoresWithTransfers().topologicalOrder());
  }
}
