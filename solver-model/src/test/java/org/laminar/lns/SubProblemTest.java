package org.laminar.lns;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.laminar.cpsat.CpSatParameters;
import org.laminar.cpsat.CpSatSolver;
import org.laminar.engine.EngineResult;
import org.laminar.engine.Objective;
import org.laminar.ir.Buffer;
import org.laminar.ir.Condition;
import org.laminar.ir.Hold;
import org.laminar.ir.Instances;
import org.laminar.ir.IrChecker;
import org.laminar.ir.IrProblem;
import org.laminar.ir.IrSolution;
import org.laminar.ir.Mode;
import org.laminar.ir.ModeRef;
import org.laminar.ir.Precedence;
import org.laminar.ir.ResourceKind;
import org.laminar.ir.TimeWindow;
import org.laminar.ir.Usage;
import org.laminar.schedule.SolveStatus;

class SubProblemTest {
  private static final int A = 0;
  private static final int B = 1;
  private static final int C = 2;
  private static final int X = 3;
  private static final int F = 4;
  private static final int D = 5;
  private static final int Y = 6;

  /**
   * Two cores and a 10-bit memory. a → b → c; b runs on either core (2 or 3 cycles), the rest
   * on one each. Buffers: 4 bits from a until c, 3 bits from b until c, 2 bits over x, 1 bit over y.
   */
  private static IrProblem problem() {
    IrProblem.Builder p = IrProblem.builder("hand");
    int core = p.addResource("core", ResourceKind.UNARY, 1);
    int core2 = p.addResource("core2", ResourceKind.UNARY, 1);
    int mem = p.addResource("mem", ResourceKind.STORAGE, 10);
    p.addTask("a", List.of(Mode.on("core", core, 3)));
    p.addTask("b", List.of(Mode.on("core", core, 2), Mode.on("core2", core2, 3)));
    p.addTask("c", List.of(Mode.on("core2", core2, 4)));
    p.addTask("x", List.of(Mode.on("core", core, 2)));
    p.addTask("f", List.of(Mode.on("core2", core2, 2)));
    p.addTask("d", List.of(Mode.on("core2", core2, 2)));
    p.addTask("y", List.of(Mode.on("core", core, 2)));
    p.precede(A, B).precede(B, C);
    p.addBuffer(new Buffer("a out", mem, 4, A, List.of(Hold.until(C)), Condition.TRUE));
    p.addBuffer(new Buffer("b out", mem, 3, B, List.of(Hold.until(C)), Condition.TRUE));
    p.addBuffer(new Buffer("x out", mem, 2, X, List.of(), Condition.TRUE));
    p.addBuffer(new Buffer("y out", mem, 1, Y, List.of(), Condition.TRUE));
    return p.build();
  }

  /** core: a [0,3) b [3,5) x [5,7) y [20,22); core2: d [0,2) f [4,6) c [8,12). */
  private static final IrSolution INCUMBENT = new IrSolution(List.of(0, 0, 0, 0, 0, 0, 0),
      List.of(0L, 3L, 8L, 5L, 4L, 0L, 20L));

  @Test
  void theNeighbourhoodOfBHasWindowsBusyIntervalsAndFixedMemory() {
    IrProblem full = problem();
    assertTrue(IrChecker.check(full, INCUMBENT).valid());
    long[] tails = OrderGraph.of(full, INCUMBENT).tails().orElseThrow();
    // c runs 4 cycles and its buffers end before y's starts, which stays after them: 4 + 2.
    assertEquals(6, tails[C]);
    SubProblem sub = SubProblem.of(new SubProblem.Index(full), INCUMBENT, Set.of(B), tails);
    assertEquals(List.of(B), sub.free());
    // a (before b) and c (after it) become b's window; of the fixed tasks only f runs on a core b
    // may use while b may run (its stretch [3, 5)): not x (from 5), d (to 2) nor y (from 20).
    assertEquals(List.of(F), sub.context());
    IrProblem p = sub.problem();
    // b, f pinned, the time c ends (b's buffer lasts until then), and the fixed memory: a's 4 bits
    // over [3, 5) within the stretch; after it, only the peak (a's and x's 6 bits, at 5) until
    // b's buffer ends.
    assertEquals(List.of(new TimeWindow(0, 3, 5), new TimeWindow(1, 4, 6), new TimeWindow(2, 12, 12),
        new TimeWindow(3, 3, 5), new TimeWindow(4, 5, 6)), p.windows());
    assertEquals(List.of(4L, 6L), p.buffers().stream().filter(buf -> buf.name().startsWith("fixed"))
        .map(Buffer::bits).toList());
    assertEquals(List.of(new Buffer("b out", 2, 3, 0, List.of(Hold.until(2)), Condition.TRUE)),
        p.buffers().stream().filter(buf -> buf.name().equals("b out")).toList());
    // The sink lasts past every pinned task (12) and starts after b's estimate: 5 + tail(c) = 11.
    assertEquals(6, p.size());
    assertEquals(12, sub.offset());
    assertEquals(23, sub.horizon());
    // And while b stays on core, the fixed tasks after it there: x, then y (tail 2 + 2 = 4).
    assertEquals(List.of(new Precedence(0, 5, 6, Condition.TRUE),
        new Precedence(0, 5, 4, Condition.allOf(new ModeRef(0, 0))), new Precedence(0, 5, 0, Condition.TRUE)),
        p.precedences());
    assertEquals(List.of(), IrChecker.check(p, sub.hint()).violations());
    // On core2 b (3 cycles) does not fit its stretch beside f: the incumbent is the optimum.
    EngineResult r = solve(sub);
    assertEquals(SolveStatus.OPTIMAL, r.status());
    assertEquals(23, r.objective());
  }

