package org.laminar.greedy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.laminar.check.CheckReport;
import org.laminar.check.ScheduleChecker;
import org.laminar.cost.TileCost;
import org.laminar.hardware.Accelerator;
import org.laminar.hardware.Core;
import org.laminar.hardware.Dram;
import org.laminar.hardware.Link;
import org.laminar.hardware.MemoryOperand;
import org.laminar.hardware.OperationalArray;
import org.laminar.hardware.SpatialUnrolling;
import org.laminar.schedule.Movement.SpillRead;
import org.laminar.schedule.Movement.SpillWrite;
import org.laminar.schedule.Movement.WeightLoad;
import org.laminar.schedule.Movement.WeightStream;
import org.laminar.schedule.Schedule;
import org.laminar.schedule.ScheduledTile;
import org.laminar.schedule.Scheduler;
import org.laminar.schedule.SchedulingProblem;
import org.laminar.tiling.FusionPolicy;
import org.laminar.tiling.LayerTiling;
import org.laminar.tiling.Tiling;
import org.laminar.workload.Layer;
import org.laminar.workload.Workload;

/** The greedy schedulers on tile graphs from the real tiler. */
class GreedySchedulersTest {

  private final ScheduleChecker checker = new ScheduleChecker();

  /** Three 3×3 'same' convolutions, 8 → 8 channels, 16 × 8 outputs. */
  private static Workload chain() {
    return new Workload("chain", List.of(RandomProblems.conv(0, 8, 8, 16, 8, 3, List.of()),
        RandomProblems.conv(1, 8, 8, 16, 8, 3, List.of(0)), RandomProblems.conv(2, 8, 8, 16, 8, 3, List.of(1))));
  }

