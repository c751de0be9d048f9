package org.laminar.schedule;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.laminar.check.CheckReport;
import org.laminar.check.ScheduleChecker;
import org.laminar.check.Violation;
import org.laminar.cost.AnalyticalCostModel;
import org.laminar.cost.LayerEvaluation;
import org.laminar.cost.TileCost;
import org.laminar.hardware.Accelerator;
import org.laminar.hardware.Core;
import org.laminar.tiling.Region;
import org.laminar.tiling.Tile;
import org.laminar.tiling.TileEdge;
import org.laminar.tiling.TileGraph;
import org.laminar.workload.Layer;
import org.laminar.workload.LoopDim;
import org.laminar.workload.Operand;
import org.laminar.workload.OperatorType;
import org.laminar.workload.Padding;
import org.laminar.workload.Precision;
import org.laminar.workload.Workload;

/**
 * A product of two activations (as attention's {@code Q·Kᵀ}) whose second operand {@code W}, an
 * activation, does not fit its core: streamed from DRAM as its second input. The view, the
 * problem's choice and the checker's rules, derived by hand.
 *
 * <p>Cores: {@link ActivationStreamsTest#core}, 4 PEs unrolling {@code K}, an 8-bit output register
 * per PE and one buffer for all operands (8-bit ports, 1 pJ per read, 2 pJ per write); core 0 with a
 * 48-bit buffer, core 1 with 1,024 bits. No links: data between the cores goes through DRAM (8-bit
 * read and write ports, 1 pJ per bit read, 2 written).
 *
 * <p>Layers, 8-bit: {@code p} (core 1) a GEMM of 2 rows, {@code K = 4}, {@code C = 1}, reading 16 bits
 * of network input with 32 bits of weights and writing 64 bits; {@code g} (core 0) a GEMM of one
 * row, {@code K = 4}, {@code C = 2}, reading 16 bits of network input as {@code I} and {@code p}'s 64
 * bits as {@code W}, writing 32 bits. On chip {@code g} needs 16 + 64 + 32 = 112 bits of the 48.
 */
class SecondInputStreamTest {
  private static final Layer P = new Layer(0, "p", OperatorType.GEMM, "Gemm",
      Map.of(LoopDim.OY, 2, LoopDim.K, 4, LoopDim.C, 1), 1, 1, 1, 1, Padding.NONE, new Precision(8, 8, 8, 8),
      Map.of());
  private static final Layer G = new Layer(1, "g", OperatorType.GEMM, "MatMul",
      Map.of(LoopDim.OY, 1, LoopDim.K, 4, LoopDim.C, 2), 1, 1, 1, 1, Padding.NONE, new Precision(8, 8, 8, 8),
      Map.of(Operand.W, List.of(0)));

  private static Core big() {
    Core c = ActivationStreamsTest.core(1024);
    return new Core(1, "big", c.array(), c.memories(), c.dataflow());
  }

  /** The two tiles, {@code g} allowed on core 0 only, {@code p} on core 1 only. */
  static SchedulingProblem problem(StreamPolicy policy) {
    Tile p = new Tile(0, 0, new Region(0, 2, 0, 4), P, 0, 32, 64, 16, 0);
    Tile g = new Tile(1, 1, new Region(0, 1, 0, 4), G, 0, 0, 32, 16, 1);
    TileGraph graph = new TileGraph(new Workload("two", List.of(P, G)), List.of(p, g),
        List.of(new TileEdge(0, 1, 64)));
    Accelerator two = new Accelerator("two", List.of(ActivationStreamsTest.core(48), big()), List.of(),
        ActivationStreamsTest.DRAM);
    return new SchedulingProblem(graph, two, List.of(List.of(1), List.of(0)), new AnalyticalCostModel(), Map.of(),
        CopyPhases.OVERLAPPED, policy);
  }

