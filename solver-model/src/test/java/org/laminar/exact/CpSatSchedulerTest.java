package org.laminar.exact;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.ShrinkingMode;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;
import org.laminar.bound.EnergyBound;
import org.laminar.bound.LatencyBounds;
import org.laminar.check.CheckReport;
import org.laminar.check.ScheduleChecker;
import org.laminar.cpsat.CpSatParameters;
import org.laminar.engine.Progress;
import org.laminar.greedy.HeftScheduler;
import org.laminar.greedy.ListScheduler;
import org.laminar.hardware.Accelerator;
import org.laminar.hardware.Core;
import org.laminar.hardware.Dram;
import org.laminar.hardware.Link;
import org.laminar.ir.IrChecker;
import org.laminar.ir.IrSolution;
import org.laminar.schedule.Movement;
import org.laminar.schedule.Schedule;
import org.laminar.schedule.ScheduleResult;
import org.laminar.schedule.Scheduler;
import org.laminar.schedule.SchedulingProblem;
import org.laminar.schedule.SolveStatus;

class CpSatSchedulerTest {
  private static final ScheduleChecker CHECKER = new ScheduleChecker();

  private static CpSatScheduler scheduler(Goal goal, Allocation allocation) {
    return new CpSatScheduler(CpSatScheduler.Options.defaults().withGoal(goal).withAllocation(allocation)
        .withParameters(CpSatParameters.deterministic(30)), CpSatScheduler.greedyWarmStarts(), p -> { });
  }

  private static CheckReport valid(SchedulingProblem problem, ExactResult r) {
    Schedule schedule = r.result().schedule().orElseThrow();
    CheckReport report = CHECKER.check(problem, schedule);
    assertEquals(List.of(), report.violations());
    return report;
  }

  /** Latency of every greedy schedule the checker accepts, by scheduler. */
  private static List<Long> greedyLatencies(SchedulingProblem problem, boolean onlyPerLayer) {
    List<Long> latencies = new ArrayList<>();
    for (Scheduler g : CpSatScheduler.greedyWarmStarts()) {
      if (onlyPerLayer && g.name().equals("heft")) {
        continue;
      }
      ScheduleResult r = g.schedule(problem);
      CheckReport report = CHECKER.check(problem, r.schedule().orElseThrow());
      if (report.valid()) {
        latencies.add(report.metrics().latencyCycles());
      }
    }
    return latencies;
  }

  /**
   * On random small tile graphs: per tile, CP-SAT proves an optimum no greedy schedule beats, and
   * its bound is at most that latency; per layer, no greedy that allocates per layer beats it.
   */
  @Property(tries = 12, seed = "20261122", shrinking = ShrinkingMode.OFF)
  void optimalNoWorseThanGreedyAndAboveItsBound(@ForAll @LongRange(min = 0, max = 10_000) long seed) {
    SchedulingProblem problem = TileProblems.random(seed);
    for (Allocation allocation : Allocation.values()) {
      ExactResult r = scheduler(Goal.LATENCY, allocation).solve(problem);
      assertEquals(SolveStatus.OPTIMAL, r.result().status(), "seed " + seed + " " + allocation);
      long latency = valid(problem, r).metrics().latencyCycles();
      assertEquals(latency, r.value());
      assertEquals(latency, r.bound());
      assertTrue(r.analyticalBound() <= latency);
      assertTrue(r.result().latencyLowerBound().getAsLong() <= latency);
      for (long greedy : greedyLatencies(problem, allocation == Allocation.LAYER)) {
        assertTrue(latency <= greedy, "seed " + seed + " " + allocation + ": " + latency + " > greedy " + greedy);
      }
    }
  }

  @Test
  void perTileBeatsHeftWherePerLayerCannot() {
    SchedulingProblem problem = TileProblems.problem(TileProblems.tiles(TileProblems.chain(2, 8, 8), "oy=2"),
        TileProblems.accelerator(2, List.of("fast"), 1 << 20, true));
    ExactResult perLayer = scheduler(Goal.LATENCY, Allocation.LAYER).solve(problem);
    ExactResult perTile = scheduler(Goal.LATENCY, Allocation.TILE).solve(problem);
    assertTrue(perTile.value() < perLayer.value(), perTile.value() + " vs " + perLayer.value());
    // Per layer the solver's bound is the optimum of per-layer schedules only: not passed on.
    assertEquals(perLayer.analyticalBound(), perLayer.result().latencyLowerBound().getAsLong());
    assertEquals((long) perTile.value(), perTile.result().latencyLowerBound().getAsLong());
  }

