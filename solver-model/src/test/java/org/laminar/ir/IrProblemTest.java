package org.laminar.ir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
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

  /**
   * The copies of p's output in the memory of each of its two modes, held until q ends, form one
   * span (whatever their sizes and conditions); a copy held until r ends as well, or one starting
   * at q, forms its own.
   */
  @Test
  void buffersWithTheSameStartAndHoldsShareASpan() {
    IrProblem.Builder b = IrProblem.builder("spans");
    int c0 = b.addResource("core0", ResourceKind.UNARY, 1);
    int m0 = b.addResource("mem0", ResourceKind.STORAGE, 8);
    int m1 = b.addResource("mem1", ResourceKind.STORAGE, 8);
    int p = b.addTask("p", List.of(Mode.on("core0", c0, 2), Mode.on("core1", c0, 2)));
    int q = b.addTask("q", List.of(Mode.on("core0", c0, 1)));
    int r = b.addTask("r", List.of(Mode.on("core0", c0, 1)));
    b.precede(p, q).precede(p, r);
    List<Hold> untilQ = List.of(Hold.until(q));
    b.addBuffer(new Buffer("p_on_0", m0, 4, p, untilQ, Condition.allOf(new ModeRef(p, 0))));
    b.addBuffer(new Buffer("p_on_1", m1, 4, p, untilQ, Condition.allOf(new ModeRef(p, 1))));
    b.addBuffer(new Buffer("p_until_r", m0, 4, p, List.of(Hold.until(q), Hold.until(r)), Condition.TRUE));
    b.addBuffer(new Buffer("q_on_1", m1, 4, q, untilQ, Condition.allOf(new ModeRef(p, 1))));
    b.addBuffer(new Buffer("p_on_1_again", m1, 2, p, untilQ, Condition.TRUE));
    assertEquals(List.of(0, 0, 2, 3, 0), Arrays.stream(b.build().spanLeaders()).boxed().toList());
  }

  @Test
  void aTaskIsPresentWheneverAConditionContainingOneOfItsTriggerClausesHolds() {
    IrProblem problem = Instances.twoCoresWithTransfers();
    // Task 2 (p->q) runs iff p@0 ∧ q@1 or p@1 ∧ q@0; task 0 (p) is mandatory.
    ModeRef p0 = new ModeRef(0, 0);
    ModeRef p1 = new ModeRef(0, 1);
    ModeRef q0 = new ModeRef(1, 0);
    ModeRef q1 = new ModeRef(1, 1);
    assertEquals(true, problem.presentWhenever(2, Condition.allOf(q1, p0)));
    assertEquals(true, problem.presentWhenever(2, new Condition(List.of(List.of(p0, q1), List.of(p1, q0)))));
    assertEquals(false, problem.presentWhenever(2, Condition.allOf(q1)));
    assertEquals(false, problem.presentWhenever(2, new Condition(List.of(List.of(p0, q1), List.of(p1)))));
    assertEquals(false, problem.presentWhenever(2, Condition.TRUE));
    assertEquals(true, problem.presentWhenever(0, Condition.allOf(q1)));
  }
}
