package org.laminar.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.laminar.check.MemoryTrace.Step;
import org.laminar.check.Violation.Rule;
import org.laminar.cost.CostModel;
import org.laminar.cost.TileCost;
import org.laminar.hardware.Accelerator;
import org.laminar.hardware.Core;
import org.laminar.hardware.DataDirection;
import org.laminar.hardware.Dram;
import org.laminar.hardware.Link;
import org.laminar.hardware.MemoryLevel;
import org.laminar.hardware.MemoryOperand;
import org.laminar.hardware.MemoryPort;
import org.laminar.hardware.OperationalArray;
import org.laminar.hardware.PortAllocation;
import org.laminar.hardware.SpatialUnrolling;
import org.laminar.schedule.Movement;
import org.laminar.schedule.Movement.InputLoad;
import org.laminar.schedule.Movement.LinkHop;
import org.laminar.schedule.Movement.SinkStore;
import org.laminar.schedule.Movement.SpillRead;
import org.laminar.schedule.Movement.SpillWrite;
import org.laminar.schedule.Movement.WeightLoad;
import org.laminar.schedule.Movement.WeightStream;
import org.laminar.schedule.Schedule;
import org.laminar.schedule.ScheduledTile;
import org.laminar.schedule.SchedulingProblem;
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
 * A two-layer, four-tile problem on two cores whose schedule and metrics are computed by hand
 * (see the comments), and one mutation per rule.
 *
 * <p>Layer 'a' (1×1 conv, K 2, C 1, 4×2 output) reads the network input; layer 'b' (1×1 conv, K
 * 2, C 2) reads 'a'. Each is split into two row bands: tiles 0, 1 (a: 8 MACs, 16 weight bits,
 * 32 input bits, 64 output bits) and tiles 2, 3 (b: 16 MACs, 32 weight bits, 64 output bits);
 * edges 0→2 and 1→3 carry 64 bits. Cores have 4 PEs and one SRAM; a link of 16 bits/cycle joins
 * them; DRAM moves 8 bits/cycle through one port.
 */
class ScheduleCheckerTest {

  private static final Precision PRECISION = new Precision(8, 8, 16, 8);
  /** cycles = MACs / 4 PEs; MAC energy 1 pJ per MAC; memory energy 0.5 pJ per MAC. */
  private static final CostModel COST = (shape, core) -> new TileCost((shape.macs() + 3) / 4, shape.macs(),
      0.5 * shape.macs(), 1);

  private final ScheduleChecker checker = new ScheduleChecker();

  private static Layer conv(int id, String name, int k, int c, List<Integer> producers) {
    return new Layer(id, name, OperatorType.CONV, "Conv", Map.of(LoopDim.K, k, LoopDim.C, c, LoopDim.OY, 4,
        LoopDim.OX, 2), 1, 1, 1, 1, Padding.NONE, PRECISION, producers.isEmpty() ? Map.of()
        : Map.of(Operand.I, producers));
  }