  @Test
  void theProductStreamsItsSecondInputAlone() {
    SchedulingProblem problem = problem(StreamPolicy.WHEN_NEEDED);
    Tile g = problem.graph().tiles().get(1);
    Core small = problem.accelerator().core(0);
    ActivationStreams how = problem.activationStreams(g, small).orElseThrow();
    // The PEs have no register for W: each of the C = 2 temporal steps reads the 4 weights of the
    // step (one per PE, K spatial) from DRAM, 8 words of 8 bits = 64 bits, W once. The buffer then
    // keeps I + O = 16 + 32 = 48 bits, exactly its size. Streaming W with I (16 more bits on the
    // read port: 10 cycles) is slower; W with O writes 32 more bits on the other port for no fewer
    // cycles; the views without W keep its 64 bits in the 48-bit buffer.
    assertEquals(Set.of(Operand.W), how.operands());
    assertEquals(64, how.secondBits());
    assertEquals(0, how.readBits());
    assertEquals(0, how.writeBits());
    // The tile lasts the stream's 64 / 8 = 8 cycles on the read port: the view itself computes in
    // the cycles g takes on an unbounded buffer (W's DRAM port is as wide as the buffer's W port),
    // fewer. Its on-chip energy is that of g on the unbounded buffer less the buffer's 8 reads of W
    // (1 pJ each).
    LayerEvaluation plain = new AnalyticalCostModel().evaluate(G, ActivationStreamsTest.core(1 << 20));
    TileCost streamed = problem.cost(g, small);
    assertTrue(plain.toTileCost().cycles() < 8, "on chip " + plain.toTileCost().cycles());
    assertEquals(8, streamed.cycles());
    assertEquals(plain.memoryEnergyPj() - 8 * 1.0, streamed.memoryEnergyPj(), 1e-9);
    assertEquals(8 * 0.5, streamed.macEnergyPj(), 1e-9);
    assertTrue(problem.activationStreams(problem.graph().tiles().get(0), big()).isEmpty(), "p fits core 1");
  }

  @Test
  void withoutStreamingTheProductCannotRunAndTheRefusalNamesTheSecondInput() {
    String never = assertThrows(ProblemException.class, () -> problem(StreamPolicy.NEVER)).getMessage();
    assertTrue(never.startsWith("tile 1 (layer 'g') cannot run on any of its allowed cores [0]"), never);
    assertTrue(!never.contains("streamed"), never);
  }

  /**
   * The schedule written by hand: on the read port p's weights [0, 4) (32 bits) and input [4, 6) (16
   * bits), g's input [6, 8); p on core 1 from 6; its 64-bit output spilled after it (8 cycles), g from
   * the spill's end with its second input streamed over its first 8 cycles, its 32-bit output stored
   * after it (4 cycles).
   */
  private static Schedule schedule(SchedulingProblem problem, List<Movement> movements) {
    return new Schedule(List.of(new ScheduledTile(0, 1, 6, pEnd(problem)),
        new ScheduledTile(1, 0, gStart(problem), gEnd(problem))), movements);
  }

  private static long pEnd(SchedulingProblem problem) {
    return 6 + problem.cost(problem.graph().tiles().get(0), problem.accelerator().core(1)).cycles();
  }

  private static long gStart(SchedulingProblem problem) {
    return pEnd(problem) + 8;
  }

  private static long gEnd(SchedulingProblem problem) {
    return gStart(problem) + problem.cost(problem.graph().tiles().get(1), problem.accelerator().core(0)).cycles();
  }

  private static List<Movement> movements(SchedulingProblem problem) {
    long spill = pEnd(problem);
    long g = gStart(problem);
    long end = gEnd(problem);
    List<Movement> m = new ArrayList<>();
    m.add(new Movement.WeightLoad(0, 1, 32, "dram-read", 0, 4));
    m.add(new Movement.InputLoad(0, 1, 16, "dram-read", 4, 6));
    m.add(new Movement.InputLoad(1, 0, 16, "dram-read", 6, 8));
    m.add(new Movement.SpillWrite(0, 1, 64, "dram-write", spill, spill + 8));
    m.add(new Movement.SecondInputStream(1, 0, 64, "dram-read", g, g + 8));
    m.add(new Movement.SinkStore(1, 0, 32, "dram-write", end, end + 4));
    return m;
  }

  private static CheckReport check(SchedulingProblem problem, List<Movement> movements) {
    return new ScheduleChecker().check(problem, schedule(problem, movements));
  }

