package org.laminar.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.laminar.check.CheckReport;
import org.laminar.check.ScheduleChecker;
import org.laminar.cost.AnalyticalCostModel;
import org.laminar.evaluate.Evaluator;
import org.laminar.evaluate.Observer;
import org.laminar.evaluate.Point;
import org.laminar.evaluate.Prepared;
import org.laminar.evaluate.SolverSettings;
import org.laminar.explore.Sweep;
import org.laminar.greedy.GreedySchedulers;
import org.laminar.greedy.ListScheduler;
import org.laminar.hardware.Accelerator;
import org.laminar.hardware.Core;
import org.laminar.hardware.Link;
import org.laminar.hardware.MemoryLevel;
import org.laminar.schedule.Schedule;
import org.laminar.tiling.Tile;

class AcceleratorVariantTest {

  /** quad-core.yaml: four tpu_like cores (rf_w 1,024 b, rf_o 16 b, sram_2MB 16,777,216 b), a ring of 32 b/cc links. */
  private static final Accelerator QUAD = Inputs.accelerator("quad-core");

  @Test
  void twiceTheSramDoublesEachCoresLocalMemoryAndNothingElse() {
    Accelerator twice = Inputs.accelerator("quad-core[sram=2x]");
    assertEquals("quad-core[sram=2x]", twice.name());
    for (Core c : twice.cores()) {
      Core base = QUAD.core(c.id());
      assertEquals(List.of(1024L, 16L, 2L * 16_777_216), c.memories().stream().map(MemoryLevel::sizeBits).toList());
      for (int m = 0; m < c.memories().size(); m++) {
        MemoryLevel was = base.memories().get(m);
        MemoryLevel is = c.memories().get(m);
        assertEquals(List.of(was.name(), was.readEnergyPj(), was.writeEnergyPj(), was.operands(), was.ports(),
            was.servedDimensions()), List.of(is.name(), is.readEnergyPj(), is.writeEnergyPj(), is.operands(),
            is.ports(), is.servedDimensions()));
      }
      assertEquals(List.of(base.name(), base.array(), base.dataflow()), List.of(c.name(), c.array(), c.dataflow()));
    }
    assertEquals(QUAD.links(), twice.links());
    assertEquals(QUAD.dram(), twice.dram());
    // Half: 8,388,608 bits; a named level scales that memory alone.
    assertEquals(8_388_608L, Inputs.accelerator("quad-core[sram=0.5x]").core(3).memories().get(2).sizeBits());
    assertEquals(List.of(2048L, 16L, 16_777_216L), Inputs.accelerator("quad-core[sram.rf_w=2x]").core(0).memories()
        .stream().map(MemoryLevel::sizeBits).toList());
  }

  @Test
  void bandwidthVariantsScaleTheLinksOrTheDramAlone() {
    Accelerator links = Inputs.accelerator("quad-core[link=0.5x]");
    assertEquals(List.of(16L, 16L, 16L, 16L), links.links().stream().map(Link::bandwidthBits).toList());
    assertEquals(QUAD.cores(), links.cores());
    assertEquals(QUAD.dram(), links.dram());
    Accelerator dram = Inputs.accelerator("quad-core[dram=2x,link=2x]");
    assertEquals(List.of(128L, 128L), List.of(dram.dram().readBandwidthBits(), dram.dram().writeBandwidthBits()));
    assertEquals(List.of(QUAD.dram().sharedPort(), QUAD.dram().readEnergyPerBitPj()),
        List.of(dram.dram().sharedPort(), dram.dram().readEnergyPerBitPj()));
    assertEquals(List.of(64L, 64L, 64L, 64L), dram.links().stream().map(Link::bandwidthBits).toList());
    assertEquals("quad-core[dram=2x,link=2x]", dram.name());
  }

  @Test
  void moreCoresOfAHomogeneousAcceleratorAreCopiesOnTheSameKindOfInterconnect() {
    Accelerator eight = Inputs.accelerator("quad-core[cores=8]");
    assertEquals(List.of(0, 1, 2, 3, 4, 5, 6, 7), eight.cores().stream().map(Core::id).toList());
    for (Core c : eight.cores()) {
      assertEquals(List.of(QUAD.core(0).name(), QUAD.core(0).memories()), List.of(c.name(), c.memories()));
    }
    // A ring again: each core to the next, the last to the first, at the base's 32 b/cc and 0 pJ/b.
    assertEquals(List.of(List.of(0, 1), List.of(1, 2), List.of(2, 3), List.of(3, 4), List.of(4, 5), List.of(5, 6),
        List.of(6, 7), List.of(7, 0)), eight.links().stream().map(Link::cores).toList());
    assertTrue(eight.links().stream().allMatch(l -> l.bandwidthBits() == 32 && l.energyPerBitPj() == 0));
    assertEquals(QUAD.dram(), eight.dram());
    assertEquals(List.of(List.of(0, 1)), Inputs.accelerator("quad-core[cores=2]").links().stream().map(Link::cores)
        .toList());
    // Two cores sharing one SRAM: four cores share it.
    Accelerator shared = Inputs.accelerator("dual-shared[cores=4]");
    assertEquals(List.of(0, 1, 2, 3), shared.sharedMemories().get(0).cores());
    assertTrue(shared.links().isEmpty());
    // One core shares nothing.
    assertTrue(Inputs.accelerator("dual-shared[cores=1]").sharedMemories().isEmpty());
  }

