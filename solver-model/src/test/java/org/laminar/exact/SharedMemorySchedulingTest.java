package org.laminar.exact;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.laminar.check.CheckReport;
import org.laminar.check.ScheduleChecker;
import org.laminar.cost.CostModel;
import org.laminar.cost.TileCost;
import org.laminar.cpsat.CpSatParameters;
import org.laminar.greedy.RandomProblems;
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
import org.laminar.hardware.SharedMemory;
import org.laminar.hardware.SpatialUnrolling;
import org.laminar.schedule.Movement;
import org.laminar.schedule.Movement.LinkHop;
import org.laminar.schedule.Schedule;
import org.laminar.schedule.Scheduler;
import org.laminar.schedule.SchedulingProblem;
import org.laminar.schedule.SolveStatus;
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
 * Cores sharing a memory, through every scheduler: a hand-computed pair of cores exchanging tiles
 * in place, and seeded random problems whose cores share their memories.
 */
class SharedMemorySchedulingTest {
  private static final ScheduleChecker CHECKER = new ScheduleChecker();
  private static final Precision PRECISION = new Precision(8, 8, 16, 8);
  /** cycles = ⌈MACs / 4⌉. */
  private static final CostModel COST = (shape, core) -> new TileCost((shape.macs() + 3) / 4, shape.macs(),
      0.5 * shape.macs(), 1);

  private static CpSatScheduler cpSat(double deterministicSeconds) {
    return new CpSatScheduler(CpSatScheduler.Options.defaults()
        .withParameters(CpSatParameters.deterministic(deterministicSeconds)), CpSatScheduler.greedyWarmStarts(),
        p -> { });
  }

  private static Layer conv(int id, String name, int k, int c, List<Integer> producers) {
    return new Layer(id, name, OperatorType.CONV, "Conv", Map.of(LoopDim.K, k, LoopDim.C, c, LoopDim.OY, 4,
        LoopDim.OX, 2), 1, 1, 1, 1, Padding.NONE, PRECISION, producers.isEmpty() ? Map.of()
        : Map.of(Operand.I, producers));
  }

