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
import org.laminar.cost.OffChip;
import org.laminar.cost.TileCost;
import org.laminar.hardware.Accelerator;
import org.laminar.hardware.Core;
import org.laminar.hardware.DataDirection;
import org.laminar.hardware.Dram;
import org.laminar.hardware.MemoryLevel;
import org.laminar.hardware.MemoryOperand;
import org.laminar.hardware.MemoryPort;
import org.laminar.hardware.OperationalArray;
import org.laminar.hardware.PortAllocation;
import org.laminar.hardware.SpatialUnrolling;
import org.laminar.hardware.Unroll;
import org.laminar.tiling.Region;
import org.laminar.tiling.Tile;
import org.laminar.tiling.TileGraph;
import org.laminar.workload.Layer;
import org.laminar.workload.LoopDim;
import org.laminar.workload.Operand;
import org.laminar.workload.OperatorType;
import org.laminar.workload.Padding;
import org.laminar.workload.Precision;
import org.laminar.workload.Workload;

/**
 * A layer too large for a small core's buffer, run with its input streamed from DRAM: the core
 * view, the problem's choice of streamed operands and the checker's rules, derived by hand.
 *
 * <p>Core: 4 PEs unrolling {@code K}, an 8-bit output register per PE and one 128-bit buffer for
 * all operands (8-bit ports, 1 pJ per read, 2 pJ per write). DRAM: separate 8-bit read and write
 * ports, 1 pJ per bit read, 2 pJ per bit written. Layer: GEMM of 2 rows, {@code K = 4}, {@code C = 2},
 * 8-bit throughout: weights 4·2·8 = 64 bits, input 2·2·8 = 32, output 2·4·8 = 64; 160 bits do not
 * fit the 128-bit buffer.
 */
class ActivationStreamsTest {
  static final Dram DRAM = new Dram(8, 8, false, 1, 2);
  private static final Layer GEMM = new Layer(0, "g", OperatorType.GEMM, "Gemm",
      Map.of(LoopDim.OY, 2, LoopDim.K, 4, LoopDim.C, 2), 1, 1, 1, 1, Padding.NONE, new Precision(8, 8, 8, 8),
      Map.of());

  /** The small core with a buffer of {@code bufferBits}. */
  static Core core(long bufferBits) {
    MemoryPort reg = new MemoryPort("r", MemoryPort.Type.READ_WRITE, 8, 8, List.of(
        new PortAllocation(MemoryOperand.O, DataDirection.TL), new PortAllocation(MemoryOperand.O, DataDirection.FL),
        new PortAllocation(MemoryOperand.O, DataDirection.TH), new PortAllocation(MemoryOperand.O, DataDirection.FH)));
    MemoryLevel regO = new MemoryLevel("reg", 8, 0.1, 0.1, Set.of(MemoryOperand.O), List.of(reg), Set.of());
    MemoryPort i = new MemoryPort("i", MemoryPort.Type.READ_WRITE, 8, 8,
        List.of(new PortAllocation(MemoryOperand.I1, DataDirection.TL)));
    MemoryPort w = new MemoryPort("w", MemoryPort.Type.READ_WRITE, 8, 8,
        List.of(new PortAllocation(MemoryOperand.I2, DataDirection.TL)));
    MemoryPort o = new MemoryPort("o", MemoryPort.Type.READ_WRITE, 8, 8, List.of(
        new PortAllocation(MemoryOperand.O, DataDirection.TL), new PortAllocation(MemoryOperand.O, DataDirection.FL)));
    MemoryLevel buf = new MemoryLevel("buf", bufferBits, 1.0, 2.0,
        Set.of(MemoryOperand.I1, MemoryOperand.I2, MemoryOperand.O), List.of(i, w, o), Set.of("D1"));
    return new Core(0, "small", new OperationalArray(0.5, Map.of("D1", 4)), List.of(regO, buf),
        new SpatialUnrolling(Map.of("D1", List.of(new Unroll(LoopDim.K, 4)))));
  }

  /** The layer as one tile reading its 32 bits of input from DRAM, on the small core. */
  static SchedulingProblem problem(StreamPolicy policy) {
    Tile tile = new Tile(0, 0, new Region(0, 4, 0, 2), GEMM, 0, 64, 64, 32, 0);
    TileGraph graph = new TileGraph(new Workload("one", List.of(GEMM)), List.of(tile), List.of());
    Accelerator small = new Accelerator("small", List.of(core(128)), List.of(), DRAM);
    return new SchedulingProblem(graph, small, List.of(List.of()), new AnalyticalCostModel(), Map.of(),
        CopyPhases.OVERLAPPED, policy);
  }