  private static EngineResult solve(SubProblem sub) {
    return new CpSatSolver(CpSatParameters.deterministic(1)).solve(sub.problem(), Objective.MAKESPAN, sub.horizon(),
        Optional.of(sub.hint()), q -> { });
  }

  /** As {@link #INCUMBENT}, but x runs before b, which delays b and c: core2's c at [9, 13). */
  private static final IrSolution LATE = new IrSolution(List.of(0, 0, 0, 0, 0, 0, 0),
      List.of(0L, 5L, 9L, 3L, 4L, 0L, 20L));

  @Test
  void anOptimalNeighbourhoodSplicesIntoAValidSolutionNoLater() {
    IrProblem full = problem();
    assertTrue(IrChecker.check(full, LATE).valid());
    long[] tails = OrderGraph.of(full, LATE).tails().orElseThrow();
    SubProblem sub = SubProblem.of(new SubProblem.Index(full), LATE, Set.of(B, X), tails);
    EngineResult r = solve(sub);
    assertEquals(SolveStatus.OPTIMAL, r.status());
    // b first again: it ends at 5, and c's tail (6) follows.
    assertEquals(11 + sub.offset(), r.objective());
    IrSolution spliced = sub.splice(LATE, r.solution().orElseThrow());
    assertEquals(List.of(), IrChecker.check(full, spliced).violations());
    IrSolution shifted = OrderGraph.of(full, spliced).earliestStarts(spliced).orElseThrow();
    assertEquals(List.of(), IrChecker.check(full, shifted).violations());
    // c right after b (5-9, f moved to 2-4), y after the buffers c holds: 9-11.
    assertEquals(11, shifted.makespan(full));
    assertEquals(22, LATE.makespan(full));
  }

  /**
   * A streaming tile a (6 cycles on the core, the port for its first 2), a transfer b (3 cycles
   * on the port) and g (1 cycle on core2), unrelated.
   */
  private static IrProblem streaming() {
    IrProblem.Builder p = IrProblem.builder("streaming tile");
    int core = p.addResource("core", ResourceKind.UNARY, 1);
    int core2 = p.addResource("core2", ResourceKind.UNARY, 1);
    int port = p.addResource("port", ResourceKind.UNARY, 1);
    p.addTask("a", List.of(new Mode("stream", 6, 0, List.of(new Usage(core, 1), Usage.prefix(port, 1, 2)))));
    p.addTask("b", List.of(Mode.on("port", port, 3)));
    p.addTask("g", List.of(Mode.on("core2", core2, 1)));
    return p.build();
  }

  @Test
  void aFixedStreamIsPinnedOverItsPrefixOnly() {
    IrProblem full = streaming();
    // a [0, 6) streaming over [0, 2), b on the port over [3, 6), g at 0.
    IrSolution incumbent = new IrSolution(List.of(0, 0, 0), List.of(0L, 3L, 0L));
    assertEquals(List.of(), IrChecker.check(full, incumbent).violations());
    long[] tails = OrderGraph.of(full, incumbent).tails().orElseThrow();
    // b alone may run over [3, 6): a computes then, but its stream is over, so it is no context.
    assertEquals(List.of(), SubProblem.of(new SubProblem.Index(full), incumbent, Set.of(1), tails).context());
    // b and g may run over [0, 6): a's stream is in the way there, pinned with it alone.
    SubProblem sub = SubProblem.of(new SubProblem.Index(full), incumbent, Set.of(1, 2), tails);
    assertEquals(List.of(0), sub.context());
    assertEquals(List.of(new Mode("stream", 6, 0, List.of(Usage.prefix(2, 1, 2)))), sub.problem().tasks().get(2).modes());
    assertEquals(List.of(), IrChecker.check(sub.problem(), sub.hint()).violations());
    EngineResult r = solve(sub);
    assertEquals(SolveStatus.OPTIMAL, r.status());
    // b moves to right after the stream: it ends at 5, the sink (6 cycles) after it.
    assertEquals(5 + sub.offset(), r.objective());
    IrSolution spliced = sub.splice(incumbent, r.solution().orElseThrow());
    assertEquals(List.of(0L, 2L, 0L), spliced.starts());
    assertEquals(List.of(), IrChecker.check(full, spliced).violations());
  }

