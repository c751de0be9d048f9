package org.laminar.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.laminar.check.MemoryTrace.Step;
import org.laminar.check.Violation.Rule;
import org.laminar.cost.CostModel;
import org.laminar.cost.TileCost;
import org.laminar.hardware.Accelerator;
import org.laminar.hardware.Dram;
import org.laminar.hardware.Link;
import org.laminar.hardware.SharedMemory;
import org.laminar.schedule.Movement;
import org.laminar.schedule.Movement.InputLoad;
import org.laminar.schedule.Movement.LinkHop;
import org.laminar.schedule.Movement.SinkStore;
import org.laminar.schedule.Movement.WeightLoad;
import org.laminar.schedule.Schedule;
import org.laminar.schedule.ScheduledTile;
import org.laminar.schedule.SchedulingProblem;

/**
 * {@link ScheduleCheckerTest}'s two-layer problem (layer 'a' on core 0, 'b' on core 1; edges 0→2
 * and 1→3 of 64 bits) on two cores whose SRAMs are one shared memory {@code l2}: 'b' reads 'a''s
 * output in place, and the two cores' data share one capacity. Schedule and occupancy by hand.
 */
class SharedMemoryCheckerTest {
  private static final CostModel COST = (shape, core) -> new TileCost((shape.macs() + 3) / 4, shape.macs(),
      0.5 * shape.macs(), 1);
  private final ScheduleChecker checker = new ScheduleChecker();

  /** Cores 0 and 1 with {@code sramBits} SRAMs that are one shared memory; links as given. */
  static SchedulingProblem shared(long sramBits, List<Link> links) {
    Accelerator acc = new Accelerator("shared pair", List.of(ScheduleCheckerTest.core(0, sramBits),
        ScheduleCheckerTest.core(1, sramBits)), links, new Dram(8, 8, true, 2, 3),
        List.of(new SharedMemory("l2", List.of(0, 1), "sram")));
    return SchedulingProblem.of(ScheduleCheckerTest.graph(), acc, COST)
        .withLayerCores(Map.of(0, List.of(0), 1, List.of(1)));
  }

  /**
   * DRAM port (8 bits/cycle): weights of a [0,2), input of tile 0 [2,6), weights of b [6,10),
   * input of tile 1 [10,14), store of tile 2 [14,22), store of tile 3 [22,30): busy without a gap,
   * so 30 cycles is the least latency of any schedule. Core 0: tile 0 [6,8), tile 1 [14,16). Core
   * 1: tile 2 [10,14) and tile 3 [16,20) read their inputs in place, with no transfer.
   */
  static Schedule inPlace() {
    return new Schedule(List.of(new ScheduledTile(0, 0, 6, 8), new ScheduledTile(1, 0, 14, 16),
        new ScheduledTile(2, 1, 10, 14), new ScheduledTile(3, 1, 16, 20)), List.of(
        new WeightLoad(0, 0, 16, "dram", 0, 2), new InputLoad(0, 0, 32, "dram", 2, 6),
        new WeightLoad(1, 1, 32, "dram", 6, 10), new InputLoad(1, 0, 32, "dram", 10, 14),
        new SinkStore(2, 1, 64, "dram", 14, 22), new SinkStore(3, 1, 64, "dram", 22, 30)));
  }

  @Test
  void anEdgeBetweenCoresSharingTheMemoryNeedsNoTransfer() {
    CheckReport report = checker.check(shared(1000, List.of()), inPlace());

    assertEquals(List.of(), report.violations());
    assertEquals(30, report.metrics().latencyCycles());
    assertEquals(0, report.metrics().energy().interconnectPj());
    // reads 16 + 32 + 32 + 32 bits at 2 pJ/bit, writes 64 + 64 bits at 3 pJ/bit: nothing else moved.
    assertEquals(224 + 384, report.metrics().energy().dramPj(), 1e-9);
  }