  @Test
  void theStreamedViewHomesTheOperandInDramAndKeepsTheOtherLevels() {
    Core view = OffChip.streaming(core(128), DRAM, Set.of(MemoryOperand.I1));
    assertEquals(List.of("reg", "buf", "dram"), view.memories().stream().map(MemoryLevel::name).toList());
    assertEquals(Set.of(MemoryOperand.I2, MemoryOperand.O), view.memories().get(1).operands());
    assertEquals(Set.of(MemoryOperand.I1), view.memories().get(2).operands());
    // Streaming the output too leaves the register (its lower level) and drops it from the buffer.
    Core both = OffChip.streaming(core(128), DRAM, Set.of(MemoryOperand.I1, MemoryOperand.O));
    assertEquals(Set.of(MemoryOperand.I2), both.memories().get(1).operands());
    assertTrue(both.memories().get(0).serves(MemoryOperand.O));
  }

  @Test
  void aTileThatFitsNoCoreStreamsItsInputWhenNeeded() {
    SchedulingProblem problem = problem(StreamPolicy.WHEN_NEEDED);
    Tile tile = problem.graph().tiles().get(0);
    Core core = problem.accelerator().core(0);
    ActivationStreams how = problem.activationStreams(tile, core).orElseThrow();
    // Input streamed: the buffer keeps W + O = 128 bits. Each of the 4 inputs is read from DRAM once
    // (the one loop the input ignores, K, is spatial): 4 words of 8 bits = 32 bits. Streaming the
    // output as well would write its 64 bits too for no fewer cycles (the same ports are 8 bits
    // wide on and off chip), so the input alone is taken.
    assertEquals(Set.of(Operand.I), how.operands());
    assertEquals(32, how.readBits());
    assertEquals(0, how.writeBits());
    // Against the layer on an unbounded buffer: the same cycles (the input's DRAM port is as wide
    // as the buffer's input port), on-chip energy less the buffer's 4 input reads (1 pJ each).
    AnalyticalCostModel model = new AnalyticalCostModel();
    LayerEvaluation plain = model.evaluate(GEMM, core(1 << 20));
    assertEquals(plain.toTileCost().cycles(), problem.cost(tile, core).cycles());
    assertEquals(plain.memoryEnergyPj() - 4 * 1.0, problem.cost(tile, core).memoryEnergyPj(), 1e-9);
    assertEquals(plain.macEnergyPj(), problem.cost(tile, core).macEnergyPj(), 1e-9);
    assertEquals(16 * 0.5, problem.cost(tile, core).macEnergyPj(), 1e-9);
    assertTrue(problem.streamsActivations());
  }

  @Test
  void withoutStreamingTheTileCannotRun() {
    String message = assertThrows(ProblemException.class, () -> problem(StreamPolicy.NEVER)).getMessage();
    assertTrue(message.startsWith("tile 0 (layer 'g') cannot run on any of its allowed cores [0]"), message);
  }

  /**
   * The schedule a greedy scheduler makes, written by hand: weights loaded over [0, 8) (64 bits at 8
   * bits/cycle), the tile from 8 with its input streamed over [8, 12), its output stored after it.
   */
  static List<Movement> movements(long tileEnd) {
    List<Movement> m = new ArrayList<>();
    m.add(new Movement.WeightLoad(0, 0, 64, "dram-read", 0, 8));
    m.add(new Movement.InputStream(0, 0, 32, "dram-read", 8, 12));
    m.add(new Movement.SinkStore(0, 0, 64, "dram-write", tileEnd, tileEnd + 8));
    return m;
  }

  private static CheckReport check(SchedulingProblem problem, long tileEnd, List<Movement> movements) {
    return new ScheduleChecker().check(problem,
        new Schedule(List.of(new ScheduledTile(0, 0, 8, tileEnd)), movements));
  }