  static TileGraph graph() {
    Layer a = conv(0, "a", 2, 1, List.of());
    Layer b = conv(1, "b", 2, 2, List.of(0));
    Workload w = new Workload("two", List.of(a, b));
    List<Tile> tiles = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      Layer layer = i < 2 ? a : b;
      int band = i % 2;
      Layer shape = layer.withDims(Map.of(LoopDim.K, 2, LoopDim.C, layer.size(LoopDim.C), LoopDim.OY, 2,
          LoopDim.OX, 2));
      tiles.add(new Tile(i, layer.id(), new Region(0, 2, 2 * band, 2 * band + 2), shape, 0, layer.weightBits(), 64,
          i < 2 ? 32 : 0, 0));
    }
    return new TileGraph(w, tiles, List.of(new TileEdge(0, 2, 64), new TileEdge(1, 3, 64)));
  }

  static Core core(int id, long sramBits) {
    MemoryPort port = new MemoryPort("rw", MemoryPort.Type.READ_WRITE, 8, 64, List.of(
        new PortAllocation(MemoryOperand.I1, DataDirection.TL), new PortAllocation(MemoryOperand.I2, DataDirection.TL),
        new PortAllocation(MemoryOperand.O, DataDirection.FL)));
    MemoryLevel sram = new MemoryLevel("sram", sramBits, 1, 1, Set.of(MemoryOperand.I1, MemoryOperand.I2,
        MemoryOperand.O), List.of(port), Set.of("D1"));
    return new Core(id, "small", new OperationalArray(1, Map.of("D1", 4)), List.of(sram), SpatialUnrolling.NONE);
  }

  static SchedulingProblem problem(long core1Sram) {
    Accelerator acc = new Accelerator("pair", List.of(core(0, 1000), core(1, core1Sram)),
        List.of(new Link("c0-c1", List.of(0, 1), 16, 0.5)), new Dram(8, 8, true, 2, 3));
    return SchedulingProblem.of(graph(), acc, COST).withLayerCores(Map.of(0, List.of(0), 1, List.of(1)));
  }

  /**
   * DRAM port: weights of a onto core 0 [0,2), input of tile 0 [2,6), input of tile 1 [6,10),
   * weights of b onto core 1 [10,14), store of tile 2 [18,26), store of tile 3 [26,34). Core 0:
   * tile 0 [6,8), tile 1 [10,12). Link: 0→2 [8,12), 1→3 [12,16). Core 1: tile 2 [14,18), tile 3
   * [18,22).
   */
  static Schedule valid() {
    return new Schedule(List.of(new ScheduledTile(0, 0, 6, 8), new ScheduledTile(1, 0, 10, 12),
        new ScheduledTile(2, 1, 14, 18), new ScheduledTile(3, 1, 18, 22)), List.of(
        new WeightLoad(0, 0, 16, "dram", 0, 2), new InputLoad(0, 0, 32, "dram", 2, 6),
        new InputLoad(1, 0, 32, "dram", 6, 10), new WeightLoad(1, 1, 32, "dram", 10, 14),
        new LinkHop(0, 2, 0, 0, 1, 64, "c0-c1", 8, 12), new LinkHop(1, 3, 0, 0, 1, 64, "c0-c1", 12, 16),
        new SinkStore(2, 1, 64, "dram", 18, 26), new SinkStore(3, 1, 64, "dram", 26, 34)));
  }

  @Test
  void handComputedScheduleIsValidWithExactMetrics() {
    CheckReport report = checker.check(problem(1000), valid());

    assertEquals(List.of(), report.violations());
    Metrics m = report.metrics();
    assertEquals(34, m.latencyCycles());
    // MACs 8 + 8 + 16 + 16 at 1 pJ; memory 0.5 pJ per MAC.
    assertEquals(48, m.energy().computePj(), 1e-9);
    assertEquals(24, m.energy().onChipMemoryPj(), 1e-9);
    // two hops of 64 bits at 0.5 pJ/bit.
    assertEquals(64, m.energy().interconnectPj(), 1e-9);
    // reads 16 + 32 + 32 + 32 bits at 2 pJ/bit, writes 64 + 64 bits at 3 pJ/bit.
    assertEquals(224 + 384, m.energy().dramPj(), 1e-9);
    assertEquals(744 * 34, m.edp(), 1e-6);
    assertEquals(Map.of(0, 176L, 1, 224L), m.peakMemoryBits());
    assertEquals(4.0 / 34, m.utilization().get(0), 1e-12);
    assertEquals(8.0 / 34, m.utilization().get(1), 1e-12);
  }

  @Test
  void memoryTraceFollowsEveryBufferByHand() {
    CheckReport report = checker.check(problem(1000), valid());

    // Core 0: weights a [0,12) 16; inputs [2,8) and [6,12) 32 each; output 0 [6,12) (held until its
    // hop ends), output 1 [10,16).
    assertEquals(List.of(new Step(0, 16), new Step(2, 48), new Step(6, 144), new Step(8, 112), new Step(10, 176),
        new Step(12, 64), new Step(16, 0)), report.memory().get(0).steps());
    // Core 1: received 0→2 [8,18) and 1→3 [12,22) from their hops' starts; weights b [10,22);
    // outputs 2 [14,26) and 3 [18,34) held until their stores end.
    assertEquals(List.of(new Step(8, 64), new Step(10, 96), new Step(12, 160), new Step(14, 224),
        new Step(18, 224), new Step(22, 128), new Step(26, 64), new Step(34, 0)), report.memory().get(1).steps());
  }

  private static Schedule mutate(UnaryOperator<List<ScheduledTile>> tiles, UnaryOperator<List<Movement>> moves) {
    Schedule s = valid();
    return new Schedule(tiles.apply(new ArrayList<>(s.tiles())), moves.apply(new ArrayList<>(s.movements())));
  }

  private static UnaryOperator<List<Movement>> replace(int index, Movement m) {
    return list -> {
      list.set(index, m);
      return list;
    };
  }

  private static <T> UnaryOperator<List<T>> remove(int index) {
    return list -> {
      list.remove(index);
      return list;
    };
  }

  private static UnaryOperator<List<ScheduledTile>> replaceTile(int index, ScheduledTile t) {
    return list -> {
      list.set(index, t);
      return list;
    };
  }

  /** Asserts exactly the expected rule is broken, at the cycle, with a message containing {@code words}. */
  private void assertOnly(SchedulingProblem p, Schedule s, Rule rule, long cycle, String... words) {
    List<Violation> violations = checker.check(p, s).violations();
    assertEquals(Set.of(rule), violations.stream().map(Violation::rule).collect(Collectors.toSet()),
        violations::toString);
    Violation v = violations.get(0);
    assertEquals(cycle, v.cycle(), v::toString);
    for (String word : words) {
      assertTrue(v.message().contains(word), () -> v.message() + " should name " + word);
    }
  }

  @Test
  void overlapOnACoreIsCaught() {
    assertOnly(problem(1000), mutate(replaceTile(3, new ScheduledTile(3, 1, 16, 20)), UnaryOperator.identity()),
        Rule.CORE_OVERLAP, 16, "core 1", "tile 2", "tile 3", "cycle 16");
  }

  @Test
  void missingTransferIsCaught() {
    assertOnly(problem(1000), mutate(UnaryOperator.identity(), remove(4)), Rule.MISSING_TRANSFER, 14, "edge 0->2", "core 0 to core 1", "tile 2", "cycle 14");
  }

  @Test
  void tooShortTransferIsCaught() {
    assertOnly(problem(1000), mutate(UnaryOperator.identity(),
        replace(5, new LinkHop(1, 3, 0, 0, 1, 64, "c0-c1", 12, 15))), Rule.DURATION, 12, "transfer 1->3",
        "3 cycles", "take 4");
  }

  @Test
  void transferBeforeItsProducerEndsIsCaught() {
    assertOnly(problem(1000), mutate(UnaryOperator.identity(),
        replace(4, new LinkHop(0, 2, 0, 0, 1, 64, "c0-c1", 7, 11))), Rule.PRECEDENCE, 7, "transfer 0->2",
        "tile 0", "cycle 8");
  }

  @Test
  void consumerBeforeItsDataArrivesIsCaught() {
    assertOnly(problem(1000), mutate(UnaryOperator.identity(),
        replace(5, new LinkHop(1, 3, 0, 0, 1, 64, "c0-c1", 18, 22))), Rule.PRECEDENCE, 18, "transfer 1->3",
        "arrives at cycle 22", "tile 3", "cycle 18");
  }

  @Test
  void consumerBeforeItsProducerOnTheSameCoreIsCaught() {
    // Everything on core 0 with the same timing is valid; then tile 0 moves after tile 2.
    SchedulingProblem oneCore = SchedulingProblem.of(graph(), problem(1000).accelerator(), COST);
    Schedule same = new Schedule(valid().tiles().stream().map(t -> new ScheduledTile(t.tile(), 0, t.start(),
        t.end())).toList(), valid().movements().stream().filter(m -> !(m instanceof LinkHop)).map(m -> m instanceof
        WeightLoad w ? new WeightLoad(w.layer(), 0, w.bits(), "dram", w.start(), w.end()) : m instanceof SinkStore st
        ? new SinkStore(st.tile(), 0, st.bits(), "dram", st.start(), st.end()) : m).toList());
    assertEquals(List.of(), checker.check(oneCore, same).violations());

    List<ScheduledTile> tiles = new ArrayList<>(same.tiles());
    tiles.set(0, new ScheduledTile(0, 0, 22, 24));
    assertOnly(oneCore, new Schedule(tiles, same.movements()), Rule.PRECEDENCE, 14, "tile 2", "cycle 14", "tile 0",
        "cycle 24");
  }

  @Test
  void storeBeforeItsTileEndsIsCaught() {
    assertOnly(problem(1000), mutate(UnaryOperator.identity(), replace(6, new SinkStore(2, 1, 64, "dram", 17, 25))),
        Rule.PRECEDENCE, 17, "store", "tile 2", "cycle 17", "18");
  }

  @Test
  void memoryOverCapacityIsCaught() {
    assertOnly(problem(200), valid(), Rule.MEMORY, 14, "core 1", "sram", "224 bits", "cycle 14", "output of tile 2");
  }

  @Test
  void weightsNotLoadedAreCaught() {
    assertOnly(problem(1000), mutate(UnaryOperator.identity(), remove(3)), Rule.WEIGHTS, 14, "layer 'b'", "core 1", "tile 2", "cycle 14");
  }

  @Test
  void weightsArrivingLateAreCaught() {
    assertOnly(problem(1000), mutate(replaceTile(2, new ScheduledTile(2, 1, 13, 17)), UnaryOperator.identity()),
        Rule.WEIGHTS, 13, "layer 'b'", "core 1", "cycle 14", "cycle 13");
  }

  @Test
  void wrongCoreIsCaught() {
    List<Violation> violations = checker.check(problem(1000),
        mutate(replaceTile(1, new ScheduledTile(1, 1, 10, 12)), UnaryOperator.identity())).violations();
    Violation v = violations.stream().filter(x -> x.rule() == Rule.ALLOWED_CORE).findFirst().orElseThrow();
    assertEquals("tile 1 (layer 'a') runs on core 1; it may use cores [0]", v.message());
    assertEquals(10, v.cycle());
  }

  @Test
  void linkDoubleBookedIsCaught() {
    assertOnly(problem(1000), mutate(UnaryOperator.identity(),
        replace(4, new LinkHop(0, 2, 0, 0, 1, 64, "c0-c1", 10, 14))), Rule.RESOURCE_OVERLAP, 12, "c0-c1",
        "transfer 0->2", "transfer 1->3", "cycle 12");
  }

  @Test
  void wrongDataSizeIsCaught() {
    assertOnly(problem(1000), mutate(UnaryOperator.identity(),
        replace(4, new LinkHop(0, 2, 0, 0, 1, 32, "c0-c1", 8, 10))), Rule.DATA_SIZE, 8, "transfer 0->2",
        "32 bits", "edge 0->2 has 64");
  }

  @Test
  void transferOnAMissingLinkIsCaught() {
    assertOnly(problem(1000), mutate(UnaryOperator.identity(),
        replace(4, new LinkHop(0, 2, 0, 0, 1, 64, "c1-c0", 8, 12))), Rule.RESOURCE, 8, "transfer 0->2",
        "link c1-c0, which does not exist");
  }

  @Test
  void dramPortDoubleBookedIsCaught() {
    assertOnly(problem(1000), mutate(UnaryOperator.identity(), replace(7, new SinkStore(3, 1, 64, "dram", 22, 30))),
        Rule.RESOURCE_OVERLAP, 22, "dram", "store of tile 2", "store of tile 3");
  }

  @Test
  void wrongTileDurationIsCaught() {
    assertOnly(problem(1000), mutate(replaceTile(3, new ScheduledTile(3, 1, 18, 21)), UnaryOperator.identity()),
        Rule.DURATION, 18, "tile 3", "3 cycles", "says 4");
  }

  @Test
  void missingTileIsCaught() {
    List<Violation> violations = checker.check(problem(1000), mutate(remove(3), UnaryOperator.identity()))
        .violations();
    assertTrue(violations.stream().anyMatch(v -> v.rule() == Rule.TILES && v.message().equals(
        "tile 3 (layer 'b') is not scheduled")), violations::toString);
  }

  @Test
  void separateDramPortsMustBeUsed() {
    Accelerator split = new Accelerator("pair", List.of(core(0, 1000), core(1, 1000)),
        List.of(new Link("c0-c1", List.of(0, 1), 16, 0.5)), new Dram(8, 8, false, 2, 3));
    SchedulingProblem p = SchedulingProblem.of(graph(), split, COST);
    List<Violation> violations = checker.check(p, valid()).violations();
    assertEquals(6, violations.size(), violations::toString);
    assertTrue(violations.stream().allMatch(v -> v.rule() == Rule.RESOURCE), violations::toString);
    assertTrue(violations.get(0).message().contains("port dram-read"), violations::toString);
  }

  /**
   * Core 1 with a 16-bit weight memory: the 32 bits of b's weights are streamed by tiles 2 and 3
   * (4 cycles each, as long as the tiles), so the stores move to [22,30) and [30,38).
   */
  @Test
  void weightsTooLargeForTheCoreAreStreamedPerTile() {
    Core small = new Core(1, "split", new OperationalArray(1, Map.of("D1", 4)), List.of(
        new MemoryLevel("w", 16, 1, 1, Set.of(MemoryOperand.I2), List.of(new MemoryPort("r", MemoryPort.Type.READ_WRITE,
            8, 64, List.of(new PortAllocation(MemoryOperand.I2, DataDirection.TL)))), Set.of("D1")),
        new MemoryLevel("act", 1000, 1, 1, Set.of(MemoryOperand.I1, MemoryOperand.O), List.of(new MemoryPort("rw",
            MemoryPort.Type.READ_WRITE, 8, 64, List.of(new PortAllocation(MemoryOperand.I1, DataDirection.TL)))),
            Set.of("D1"))), SpatialUnrolling.NONE);
    Accelerator acc = new Accelerator("pair", List.of(core(0, 1000), small),
        List.of(new Link("c0-c1", List.of(0, 1), 16, 0.5)), new Dram(8, 8, true, 2, 3));
    SchedulingProblem p = SchedulingProblem.of(graph(), acc, COST).withLayerCores(Map.of(0, List.of(0), 1, List.of(1)));
    List<Movement> moves = new ArrayList<>(valid().movements());
    moves.set(3, new WeightStream(2, 1, 32, "dram", 14, 18));
    moves.set(6, new SinkStore(2, 1, 64, "dram", 22, 30));
    moves.set(7, new SinkStore(3, 1, 64, "dram", 30, 38));
    moves.add(new WeightStream(3, 1, 32, "dram", 18, 22));
    Schedule streamed = new Schedule(valid().tiles(), moves);

    CheckReport report = checker.check(p, streamed);
    assertEquals(List.of(), report.violations());
    assertEquals(38, report.metrics().latencyCycles());
    // reads: 16 + 32 + 32 weight/input bits on core 0, 2 × 32 streamed; writes 2 × 64.
    assertEquals((16 + 64 + 64) * 2 + 128 * 3, report.metrics().energy().dramPj(), 1e-9);
    // Core 1 holds no weights: received 64 + 64 and outputs 64 + 64 at most 192 at cycle 18.
    assertEquals(192, report.metrics().peakMemoryBits().get(1));

    moves.set(moves.size() - 1, new WeightStream(3, 1, 32, "dram", 38, 42));
    assertOnly(p, new Schedule(valid().tiles(), moves), Rule.WEIGHTS, 18, "weight stream of tile 3", "cycle 38",
        "tile 3", "cycle 18");
    // Loading them instead is wrong twice: the tiles stream nothing, and the load is not needed.
    List<Violation> loadedInstead = checker.check(p, valid()).violations();
    assertEquals(List.of(Rule.WEIGHTS, Rule.WEIGHTS, Rule.UNEXPECTED_TRANSFER),
        loadedInstead.stream().map(Violation::rule).toList(), loadedInstead::toString);
    assertEquals("the weights of layer 'b' (32 bits) exceed the weight memory of core 1, but tile 2 (layer 'b') "
        + "streams no weights when it starts at cycle 14", loadedInstead.get(0).message());
  }

  /**
   * Edge 0→2 through DRAM instead of the link: after b's weights [10,14) the port takes the spill
   * of tile 0 [14,22) and the read-back [22,30); tile 2 runs [30,34), tile 3 [34,38), stores
   * [38,46) and [46,54).
   */
  @Test
  void spillAndReadBackServeAnEdge() {
    Schedule s = new Schedule(List.of(new ScheduledTile(0, 0, 6, 8), new ScheduledTile(1, 0, 10, 12),
        new ScheduledTile(2, 1, 30, 34), new ScheduledTile(3, 1, 34, 38)), List.of(
        new WeightLoad(0, 0, 16, "dram", 0, 2), new InputLoad(0, 0, 32, "dram", 2, 6),
        new InputLoad(1, 0, 32, "dram", 6, 10), new WeightLoad(1, 1, 32, "dram", 10, 14),
        new SpillWrite(0, 0, 64, "dram", 14, 22), new SpillRead(0, 2, 1, 64, "dram", 22, 30),
        new LinkHop(1, 3, 0, 0, 1, 64, "c0-c1", 12, 16),
        new SinkStore(2, 1, 64, "dram", 38, 46), new SinkStore(3, 1, 64, "dram", 46, 54)));

    CheckReport report = checker.check(problem(1000), s);

    assertEquals(List.of(), report.violations());
    assertEquals(54, report.metrics().latencyCycles());
    // one hop of 64 bits; DRAM reads 16+32+32+32+64 bits at 2, writes 64·3 bits at 3 pJ/bit.
    assertEquals(32, report.metrics().energy().interconnectPj(), 1e-9);
    assertEquals(176 * 2 + 192 * 3, report.metrics().energy().dramPj(), 1e-9);
    // Read-back before its spill ends is caught.
    List<Violation> early = checker.check(problem(1000), new Schedule(s.tiles(), s.movements().stream()
        .map(m -> m instanceof SpillRead ? new SpillRead(0, 2, 1, 64, "dram", 21, 29) : m).toList())).violations();
    assertTrue(early.stream().anyMatch(v -> v.rule() == Rule.PRECEDENCE && v.cycle() == 21
        && v.message().contains("spill of tile 0 ends at 22")), early::toString);
  }
}