  @Test
  void theCheckerAcceptsTheStreamedSecondInputAndChargesItsDram() {
    SchedulingProblem problem = problem(StreamPolicy.WHEN_NEEDED);
    CheckReport report = check(problem, movements(problem));
    assertTrue(report.valid(), report.violations().toString());
    assertEquals(gEnd(problem) + 4, report.metrics().latencyCycles());
    // DRAM: read 32 + 16 + 16 + 64 bits at 1 pJ, written 64 (spill) + 32 (store) at 2 pJ.
    assertEquals(32 + 16 + 16 + 64 + 2 * (64 + 32), report.metrics().energy().dramPj(), 1e-9);
    // Core 0's buffer holds g's input (16) and output (32), never the streamed second input.
    assertEquals(48, report.metrics().peakMemoryBits().get(0));
  }

  private static Set<Violation.Rule> rules(CheckReport report) {
    Set<Violation.Rule> rules = new TreeSet<>();
    report.violations().forEach(v -> rules.add(v.rule()));
    return rules;
  }

  /** {@code movements(problem)} with the second-input stream (index 4) replaced by {@code stream}, or dropped for null. */
  private static List<Movement> with(SchedulingProblem problem, Movement stream) {
    List<Movement> m = movements(problem);
    if (stream == null) {
      m.remove(4);
    } else {
      m.set(4, stream);
    }
    return m;
  }

  @Test
  void theCheckerRejectsADroppedShortenedOrMisplacedSecondInputStream() {
    SchedulingProblem problem = problem(StreamPolicy.WHEN_NEEDED);
    long g = gStart(problem);
    long end = gEnd(problem);

    CheckReport dropped = check(problem, with(problem, null));
    assertEquals(Set.of(Violation.Rule.MISSING_TRANSFER), rules(dropped));
    assertTrue(dropped.violations().get(0).message().contains("streams its second input from DRAM on core 0, but "
        + "has no second input stream"), dropped.violations().toString());

    assertEquals(Set.of(Violation.Rule.DATA_SIZE),
        rules(check(problem, with(problem, new Movement.SecondInputStream(1, 0, 32, "dram-read", g, g + 4)))));

    assertEquals(Set.of(Violation.Rule.PRECEDENCE),
        rules(check(problem, with(problem, new Movement.SecondInputStream(1, 0, 64, "dram-read", end, end + 8)))),
        "after the tile");

    // Over the spill's last cycles: before p's output is in DRAM, and before g starts.
    CheckReport early = check(problem, with(problem, new Movement.SecondInputStream(1, 0, 64, "dram-read", g - 2,
        g + 6)));
    assertEquals(Set.of(Violation.Rule.PRECEDENCE), rules(early));
    assertTrue(early.violations().stream().anyMatch(v -> v.message().contains("before the output of tile 0")),
        early.violations().toString());

    assertEquals(Set.of(Violation.Rule.RESOURCE),
        rules(check(problem, with(problem, new Movement.SecondInputStream(1, 1, 64, "dram-read", g, g + 8)))),
        "onto the wrong core");

    // A read-back of p's output instead of the stream: the stream is missing and the read-back not needed.
    assertEquals(Set.of(Violation.Rule.MISSING_TRANSFER, Violation.Rule.UNEXPECTED_TRANSFER),
        rules(check(problem, with(problem, new Movement.SpillRead(0, 1, 0, 64, "dram-read", g - 8, g)))));

    // A second-input stream for p, which does not stream: not expected.
    List<Movement> extra = movements(problem);
    extra.add(new Movement.SecondInputStream(0, 1, 64, "dram-read", 8, 16));
    assertEquals(Set.of(Violation.Rule.UNEXPECTED_TRANSFER), rules(check(problem, extra)));

    // Without the spill, p's output never reaches DRAM.
    List<Movement> unspilled = movements(problem);
    unspilled.remove(3);
    CheckReport never = check(problem, unspilled);
    assertTrue(never.violations().stream().anyMatch(v -> v.rule() == Violation.Rule.MISSING_TRANSFER
        && v.message().contains("streams its second input from DRAM, but the output of tile 0")),
        never.violations().toString());
  }
}