  @Test
  void theCheckerAcceptsTheStreamedScheduleAndChargesTheStreamsDram() {
    SchedulingProblem problem = problem(StreamPolicy.WHEN_NEEDED);
    long cycles = problem.cost(problem.graph().tiles().get(0), problem.accelerator().core(0)).cycles();
    long end = 8 + cycles;
    CheckReport report = check(problem, end, movements(end));
    assertTrue(report.valid(), report.violations().toString());
    assertEquals(end + 8, report.metrics().latencyCycles());
    // DRAM: weights 64 bits and the input stream 32 bits read at 1 pJ/bit, the store 64 bits at 2.
    assertEquals(64 + 32 + 2 * 64, report.metrics().energy().dramPj(), 1e-9);
    // The buffer holds the weights (64) and the output (64), never the streamed input.
    assertEquals(128, report.metrics().peakMemoryBits().get(0));
  }

  private static Set<Violation.Rule> rules(CheckReport report) {
    Set<Violation.Rule> rules = new TreeSet<>();
    report.violations().forEach(v -> rules.add(v.rule()));
    return rules;
  }

  @Test
  void theCheckerCatchesWrongStreamedSchedules() {
    SchedulingProblem problem = problem(StreamPolicy.WHEN_NEEDED);
    long end = 8 + problem.cost(problem.graph().tiles().get(0), problem.accelerator().core(0)).cycles();

    List<Movement> loaded = movements(end);
    loaded.set(1, new Movement.InputLoad(0, 0, 32, "dram-read", 8, 12));
    assertEquals(Set.of(Violation.Rule.MISSING_TRANSFER, Violation.Rule.UNEXPECTED_TRANSFER),
        rules(check(problem, end, loaded)), "an input load instead of the stream: missing stream, a load not needed");

    List<Movement> short_ = movements(end);
    short_.set(1, new Movement.InputStream(0, 0, 16, "dram-read", 8, 10));
    assertEquals(Set.of(Violation.Rule.DATA_SIZE), rules(check(problem, end, short_)));

    List<Movement> late = movements(end);
    late.set(1, new Movement.InputStream(0, 0, 32, "dram-read", end, end + 4));
    assertEquals(Set.of(Violation.Rule.PRECEDENCE), rules(check(problem, end, late)));

    List<Movement> overlapping = movements(end);
    overlapping.set(1, new Movement.InputStream(0, 0, 32, "dram-read", 6, 10));
    assertEquals(Set.of(Violation.Rule.PRECEDENCE, Violation.Rule.RESOURCE_OVERLAP),
        rules(check(problem, end, overlapping)), "before the tile and over the weight load");

    List<Movement> extra = movements(end);
    extra.add(new Movement.OutputStream(0, 0, 64, "dram-write", 8, 16));
    assertEquals(Set.of(Violation.Rule.UNEXPECTED_TRANSFER), rules(check(problem, end, extra)));

    assertEquals(Set.of(Violation.Rule.DURATION), rules(check(problem, end - 1, movements(end))));
  }

  /**
   * The cost model's memo tells a streamed view from the on-chip core of the same name, array and
   * layer shape (they differ only in which operands each level holds): asked in either order, one
   * model gives each view the cost a fresh model gives it. The input-streamed view costs 28 pJ more
   * memory energy than the on-chip core: its 4 input reads come from DRAM (8-bit accesses at 1 pJ
   * per bit, 8 pJ each) instead of the buffer (1 pJ each), so a shared entry would show.
   */
  @Test
  void theMemoKeepsStreamedAndOnChipViewsApart() {
    Core onChip = core(1024);
    List<Core> views = List.of(onChip, OffChip.streaming(onChip, DRAM, Set.of(MemoryOperand.I1)),
        OffChip.streaming(onChip, DRAM, Set.of(MemoryOperand.O)),
        OffChip.streaming(onChip, DRAM, Set.of(MemoryOperand.I1, MemoryOperand.O)));
    List<TileCost> fresh = views.stream().map(v -> new AnalyticalCostModel().cost(GEMM, v)).toList();
    assertEquals(fresh.get(0).memoryEnergyPj() + 4 * (8 - 1), fresh.get(1).memoryEnergyPj(), 1e-9);
    for (List<Integer> order : List.of(List.of(0, 1, 2, 3), List.of(3, 2, 1, 0))) {
      AnalyticalCostModel shared = new AnalyticalCostModel();
      for (int v : order) {
        assertEquals(fresh.get(v), shared.cost(GEMM, views.get(v)), "view " + v + " in order " + order);
      }
      assertEquals(views.size(), shared.memoisedShapes(), "one memo entry per view");
    }
  }