  /**
   * With the memory shrunk below the peak of every greedy schedule, CP-SAT still finds a schedule
   * within it (spilling to DRAM or reordering), which the checker validates against the shrunk
   * capacity.
   */
  @Test
  void shrunkMemoryIsMetBySpillingOrReordering() {
    SchedulingProblem roomy = TileProblems.problem(TileProblems.tiles(TileProblems.chain(3, 16, 8), "oy=4"),
        TileProblems.accelerator(2, List.of("fast"), 1 << 20, true));
    long greedyPeak = Long.MAX_VALUE;
    for (Scheduler g : CpSatScheduler.greedyWarmStarts()) {
      CheckReport report = CHECKER.check(roomy, g.schedule(roomy).schedule().orElseThrow());
      greedyPeak = Math.min(greedyPeak, report.metrics().peakMemoryBits().values().stream()
          .mapToLong(Long::longValue).max().orElseThrow());
    }
    long capacity = greedyPeak - 1;
    SchedulingProblem tight = TileProblems.problem(roomy.graph(),
        TileProblems.accelerator(2, List.of("fast"), capacity, true));
    ExactResult r = scheduler(Goal.LATENCY, Allocation.TILE).solve(tight);
    assertEquals(SolveStatus.OPTIMAL, r.result().status(), r.message().orElse(""));
    CheckReport report = valid(tight, r);
    assertTrue(report.metrics().peakMemoryBits().values().stream().allMatch(p -> p <= capacity));
  }