  /** {@code n} identical 16-PE cores with one SRAM of {@code sramBits} each, on a 32 bit/cycle bus. */
  private static Accelerator quad(int n, long sramBits) {
    List<Core> cores = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      cores.add(new Core(i, "pe16", new OperationalArray(1, Map.of("D1", 16)),
          List.of(RandomProblems.sram("sram", sramBits, MemoryOperand.I1, MemoryOperand.I2, MemoryOperand.O)),
          SpatialUnrolling.NONE));
    }
    List<Link> links = n > 1 ? List.of(new Link("bus", IntStream.range(0, n).boxed().toList(), 32, 0.1)) : List.of();
    return new Accelerator("quad", cores, links, new Dram(16, 16, true, 2, 2));
  }

  /** Identical cores: the plain ⌈MACs / PEs⌉ cost. */
  private static SchedulingProblem problem(Workload w, String tiling, FusionPolicy fusion, Accelerator acc) {
    return SchedulingProblem.of(Tiling.uniform(w, LayerTiling.parse(tiling), fusion), acc,
        (shape, core) -> new TileCost((shape.macs() + 15) / 16, shape.macs(), 0, 1));
  }

  private CheckReport valid(Scheduler s, SchedulingProblem p) {
    Schedule schedule = s.schedule(p).schedule().orElseThrow();
    CheckReport report = checker.check(p, schedule);
    assertEquals(List.of(), report.violations(), s.name());
    return report;
  }

  @Test
  void fusedChainInRowBandsPipelinesOverFourCores() {
    SchedulingProblem fused = problem(chain(), "oy=4", new FusionPolicy.All(), quad(4, 1 << 20));
    assertEquals(12, fused.graph().tiles().size());
    Scheduler list = new ListScheduler(ListScheduler.Priority.MEMORY);
    Schedule schedule = list.schedule(fused).schedule().orElseThrow();
    CheckReport fusedReport = valid(list, fused);
    // Each layer gets its own core (the stage is balanced per layer), so bands of different layers overlap.
    assertEquals(3, schedule.tiles().stream().map(ScheduledTile::core).distinct().count());
    CheckReport lbl = valid(new LayerByLayerScheduler(), problem(chain(), "oy=4", new FusionPolicy.None(),
        quad(4, 1 << 20)));
    // A layer is 8·8·9·16·8 = 73,728 MACs = 4,608 cycles on 16 PEs; one band 1,152. Layer by layer
    // takes at least the three layers in a row; fused, bands of later layers overlap earlier ones.
    assertTrue(lbl.metrics().latencyCycles() >= 3 * 4608, lbl.metrics()::toString);
    assertTrue(fusedReport.metrics().latencyCycles() < lbl.metrics().latencyCycles(),
        () -> fusedReport.metrics() + " vs " + lbl.metrics());
    for (Scheduler s : GreedySchedulers.all(ListScheduler.Priority.LATENCY)) {
      valid(s, fused);
    }
  }

  @Test
  void layerByLayerSpillsOutputsThatDoNotFit() {
    // One core; a layer's output is 8·16·8·8 = 8,192 bits in four bands of 2,048, its weights 4,608
    // bits. 16,000 bits hold the weights and one band's data, but not a whole output next to the
    // next layer's growing output.
    SchedulingProblem p = problem(chain(), "oy=4", new FusionPolicy.All(), quad(1, 16_000));
    Schedule s = new LayerByLayerScheduler().schedule(p).schedule().orElseThrow();
    valid(new LayerByLayerScheduler(), p);
    assertTrue(s.movements().stream().anyMatch(m -> m instanceof SpillWrite));
    assertTrue(s.movements().stream().anyMatch(m -> m instanceof SpillRead));
  }

  @Test
  void aLayerThatFitsNoCoreIsReportedByName() {
    // A middle band of 4 rows reads 6 input rows: 6·8·8·8 + its output 4·8·8·8 = 5,120 bits; the
    // weights (8·8·9·8 = 4,608 bits) exceed the SRAM alone, so they would be streamed.
    SchedulingProblem p = problem(chain(), "oy=4", new FusionPolicy.All(), quad(2, 4_000));
    for (Scheduler s : GreedySchedulers.all(ListScheduler.Priority.MEMORY)) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> s.schedule(p));
      assertEquals("layer 'l0' does not fit the local memory of any allowed core: core 0 memory 'sram' (4000 bits) "
          + "would hold 0 bits of weights plus 5120 bits for tile 1; core 1 memory 'sram' (4000 bits) would hold 0 "
          + "bits of weights plus 5120 bits for tile 1", e.getMessage());
    }
  }

  @Test
  void weightsTooLargeForTheCoresAreStreamed() {
    // Bands of 2 rows need at most 4·8·8·8 + 2·8·8·8 = 3,072 bits; the weights (4,608) never fit.
    SchedulingProblem p = problem(chain(), "oy=8", new FusionPolicy.All(), quad(2, 4_000));
    for (Scheduler s : GreedySchedulers.all(ListScheduler.Priority.MEMORY)) {
      Schedule schedule = s.schedule(p).schedule().orElseThrow();
      valid(s, p);
      assertEquals(24, schedule.movements().stream().filter(m -> m instanceof WeightStream).count(), s.name());
      assertTrue(schedule.movements().stream().noneMatch(m -> m instanceof WeightLoad), s.name());
    }
  }

  @Test
  void fixedAllocationIsKept() {
    SchedulingProblem p = problem(chain(), "oy=4", new FusionPolicy.All(), quad(4, 1 << 20))
        .withLayerCores(Map.of(0, List.of(3), 1, List.of(3), 2, List.of(1)));
    for (Scheduler s : GreedySchedulers.all(ListScheduler.Priority.MEMORY)) {
      Schedule schedule = s.schedule(p).schedule().orElseThrow();
      valid(s, p);
      for (ScheduledTile t : schedule.tiles()) {
        assertEquals(p.graph().tiles().get(t.tile()).layer() == 2 ? 1 : 3, t.core(), s.name());
      }
    }
  }

  @Test
  void pinnedChannelPartsStayOnTheirCores() {
    // Stream's fixed allocation: channel part i of every layer on core i.
    Tiling tiling = Tiling.uniform(chain(), LayerTiling.parse("oy=2,k=4").withCores(List.of(0, 1, 2, 3), true),
        new FusionPolicy.All());
    SchedulingProblem p = SchedulingProblem.of(tiling, quad(4, 1 << 20),
        (shape, core) -> new TileCost((shape.macs() + 15) / 16, shape.macs(), 0, 1));
    for (Scheduler s : GreedySchedulers.all(ListScheduler.Priority.MEMORY)) {
      Schedule schedule = s.schedule(p).schedule().orElseThrow();
      valid(s, p);
      for (ScheduledTile t : schedule.tiles()) {
        assertEquals(p.graph().tiles().get(t.tile()).output().channelStart() / 2, t.core(), s.name());
      }
    }
  }

  @Test
  void unknownSchedulerNameIsRejected() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> GreedySchedulers.byName("genetic", ListScheduler.Priority.MEMORY));
    assertEquals("unknown scheduler 'genetic'; known: [lbl, list, heft]", e.getMessage());
  }

  /**
   * FSRCNN as validated on DepFiN (reference/VALIDATION.md): 8 layers, 540 × 960 outputs, one row
   * per tile (4,320 tiles), all fused, one 2,048-PE core with 512 KB of weights and 1 MB of
   * activations. With the ideal cost (every PE busy) the latency cannot beat 8.29e9 / 2048 cycles.
   */
  @Test
  void fsrcnnLineByLineScalesToFourThousandTiles() {
    int[][] shape = {{56, 1, 5}, {12, 56, 1}, {12, 12, 3}, {12, 12, 3}, {12, 12, 3}, {12, 12, 3}, {56, 12, 1},
        {16, 56, 3}};
    List<Layer> layers = new ArrayList<>();
    for (int i = 0; i < shape.length; i++) {
      layers.add(RandomProblems.conv(i, shape[i][0], shape[i][1], 540, 960, shape[i][2],
          i == 0 ? List.of() : List.of(i - 1)));
    }
    Core depfin = new Core(0, "depfin", new OperationalArray(0.04, Map.of("D1", 128, "D2", 16)),
        List.of(RandomProblems.sram("weights", 512L * 1024 * 8, MemoryOperand.I2),
            RandomProblems.sram("activations", 1024L * 1024 * 8, MemoryOperand.I1, MemoryOperand.O)),
        SpatialUnrolling.NONE);
    Accelerator acc = new Accelerator("depfin", List.of(depfin), List.of(), new Dram(64, 64, true, 100.0 / 64,
        110.0 / 64));
    SchedulingProblem p = SchedulingProblem.of(Tiling.uniform(new Workload("fsrcnn", layers),
        LayerTiling.parse("oy=all"), new FusionPolicy.All()), acc,
        (s, c) -> new TileCost((s.macs() + 2047) / 2048, s.macs() * 0.04, 0, 1));
    assertEquals(4320, p.graph().tiles().size());

    long t0 = System.nanoTime();
    Schedule schedule = new ListScheduler(ListScheduler.Priority.MEMORY).schedule(p).schedule().orElseThrow();
    long t1 = System.nanoTime();
    CheckReport report = checker.check(p, schedule);
    long t2 = System.nanoTime();

    assertEquals(List.of(), report.violations());
    long macs = layers.stream().mapToLong(Layer::macs).sum();
    assertTrue(report.metrics().latencyCycles() >= macs / 2048);
    // Depth-first keeps a few rows per layer: far below the 540-row feature maps (12·540·960·8 bits).
    assertTrue(report.metrics().peakMemoryBits().get(0) < 1024L * 1024 * 8 + 512L * 1024 * 8);
    System.out.printf("fsrcnn: %d tiles scheduled in %.2f s, checked in %.2f s, latency %d%n", 4320,
        (t1 - t0) / 1e9, (t2 - t1) / 1e9, report.metrics().latencyCycles());
    assertTrue((t1 - t0) / 1e9 < 10, () -> "scheduling took " + (t1 - t0) / 1e9 + " s");
    assertTrue((t2 - t1) / 1e9 < 10, () -> "checking took " + (t2 - t1) / 1e9 + " s");
  }
}