  /**
   * One tile of the layer per entry of {@code dramInputBits} (the bits it reads from DRAM as network
   * input), on the small core with serial copies and a DRAM read port of 1 bit per cycle.
   */
  private static SchedulingProblem serial(long... dramInputBits) {
    List<Tile> tiles = new ArrayList<>();
    for (long bits : dramInputBits) {
      tiles.add(new Tile(tiles.size(), 0, new Region(0, 4, 0, 2), GEMM, 0, 64, 64, bits, 0));
    }
    TileGraph graph = new TileGraph(new Workload("one", List.of(GEMM)), tiles, List.of());
    Accelerator small = new Accelerator("small", List.of(core(128)), List.of(), new Dram(1, 8, false, 1, 2));
    return new SchedulingProblem(graph, small, tiles.stream().<List<Integer>>map(t -> List.of()).toList(),
        new AnalyticalCostModel(), Map.of(), CopyPhases.SERIAL, StreamPolicy.WHEN_NEEDED);
  }

  /**
   * Two tiles of one shape that read different amounts of network input from DRAM hold their core
   * for different serial copies, so neither may take the other's streamed view: each gets what it
   * gets alone. The view computes in 17 cycles (as on chip: the buffer's ports are 8 bits wide).
   * Streaming input and output takes ⌈32 / 1⌉ = 32 cycles on the read port; streaming the output
   * alone takes 17 plus the serial copy of the input left on chip, 32 cycles for 32 bits (49 in
   * all: input and output taken) but 8 for 8 bits (25: the output alone taken).
   */
  @Test
  void tilesOfOneShapeWithDifferentDramInputsAreCostedApart() {
    SchedulingProblem both = serial(32, 8);
    Core small = both.accelerator().core(0);
    ActivationStreams first = both.activationStreams(both.graph().tiles().get(0), small).orElseThrow();
    assertEquals(Set.of(Operand.I, Operand.O), first.operands());
    assertEquals(32, first.cost().cycles());
    ActivationStreams second = both.activationStreams(both.graph().tiles().get(1), small).orElseThrow();
    assertEquals(Set.of(Operand.O), second.operands());
    assertEquals(17 + 8, second.cost().cycles());
    for (int t = 0; t < 2; t++) {
      SchedulingProblem alone = serial(t == 0 ? 32 : 8);
      Tile tile = both.graph().tiles().get(t);
      Tile single = alone.graph().tiles().get(0);
      Core itsCore = alone.accelerator().core(0);
      assertEquals(alone.activationStreams(single, itsCore), both.activationStreams(tile, small), "tile " + t);
      assertEquals(alone.cost(single, itsCore), both.cost(tile, small), "tile " + t);
    }
  }

  /**
   * A tile whose 64-bit weights (it counts none as its own, so they are not streamed as weights) do
   * not fit a 48-bit buffer: 160 bits on chip; streaming the input leaves W + O = 128, the output W
   * + I = 96, both W = 64, each more than 48. The refusal says that streamed views of the input and
   * output were tried, and only when they were (its layer reads no activation as W, so no second
   * input is named: {@link SecondInputStreamTest} streams one).
   */
  @Test
  void aTileThatFitsNoStreamedViewEitherSaysSo() {
    Tile tile = new Tile(0, 0, new Region(0, 4, 0, 2), GEMM, 0, 0, 64, 32, 0);
    TileGraph graph = new TileGraph(new Workload("one", List.of(GEMM)), List.of(tile), List.of());
    Accelerator tiny = new Accelerator("tiny", List.of(core(48)), List.of(), DRAM);
    for (StreamPolicy policy : StreamPolicy.values()) {
      String message = assertThrows(ProblemException.class, () -> new SchedulingProblem(graph, tiny,
          List.of(List.of()), new AnalyticalCostModel(), Map.of(), CopyPhases.OVERLAPPED, policy)).getMessage();
      assertTrue(message.startsWith("tile 0 (layer 'g') cannot run on any of its allowed cores [0] (core 0: "),
          message);
      assertEquals(policy != StreamPolicy.NEVER,
          message.endsWith(", nor with its activations (input, output) streamed from DRAM"), message);
    }
  }
}