  @Test
  void memoryTooSmallForATileIsNamed() {
    SchedulingProblem problem = TileProblems.problem(TileProblems.tiles(TileProblems.chain(2, 16, 8), "oy=2"),
        TileProblems.accelerator(2, List.of("fast"), 2048, true));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> scheduler(Goal.LATENCY, Allocation.TILE).solve(problem));
    assertTrue(e.getMessage().startsWith("no schedule exists: tile 0 (layer 'conv0') needs"), e.getMessage());
  }

  @Test
  void everyGoalIsNoWorseThanTheLatencyOptimumOnItsOwnMeasure() {
    SchedulingProblem problem = TileProblems.problem(TileProblems.tiles(TileProblems.chain(2, 8, 8), "oy=2"),
        TileProblems.accelerator(2, List.of("fast", "slow"), 1 << 20, true));
    CheckReport latency = valid(problem, scheduler(Goal.LATENCY, Allocation.TILE).solve(problem));
    for (Goal goal : List.of(Goal.ENERGY, Goal.EDP, Goal.MEMORY)) {
      ExactResult r = scheduler(goal, Allocation.TILE).solve(problem);
      assertEquals(SolveStatus.OPTIMAL, r.result().status(), goal.text());
      CheckReport report = valid(problem, r);
      assertTrue(r.value() <= CpSatScheduler.value(latency.metrics(), goal) * (1 + 1e-9), goal.text());
      assertTrue(r.bound() <= r.value() * (1 + 1e-9), goal.text());
      assertEquals(CpSatScheduler.value(report.metrics(), goal), r.value());
    }
    ExactResult both = scheduler(Goal.LATENCY_ENERGY, Allocation.TILE).solve(problem);
    CheckReport report = valid(problem, both);
    assertEquals(latency.metrics().latencyCycles(), report.metrics().latencyCycles());
    assertTrue(report.metrics().energyPj() <= latency.metrics().energyPj() + 1e-6);
  }

  @Test
  void identicalCoresOnABusAreSymmetricAndOnARingRotate() {
    SchedulingProblem bus = TileProblems.problem(TileProblems.tiles(TileProblems.chain(2, 8, 8), "oy=2"),
        TileProblems.accelerator(4, List.of("fast"), 1 << 20, true));
    SchedulingProblem ring = TileProblems.problem(bus.graph(), TileProblems.accelerator(4, List.of("fast"), 1 << 20,
        false));
    SchedulingProblem mixed = TileProblems.problem(bus.graph(), TileProblems.accelerator(4, List.of("fast", "slow"),
        1 << 20, true));
    assertEquals(23, CoreSymmetry.of(bus).size());
    // Routes break ties the same way round, so the ring's three rotations map routes onto routes; its
    // reflections do not.
    assertEquals(3, CoreSymmetry.of(ring).size());
    // fast, slow, fast, slow: swap the fast ones, the slow ones, or both.
    assertEquals(3, CoreSymmetry.of(mixed).size());
    CpSatScheduler.Options options = CpSatScheduler.Options.defaults().withAllocation(Allocation.TILE)
        .withParameters(CpSatParameters.deterministic(30));
    ExactResult with = new CpSatScheduler(options, CpSatScheduler.greedyWarmStarts(), p -> { }).solve(bus);
    ExactResult without = new CpSatScheduler(options.withSymmetryBreaking(false), CpSatScheduler.greedyWarmStarts(),
        p -> { }).solve(bus);
    assertEquals(without.value(), with.value());
    valid(bus, with);
    ExactResult ringWith = new CpSatScheduler(options, CpSatScheduler.greedyWarmStarts(), p -> { }).solve(ring);
    ExactResult ringWithout = new CpSatScheduler(options.withSymmetryBreaking(false),
        CpSatScheduler.greedyWarmStarts(), p -> { }).solve(ring);
    assertEquals(SolveStatus.OPTIMAL, ringWith.result().status());
    assertEquals(ringWithout.value(), ringWith.value());
    valid(ring, ringWith);
  }

  @Test
  void stoppedDuringTheWarmStartsReturnsTheHintedGreedySchedule() {
    SchedulingProblem problem = TileProblems.problem(TileProblems.tiles(TileProblems.chain(3, 8, 8), "oy=2"),
        TileProblems.accelerator(2, List.of("fast"), 1 << 20, true));
    List<Progress> progress = new ArrayList<>();
    ListScheduler list = new ListScheduler(ListScheduler.Priority.LATENCY);
    CpSatScheduler[] cp = new CpSatScheduler[1];
    cp[0] = new CpSatScheduler(CpSatScheduler.Options.defaults().withParameters(CpSatParameters.deterministic(30)),
        List.of(stoppingAfter(list, cp)), progress::add);
    ExactResult r = cp[0].solve(problem);
    // Not CP-SAT's schedule: the warm start's, under its name, as a heuristic.
    assertEquals(SolveStatus.HEURISTIC, r.result().status());
    assertEquals("list", r.result().scheduler());
    CheckReport report = valid(problem, r);
    CheckReport greedy = CHECKER.check(problem, list.schedule(problem).schedule().orElseThrow());
    assertEquals(greedy.metrics(), report.metrics());
  }

  /** A warm start that presses Ctrl-C on {@code cp[0]} once it has its schedule, named as {@code inner}. */
  private static Scheduler stoppingAfter(Scheduler inner, CpSatScheduler[] cp) {
    return new Scheduler() {
      @Override
      public String name() {
        return inner.name();
      }

      @Override
      public ScheduleResult schedule(SchedulingProblem p) {
        ScheduleResult r = inner.schedule(p);
        cp[0].stop();
        return r;
      }
    };
  }

  /**
   * With allocation per layer and the search stopped after the warm starts, CP-SAT has no schedule (the warm
   * starts put a layer's channel parts on both cores, outside the per-layer model): the best warm
   * start's is reported under its own name, with exactly the figures that scheduler gives.
   */
  @Test
  void aFallbackIsTheWarmStartsScheduleUnderItsNameWithItsFigures() {
    SchedulingProblem problem = TileProblems.problem(TileProblems.tiles(TileProblems.chain(3, 8, 8), "k=2"),
        TileProblems.accelerator(2, List.of("fast"), 1 << 20, true));
    CpSatScheduler[] cp = new CpSatScheduler[1];
    cp[0] = new CpSatScheduler(CpSatScheduler.Options.defaults().withAllocation(Allocation.LAYER)
        .withParameters(CpSatParameters.deterministic(30)), List.of(new ListScheduler(ListScheduler.Priority.LATENCY),
        stoppingAfter(new HeftScheduler(), cp)), p -> { });
    ExactResult r = cp[0].solve(problem);
    String maker = r.hint().orElseThrow();
    assertEquals("cpsat found no schedule in time; reporting the best warm start's schedule, under its name: "
        + maker, r.message().orElseThrow());
    assertEquals(maker, r.result().scheduler());
    assertEquals(SolveStatus.HEURISTIC, r.result().status());
    Scheduler own = maker.equals("heft") ? new HeftScheduler() : new ListScheduler(ListScheduler.Priority.LATENCY);
    CheckReport mine = CHECKER.check(problem, own.schedule(problem).schedule().orElseThrow());
    assertEquals(mine.metrics(), valid(problem, r).metrics());
  }

  /**
   * A model above the size limit is not built: the run says why, naming its size, and reports the
   * best warm start the checker accepts under that scheduler's name, with exactly its figures. At
   * the limit the model is built and solved.
   */
  @Test
  void aModelTooLargeIsNotBuiltAndTheBestWarmStartIsReportedWithItsOwnFigures() {
    SchedulingProblem problem = TileProblems.problem(TileProblems.tiles(TileProblems.chain(3, 8, 8), "oy=2"),
        TileProblems.accelerator(2, List.of("fast"), 1 << 20, true));
    // Every tile may run on both cores: two placements a tile, four routes an edge.
    long choices = 2L * problem.graph().tiles().size() + 4L * problem.graph().edges().size();
    assertEquals(choices, CpSatScheduler.choices(problem));
    CpSatScheduler.Options options = CpSatScheduler.Options.defaults().withParameters(CpSatParameters.deterministic(30));
    CpSatScheduler small = new CpSatScheduler(options.withMaxChoices(choices - 1), CpSatScheduler.greedyWarmStarts(),
        p -> { });

    ExactResult r = small.solve(problem);

    String maker = r.result().scheduler();
    assertEquals(String.format(Locale.ROOT, "the exact model would have %,d choices (tile placements and transfer "
        + "routes), more than the %,d it is built for (docs/EXACT.md, \"Too large\"); running the warm starts only; "
        + "reporting the best warm start's schedule, under its name: %s", choices, choices - 1, maker),
        r.message().orElseThrow());
    assertEquals(SolveStatus.HEURISTIC, r.result().status());
    assertEquals(0, r.statistics().branches());
    Scheduler own = CpSatScheduler.greedyWarmStarts().stream()
        .filter(g -> maker.equals(g instanceof ListScheduler l && l.priority() == ListScheduler.Priority.LATENCY
            ? "list --priority latency" : g.name())).findFirst().orElseThrow();
    CheckReport mine = CHECKER.check(problem, own.schedule(problem).schedule().orElseThrow());
    assertEquals(mine.metrics(), valid(problem, r).metrics());
    assertEquals(Collections.min(greedyLatencies(problem, false)), mine.metrics().latencyCycles());
    assertEquals(LatencyBounds.of(problem).bestCycles(), r.bound());

    ExactResult atTheLimit = new CpSatScheduler(options.withMaxChoices(choices), CpSatScheduler.greedyWarmStarts(),
        p -> { }).solve(problem);
    assertEquals("cpsat", atTheLimit.result().scheduler());
    assertEquals(SolveStatus.OPTIMAL, atTheLimit.result().status());
  }

  /**
   * Without a model, the bound of an energy or EDP fallback is the analytical one: the least energy
   * of every tile and compulsory movement, times the latency bound for EDP; never above the
   * schedule reported.
   */
  @Test
  void aModelTooLargeForEnergyOrEdpIsBoundedAnalytically() {
    SchedulingProblem problem = TileProblems.problem(TileProblems.tiles(TileProblems.chain(3, 8, 8), "oy=2"),
        TileProblems.accelerator(2, List.of("fast"), 1 << 20, true));
    double energy = EnergyBound.leastPj(problem);
    assertTrue(energy > 0, "the problem moves and computes something");
    for (Goal goal : List.of(Goal.ENERGY, Goal.EDP)) {
      CpSatScheduler.Options options = CpSatScheduler.Options.defaults().withGoal(goal).withMaxChoices(1);
      ExactResult r = new CpSatScheduler(options, CpSatScheduler.greedyWarmStarts(), p -> { }).solve(problem);
      double expected = goal == Goal.ENERGY ? energy : LatencyBounds.of(problem).bestCycles() * energy;
      assertEquals(expected, r.bound(), 1e-9 * expected, goal.text());
      // Energies are sums of doubles in different orders: equal up to rounding when the bound is tight.
      assertTrue(r.bound() <= r.value() * (1 + 1e-9), goal.text() + ": bound " + r.bound() + " above the schedule's " + r.value());
    }
  }

  @Test
  void aStopBeforeASolveDoesNotStopIt() {
    SchedulingProblem problem = TileProblems.problem(TileProblems.tiles(TileProblems.chain(3, 8, 8), "oy=2"),
        TileProblems.accelerator(2, List.of("fast"), 1 << 20, true));
    CpSatScheduler cp = scheduler(Goal.LATENCY, Allocation.TILE);
    cp.stop();
    assertEquals(SolveStatus.OPTIMAL, cp.solve(problem).result().status());
  }

  /**
   * conv1's weights (16 × 16 × 3 × 3 × 8 = 18,432 bits) exceed the 16,384-bit SRAM: every conv1
   * tile streams its slice from DRAM instead, as the checker requires, while conv0's are loaded.
   */
  @Test
  void weightsTooLargeForTheMemoryAreStreamed() {
    SchedulingProblem problem = TileProblems.problem(TileProblems.tiles(TileProblems.chain(2, 16, 8), "oy=2"),
        TileProblems.accelerator(2, List.of("fast"), 1 << 14, true));
    for (Allocation allocation : Allocation.values()) {
      ExactResult r = scheduler(Goal.LATENCY, allocation).solve(problem);
      assertEquals(SolveStatus.OPTIMAL, r.result().status());
      assertEquals(Optional.empty(), r.message());
      long latency = valid(problem, r).metrics().latencyCycles();
      // Per tile, the proven optimum is passed on as the bound; per layer, only the analytical one.
      assertEquals(allocation == Allocation.TILE ? latency : LatencyBounds.of(problem).bestCycles(),
          r.result().latencyLowerBound().orElseThrow(), allocation.name());
      List<Movement> movements = r.result().schedule().orElseThrow().movements();
      assertEquals(2, movements.stream().filter(m -> m instanceof Movement.WeightStream).count());
      assertTrue(movements.stream().filter(m -> m instanceof Movement.WeightLoad)
          .allMatch(m -> ((Movement.WeightLoad) m).layer() == 0), allocation.name());
    }
  }

  /**
   * conv1 split into two channel parts: two weight slices of 9,216 bits. Core 0's 16,384-bit SRAM
   * holds one slice but not both, so whether conv1 streams there depends on the allocation; core 1
   * (1 Mib) holds both. The model once refused this; now CP-SAT proves the optimum, the checker
   * accepts it, no greedy schedule is faster, and every greedy schedule maps to a valid IR solution,
   * however its tiles stream.
   */
  @Test
  void weightsStreamedOnSomeCoresAndLoadedOnOthers() {
    Accelerator two = new Accelerator("two", List.of(TileProblems.core(0, "fast", 1 << 14),
        TileProblems.core(1, "fast", 1 << 20)), List.of(new Link("bus", List.of(0, 1), 32, 0.1)),
        new Dram(64, 64, true, 10, 12));
    SchedulingProblem problem = TileProblems.problem(TileProblems.tiles(TileProblems.chain(2, 16, 8), "oy=2,k=2"),
        two);
    Core small = problem.accelerator().core(0);
    long slice = problem.graph().tilesOf(1).get(0).weightBits();
    assertTrue(!problem.streamsWeights(small, slice) && problem.streamsWeights(small, 2 * slice));
    ExactResult r = scheduler(Goal.LATENCY, Allocation.TILE).solve(problem);
    assertEquals(SolveStatus.OPTIMAL, r.result().status());
    long latency = valid(problem, r).metrics().latencyCycles();
    for (long greedy : greedyLatencies(problem, false)) {
      assertTrue(latency <= greedy, latency + " > greedy " + greedy);
    }
    TileModel model = TileModel.compile(problem, Allocation.TILE);
    for (Scheduler g : CpSatScheduler.greedyWarmStarts()) {
      Schedule schedule = g.schedule(problem).schedule().orElseThrow();
      if (CHECKER.check(problem, schedule).valid()) {
        IrSolution solution = model.toSolution(schedule);
        assertEquals(List.of(), IrChecker.check(model.ir(), solution).violations(), g.name());
        assertEquals(List.of(), CHECKER.check(problem, model.toSchedule(solution)).violations(), g.name());
      }
    }
  }
}