  @Test
  void theSharedMemoryIsOneTraceOfEverythingBothCoresHold() {
    CheckReport report = checker.check(shared(1000, List.of()), inPlace());

    // Weights a [0,16) 16 and b [6,20) 32; inputs of tile 0 [2,8) and tile 1 [10,16) 32 each;
    // outputs 0 [6,14) and 1 [14,20) held until their in-place consumers end, 2 [10,22) and 3
    // [16,30) until their stores end, 64 each.
    assertEquals(1, report.memory().size());
    MemoryTrace l2 = report.memory().get(0);
    assertEquals(List.of(0, 1), l2.cores());
    assertEquals("shared l2 (cores 0, 1)", l2.label());
    assertEquals(List.of(new Step(0, 16), new Step(2, 48), new Step(6, 144), new Step(8, 112), new Step(10, 208),
        new Step(14, 208), new Step(16, 224), new Step(20, 128), new Step(22, 64), new Step(30, 0)), l2.steps());
    // Each core's peak counts the shared memory whole.
    assertEquals(Map.of(0, 224L, 1, 224L), report.metrics().peakMemoryBits());
  }

  @Test
  void theSharedCapacityBindsBothCores() {
    // Either core alone never holds more than 144 bits; together they reach 208 at cycle 10, when
    // the output of tile 2 (core 1) joins what core 0 holds.
    List<Violation> violations = checker.check(shared(200, List.of()), inPlace()).violations();

    assertEquals(1, violations.size(), violations::toString);
    Violation v = violations.get(0);
    assertEquals(Rule.MEMORY, v.rule());
    assertEquals(10, v.cycle());
    assertEquals("shared memory l2 (cores 0, 1)", v.subject());
    assertEquals("shared memory l2 (cores 0, 1) (200 bits) holds 208 bits at cycle 10, when output of tile 2 "
        + "(layer 'b') arrives from core 1", v.message());
  }

  @Test
  void withoutTheSharedMemoryTheSameScheduleMissesItsTransfers() {
    SchedulingProblem apart = ScheduleCheckerTest.problem(1000);

    List<Violation> violations = checker.check(apart, inPlace()).violations();

    assertEquals(Set.of(Rule.MISSING_TRANSFER), violations.stream().map(Violation::rule).collect(Collectors.toSet()));
    assertEquals(2, violations.size());
  }

  @Test
  void aLinkTransferOfAnEdgeReadInPlaceIsRejected() {
    Link link = new Link("c0-c1", List.of(0, 1), 16, 0.5);
    List<Movement> moves = new ArrayList<>(inPlace().movements());
    moves.add(new LinkHop(0, 2, 0, 0, 1, 64, "c0-c1", 8, 12));
    Schedule s = new Schedule(inPlace().tiles(), moves);

    List<Violation> violations = checker.check(shared(1000, List.of(link)), s).violations();

    assertEquals(List.of(Rule.UNEXPECTED_TRANSFER), violations.stream().map(Violation::rule).toList());
    assertTrue(violations.get(0).message().contains("core 1 reads it in shared memory l2 (cores 0, 1)"),
        violations.get(0)::message);
  }

  @Test
  void aConsumerReadingInPlaceBeforeItsProducerEndsIsRejected() {
    // Tile 3 starts at 15, before tile 1 ends at 16 on the other core.
    List<ScheduledTile> tiles = new ArrayList<>(inPlace().tiles());
    tiles.set(3, new ScheduledTile(3, 1, 15, 19));
    List<Violation> violations = checker.check(shared(1000, List.of()), new Schedule(tiles, inPlace().movements()))
        .violations();

    assertEquals(List.of(Rule.PRECEDENCE), violations.stream().map(Violation::rule).toList());
    assertEquals(15, violations.get(0).cycle());
    assertEquals("tile 3 (layer 'b') starts at cycle 15, before tile 1 (layer 'a') ends at cycle 16 (core 1 reads it "
        + "in shared memory l2 (cores 0, 1))", violations.get(0).message());
  }

  @Test
  void readsInPlaceOnlyBetweenCoresSharingTheMemory() {
    SchedulingProblem p = shared(1000, List.of());
    assertTrue(p.readsInPlace(p.graph().edges().get(0), 0, 1));
    SchedulingProblem apart = ScheduleCheckerTest.problem(1000);
    assertFalse(apart.readsInPlace(apart.graph().edges().get(0), 0, 1));
    assertTrue(apart.readsInPlace(apart.graph().edges().get(0), 1, 1));
  }
}