  @Test
  void aTransferOfSeveralUnitsPerCycleKeepsItsRateInTheNeighbourhood() {
    // x slow (5 cycles) after L (1 cycle): 6. Fast, L lasts ⌈8 / 4⌉ = 2 and x 1: 3.
    IrProblem full = Instances.roundedTransfer();
    IrSolution slow = new IrSolution(List.of(0, 0), List.of(1L, 0L));
    assertEquals(6, IrChecker.check(full, slow).makespan());
    long[] tails = OrderGraph.of(full, slow).tails().orElseThrow();
    // Freeing x frees L, whose increments depend on x's mode.
    SubProblem sub = SubProblem.of(new SubProblem.Index(full), slow, Set.of(0), tails);
    assertEquals(List.of(0, 1), sub.free());
    EngineResult r = solve(sub);
    assertEquals(SolveStatus.OPTIMAL, r.status());
    IrSolution spliced = sub.splice(slow, r.solution().orElseThrow());
    assertEquals(List.of(), IrChecker.check(full, spliced).violations());
    assertEquals(List.of(1, 0), spliced.modes());
    assertEquals(3, IrChecker.check(full, spliced).makespan());
  }

  /**
   * Two tiles, each on core0 or core1 (3 cycles) by its choice, after a 2-cycle weight load onto
   * core0 when either runs there; x on core0 between them. Tasks: choices 0 and 1, tiles 2 and 3,
   * load 4, x 5.
   */
  private static IrProblem weightLoad() {
    IrProblem.Builder p = IrProblem.builder("weight load");
    int core0 = p.addResource("core0", ResourceKind.UNARY, 1);
    int core1 = p.addResource("core1", ResourceKind.UNARY, 1);
    int port = p.addResource("port", ResourceKind.UNARY, 1);
    int[] choice = {p.addChoice("alloc1", "core0", "core1"), p.addChoice("alloc2", "core0", "core1")};
    for (int i = 0; i < 2; i++) {
      p.addDerivedTask("tile" + (i + 1), List.of(Mode.on("core0", core0, 3), Mode.on("core1", core1, 3)),
          List.of(Condition.allOf(new ModeRef(choice[i], 0)), Condition.allOf(new ModeRef(choice[i], 1))));
    }
    int load = p.addOptionalTask("w", List.of(Mode.on("port", port, 2)),
        List.of(Condition.anyMode(List.of(new ModeRef(choice[0], 0), new ModeRef(choice[1], 0)))));
    p.addTask("x", List.of(Mode.on("core0", core0, 3)));
    for (int i = 0; i < 2; i++) {
      p.add(new Precedence(load, 2 + i, 0, Condition.allOf(new ModeRef(choice[i], 0))));
    }
    return p.build();
  }

  /** Both tiles on core0: w [0, 2), tile1 [2, 5), x [5, 8), tile2 [8, 11); the choices at 0. */
  private static final IrSolution BOTH_ON_CORE0 = new IrSolution(List.of(0, 0, 0, 0, 0, 0),
      List.of(0L, 0L, 2L, 8L, 0L, 5L));

  @Test
  void aLoadThatFixedTilesNeedStaysFixedAndZeroLengthChoicesDoNotStretchTheNeighbourhood() {
    IrProblem full = weightLoad();
    assertEquals(List.of(), IrChecker.check(full, BOTH_ON_CORE0).violations());
    long[] tails = OrderGraph.of(full, BOTH_ON_CORE0).tails().orElseThrow();
    SubProblem.Index index = new SubProblem.Index(full);
    // tile2's neighbourhood, with its layer's load as TileModel#tasksOf has it: tile1 stays on core0, so
    // the load runs whatever tile2 does. Fixed, it is pinned context (tile2 follows it on core0 only).
    SubProblem sub = SubProblem.of(index, BOTH_ON_CORE0, Set.of(1, 3, 4), tails);
    assertEquals(List.of(1, 3), sub.free());
    // tile2 runs over [8, 11); alloc2 (at 0, no length) does not widen that, so neither tile1 nor x
    // (on core0 before 8) is context.
    assertEquals(List.of(4), sub.context());
    assertEquals(List.of(new TimeWindow(0, 0, 11), new TimeWindow(1, 8, 11)), sub.problem().windows().subList(0, 2));
    assertEquals(List.of(), IrChecker.check(sub.problem(), sub.hint()).violations());
    EngineResult r = solve(sub);
    assertEquals(SolveStatus.OPTIMAL, r.status());
    assertEquals(List.of(), IrChecker.check(full, sub.splice(BOTH_ON_CORE0, r.solution().orElseThrow())).violations());
    // Both tiles free: the load depends on their choices, and is free too.
    assertEquals(List.of(0, 1, 2, 3, 4), SubProblem.of(index, BOTH_ON_CORE0, Set.of(0, 1, 2, 3, 4), tails).free());
  }
}