  @Test
  void aVariantNotDefinedForItsBaseIsBadInputNamingIt() {
    InputException hetero = assertThrows(InputException.class, () -> Inputs.accelerator("hetero-quad[cores=8]"));
    assertEquals("hetero-quad[cores=8]: cores=N copies identical cores, but core 1 (ox_k) differs from core 0 "
        + "(tpu_like): the accelerator is heterogeneous", hetero.getMessage());
    assertThrows(InputException.class, () -> Inputs.accelerator("single-core[cores=4]"));
    assertThrows(InputException.class, () -> Inputs.accelerator("single-core[link=2x]"));
    assertThrows(InputException.class, () -> Inputs.accelerator("quad-core[sram.l3=2x]"));
    // 16 bits x 0.01 rounds to 0.
    assertThrows(InputException.class, () -> Inputs.accelerator("quad-core[sram.rf_o=0.01x]"));
    assertThrows(InputException.class, () -> Inputs.accelerator("quad-core[turbo=2x]"));
    assertEquals(Optional.empty(), AcceleratorVariant.of("quad-core"));
  }

  /**
   * With the per-tile costs equal (the case is chosen so; asserted), a variant with more memory
   * differs from its base in capacities alone, all larger: every schedule of the base is a
   * schedule of the variant with the same figures (the checker says so), so the variant's best
   * schedule is never worse; and on one core, where {@code lbl} runs the tiles in one fixed order,
   * each tile starting as soon as its core, inputs and memory allow, more room can only make a
   * tile start earlier.
   */
  @Test
  void moreMemoryNeverMakesAScheduleOfTheBaseInvalidOrOneCoresLayerByLayerSlower() {
    Evaluator evaluator = new Evaluator(new AnalyticalCostModel());
    Prepared base = prepared(evaluator, "single-core[sram=0.015x]");
    Prepared more = prepared(evaluator, "single-core[sram=0.02x]");
    Core baseCore = base.problem().accelerator().core(0);
    Core moreCore = more.problem().accelerator().core(0);
    for (Tile t : base.problem().graph().tiles()) {
      assertEquals(base.problem().cost(t, baseCore), more.problem().cost(t, moreCore), "tile " + t.id());
    }
    for (String name : List.of("lbl", "list", "heft")) {
      Schedule schedule = GreedySchedulers.byName(name, ListScheduler.Priority.MEMORY).schedule(base.problem())
          .schedule().orElseThrow();
      CheckReport onBase = new ScheduleChecker().check(base.problem(), schedule);
      CheckReport onMore = new ScheduleChecker().check(more.problem(), schedule);
      assertTrue(onBase.valid() && onMore.valid(), name);
      assertEquals(onBase.metrics().latencyCycles(), onMore.metrics().latencyCycles(), name);
    }
    long previous = Long.MAX_VALUE;
    for (String sram : List.of("0.006x", "0.008x", "0.01x", "0.012x", "0.015x", "1x", "2x")) {
      Prepared p = prepared(evaluator, "single-core[sram=" + sram + "]");
      Schedule lbl = GreedySchedulers.byName("lbl", ListScheduler.Priority.MEMORY).schedule(p.problem()).schedule()
          .orElseThrow();
      CheckReport report = new ScheduleChecker().check(p.problem(), lbl);
      assertTrue(report.valid(), sram);
      assertTrue(report.metrics().latencyCycles() <= previous, sram + ": " + report.metrics().latencyCycles()
          + " > " + previous);
      previous = report.metrics().latencyCycles();
    }
  }

  /** single-core.yaml is quad-core's core alone with the same DRAM: quad-core[cores=1] must schedule exactly as it. */
  @Test
  void oneCopyOfQuadCoresCoreSchedulesAsSingleCore() {
    Evaluator evaluator = new Evaluator(new AnalyticalCostModel());
    List<CheckReport> reports = List.of("single-core", "quad-core[cores=1]").stream().map(h -> {
      Prepared p = prepared(evaluator, h);
      return new ScheduleChecker().check(p.problem(), GreedySchedulers.byName("heft", ListScheduler.Priority.MEMORY)
          .schedule(p.problem()).schedule().orElseThrow());
    }).toList();
    assertTrue(reports.get(0).valid() && reports.get(1).valid());
    assertEquals(reports.get(0).metrics().latencyCycles(), reports.get(1).metrics().latencyCycles());
    assertEquals(reports.get(0).metrics().energyPj(), reports.get(1).metrics().energyPj(), 1e-6);
    assertTrue(Inputs.accelerator("quad-core[cores=1]").links().isEmpty());
  }

  private static Prepared prepared(Evaluator evaluator, String hardware) {
    Point point = new Sweep(List.of("chain5"), List.of(hardware), List.of("oy=4"), List.of("all"), List.of("lbl"),
        null, null).points("tile", "memory", new SolverSettings("cpsat", 1, 1, 0, 0)).get(0);
    return evaluator.prepare(point, Observer.SILENT);
  }
}