  /**
   * Layer 'a' (1×1 conv, K 2, C 1) reads the network input, 'b' (K 2, C 2) reads 'a'; two row
   * bands each: tiles 0, 1 of 'a' (2 cycles, 16 weight bits, 32 input bits, 64 output bits), tiles
   * 2, 3 of 'b' (4 cycles, 32 weight bits, 64 output bits); edges 0→2, 1→3 of 64 bits.
   */
  private static TileGraph graph() {
    Layer a = conv(0, "a", 2, 1, List.of());
    Layer b = conv(1, "b", 2, 2, List.of(0));
    List<Tile> tiles = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      Layer layer = i < 2 ? a : b;
      Layer shape = layer.withDims(Map.of(LoopDim.K, 2, LoopDim.C, layer.size(LoopDim.C), LoopDim.OY, 2,
          LoopDim.OX, 2));
      tiles.add(new Tile(i, layer.id(), new Region(0, 2, 2 * (i % 2), 2 * (i % 2) + 2), shape, 0, layer.weightBits(),
          64, i < 2 ? 32 : 0, 0));
    }
    return new TileGraph(new Workload("two", List.of(a, b)), tiles, List.of(new TileEdge(0, 2, 64),
        new TileEdge(1, 3, 64)));
  }

  private static Core core(int id) {
    MemoryPort port = new MemoryPort("rw", MemoryPort.Type.READ_WRITE, 8, 64, List.of(
        new PortAllocation(MemoryOperand.I1, DataDirection.TL), new PortAllocation(MemoryOperand.I2, DataDirection.TL),
        new PortAllocation(MemoryOperand.O, DataDirection.FL)));
    MemoryLevel sram = new MemoryLevel("sram", 1000, 1, 1, Set.of(MemoryOperand.I1, MemoryOperand.I2,
        MemoryOperand.O), List.of(port), Set.of("D1"));
    return new Core(id, "small", new OperationalArray(1, Map.of("D1", 4)), List.of(sram), SpatialUnrolling.NONE);
  }

  /** 'a' on core 0, 'b' on core 1; their SRAMs one shared memory, or apart with a 16 bit/cycle link. */
  private static SchedulingProblem pair(boolean shared) {
    Accelerator acc = new Accelerator(shared ? "shared" : "linked", List.of(core(0), core(1)),
        shared ? List.of() : List.of(new Link("c0-c1", List.of(0, 1), 16, 0.5)), new Dram(8, 8, true, 2, 3),
        shared ? List.of(new SharedMemory("l2", List.of(0, 1), "sram")) : List.of());
    return SchedulingProblem.of(graph(), acc, COST).withLayerCores(Map.of(0, List.of(0), 1, List.of(1)));
  }

  private static CheckReport checked(SchedulingProblem p, Schedule s) {
    CheckReport report = CHECKER.check(p, s);
    assertEquals(List.of(), report.violations());
    return report;
  }

  /**
   * One DRAM port of 8 bits/cycle: reads of 16 + 32 (weights), 32 + 32 (inputs) bits take 14
   * cycles, the two stores of 64 bits 16. Shared: tile 2 needs the weights of both layers and the
   * input of tile 0 (10 cycles of reads) and tile 0 (2 cycles), so it can end at 14, when the last
   * read ends: the port never idles, 30 cycles. Linked: tile 2 needs tile 0 (ends at 8 at the
   * earliest) and its 4-cycle hop, so no store starts before 16, while the reads end at 14: at
   * least 16 + 16 = 32, which loading b's weights during the hop reaches.
   */
  @Test
  void twoCoresExchangingTilesThroughTheSharedMemoryAreFasterThanOverALink() {
    SchedulingProblem shared = pair(true);
    ExactResult inPlace = cpSat(30).solve(shared);
    CheckReport sharedReport = checked(shared, inPlace.result().schedule().orElseThrow());
    assertEquals(SolveStatus.OPTIMAL, inPlace.result().status());
    assertEquals(30, sharedReport.metrics().latencyCycles());
    assertTrue(inPlace.result().schedule().orElseThrow().movements().stream().noneMatch(m -> m instanceof LinkHop));
    assertEquals(0, sharedReport.metrics().energy().interconnectPj());

    SchedulingProblem linked = pair(false);
    ExactResult overLink = cpSat(30).solve(linked);
    CheckReport linkedReport = checked(linked, overLink.result().schedule().orElseThrow());
    assertEquals(SolveStatus.OPTIMAL, overLink.result().status());
    assertEquals(32, linkedReport.metrics().latencyCycles());
    assertEquals(2, overLink.result().schedule().orElseThrow().movements().stream()
        .filter(m -> m instanceof LinkHop).count());
  }

  @Test
  void everyGreedySchedulerReadsInPlaceOnTheHandComputedPair() {
    SchedulingProblem shared = pair(true);
    for (Scheduler s : CpSatScheduler.greedyWarmStarts()) {
      Schedule schedule = s.schedule(shared).schedule().orElseThrow();
      CheckReport report = checked(shared, schedule);
      assertTrue(schedule.movements().stream().noneMatch(m -> m instanceof LinkHop), s.name());
      assertTrue(report.metrics().latencyCycles() >= 30, s.name());
    }
  }

  /**
   * {@code p} with the memory holding outputs shared by all its cores (when it has two or more),
   * each core's copy of that memory {@code factor} times as large: the cores' data then share one
   * capacity.
   */
  static SchedulingProblem sharing(SchedulingProblem p, int factor) {
    Accelerator a = p.accelerator();
    String name = p.memory(a.cores().get(0), Operand.O).name();
    List<Core> cores = a.cores().stream().map(c -> new Core(c.id(), c.name(), c.array(), c.memories().stream()
        .map(m -> !m.name().equals(name) ? m : new MemoryLevel(m.name(), m.sizeBits() * factor, m.readEnergyPj(),
            m.writeEnergyPj(), m.operands(), m.ports(), m.servedDimensions())).toList(), c.dataflow())).toList();
    List<SharedMemory> shared = cores.size() < 2 ? List.of()
        : List.of(new SharedMemory("l2", cores.stream().map(Core::id).toList(), name));
    return new SchedulingProblem(p.graph(), new Accelerator(a.name() + "+l2", cores, a.links(), a.dram(), shared),
        p.allowedCores(), p.costModel(), p.memoryOperands(), p.copyPhases());
  }

  /** Edges whose ends run on different cores with no movement for them: read in place. */
  private static long inPlaceEdges(SchedulingProblem p, Schedule s) {
    int[] core = new int[p.graph().tiles().size()];
    s.tiles().forEach(t -> core[t.tile()] = t.core());
    Set<Long> moved = new java.util.HashSet<>();
    for (Movement m : s.movements()) {
      if (m instanceof LinkHop h) {
        moved.add((long) h.producer() << 32 | h.consumer());
      } else if (m instanceof Movement.SpillRead r) {
        moved.add((long) r.producer() << 32 | r.consumer());
      }
    }
    return p.graph().edges().stream().filter(e -> core[e.producer()] != core[e.consumer()]
        && !moved.contains((long) e.producer() << 32 | e.consumer())).count();
  }

  @Test
  void everyGreedyScheduleOfRandomSharedMemoryProblemsPassesTheChecker() {
    long inPlace = 0;
    for (long seed = 0; seed < 100; seed++) {
      SchedulingProblem p = sharing(RandomProblems.random(seed), seed % 2 == 0 ? 2 : 1);
      for (Scheduler s : CpSatScheduler.greedyWarmStarts()) {
        Schedule schedule = s.schedule(p).schedule().orElseThrow();
        CheckReport report = CHECKER.check(p, schedule);
        long sd = seed;
        assertTrue(report.valid(), () -> "seed " + sd + " " + s.name() + ": " + report.violations());
        inPlace += inPlaceEdges(p, schedule);
      }
    }
    assertTrue(inPlace > 0, "no schedule read an edge in place");
  }

  @Test
  void cpSatOnRandomSharedMemoryProblemsIsValidAndNoSlowerThanGreedy() {
    long inPlace = 0;
    int proven = 0;
    for (long seed = 0; seed < 8; seed++) {
      SchedulingProblem p = sharing(TileProblems.random(seed), 1);
      ExactResult r = cpSat(5).solve(p);
      Schedule schedule = r.result().schedule().orElseThrow();
      CheckReport report = checked(p, schedule);
      inPlace += inPlaceEdges(p, schedule);
      if (r.result().status() == SolveStatus.OPTIMAL) {
        proven++;
        for (Scheduler g : CpSatScheduler.greedyWarmStarts()) {
          CheckReport greedy = CHECKER.check(p, g.schedule(p).schedule().orElseThrow());
          assertTrue(greedy.valid());
          assertTrue(report.metrics().latencyCycles() <= greedy.metrics().latencyCycles(), "seed " + seed);
        }
      }
    }
    assertTrue(inPlace > 0, "no exact schedule read an edge in place");
    assertTrue(proven >= 6, "only " + proven + " of 8 proven");
  }
}
