package org.laminar.exact;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.laminar.bound.EnergyBound;
import org.laminar.bound.LatencyBounds;
import org.laminar.bound.MemoryBound;
import org.laminar.check.CheckReport;
import org.laminar.check.MemoryTrace;
import org.laminar.check.ScheduleChecker;
import org.laminar.choco.ChocoSolver;
import org.laminar.cost.AnalyticalCostModel;
import org.laminar.cpsat.CpSatParameters;
import org.laminar.engine.Limits;
import org.laminar.greedy.GreedySchedulers;
import org.laminar.greedy.ListScheduler;
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
import org.laminar.hardware.Unroll;
import org.laminar.ir.IrChecker;
import org.laminar.ir.IrSolution;
import org.laminar.lns.LnsScheduler;
import org.laminar.schedule.ActivationStreams;
import org.laminar.schedule.Movement;
import org.laminar.schedule.ProblemProgress;
import org.laminar.schedule.Schedule;
import org.laminar.schedule.ScheduleResult;
import org.laminar.schedule.Scheduler;
import org.laminar.schedule.SchedulingProblem;
import org.laminar.schedule.SolveStatus;
import org.laminar.schedule.StreamPolicy;
import org.laminar.tiling.FusionPolicy;
import org.laminar.tiling.LayerTiling;
import org.laminar.tiling.Tile;
import org.laminar.tiling.Tiling;
import org.laminar.workload.Layer;
import org.laminar.workload.LoopDim;
import org.laminar.workload.Operand;
import org.laminar.workload.OperatorType;
import org.laminar.workload.Padding;
import org.laminar.workload.Precision;
import org.laminar.workload.Workload;

/**
 * The exact model's streamed mode: a tile that streams its activations on its core (as the
 * problem's policy decides) is solved, not refused, and its schedule passes the checker.
 *
 * <p>Core: 4 PEs unrolling {@code K}, one 128-bit buffer for all operands on one 8-bit port; DRAM:
 * 8-bit read and write ports (1 and 2 pJ/bit). Layers are 2-row GEMMs, 8-bit.
 */
class StreamedModeTest {
  private static final Dram DRAM = new Dram(8, 8, false, 1, 2);
  private static final Dram SLOW_READ = new Dram(1, 8, false, 1, 2);

  /**
   * The small core; with {@code register}, an 8-bit output register per PE below the buffer, which
   * keeps partial sums on chip when the output streams (the cost model refuses a streamed output
   * whose partial sums would go to DRAM).
   */
  private static Core small(int id, boolean register) {
    MemoryPort port = new MemoryPort("rw", MemoryPort.Type.READ_WRITE, 8, 8, List.of(
        new PortAllocation(MemoryOperand.I1, DataDirection.TL), new PortAllocation(MemoryOperand.I2, DataDirection.TL),
        new PortAllocation(MemoryOperand.O, DataDirection.TL), new PortAllocation(MemoryOperand.O, DataDirection.FL)));
    MemoryLevel buffer = new MemoryLevel("buf", 128, 1, 2,
        Set.of(MemoryOperand.I1, MemoryOperand.I2, MemoryOperand.O), List.of(port), Set.of("D1"));
    List<MemoryLevel> levels = new ArrayList<>();
    if (register) {
      MemoryPort reg = new MemoryPort("r", MemoryPort.Type.READ_WRITE, 8, 8, List.of(
          new PortAllocation(MemoryOperand.O, DataDirection.TL), new PortAllocation(MemoryOperand.O, DataDirection.FL),
          new PortAllocation(MemoryOperand.O, DataDirection.TH), new PortAllocation(MemoryOperand.O, DataDirection.FH)));
      levels.add(new MemoryLevel("reg", 8, 0.1, 0.1, Set.of(MemoryOperand.O), List.of(reg), Set.of()));
    }
    levels.add(buffer);
    return new Core(id, "small", new OperationalArray(0.5, Map.of("D1", 4)), levels,
        new SpatialUnrolling(Map.of("D1", List.of(new Unroll(LoopDim.K, 4)))));
  }

  /** {@code n} small cores (with output registers when {@code register}), on one 8-bit link when n &gt; 1. */
  private static Accelerator cores(int n, boolean register, Dram dram) {
    List<Core> cores = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      cores.add(small(i, register));
    }
    List<Link> links = n > 1 ? List.of(new Link("bus", cores.stream().map(Core::id).toList(), 8, 0.5)) : List.of();
    return new Accelerator("small" + n, cores, links, dram);
  }

  /** A 2-row GEMM with {@code k} outputs and {@code c} inputs per row, reading {@code producers}. */
  private static Layer gemm(int id, int k, int c, List<Integer> producers) {
    return new Layer(id, "g" + id, OperatorType.GEMM, "Gemm", Map.of(LoopDim.OY, 2, LoopDim.K, k, LoopDim.C, c),
        1, 1, 1, 1, Padding.NONE, new Precision(8, 8, 8, 8),
        producers.isEmpty() ? Map.of() : Map.of(Operand.I, producers));
  }

  private static SchedulingProblem problem(List<Layer> layers, Accelerator accelerator, StreamPolicy policy) {
    Tiling whole = Tiling.uniform(new Workload("w", layers), LayerTiling.WHOLE, new FusionPolicy.None());
    return SchedulingProblem.of(whole, accelerator, new AnalyticalCostModel(), ProblemProgress.NONE, policy);
  }

  private static CpSatScheduler cpsat() {
    return new CpSatScheduler(CpSatScheduler.Options.defaults().withParameters(CpSatParameters.deterministic(5)),
        CpSatScheduler.greedyWarmStarts(), p -> { });
  }

  private static CpSatScheduler choco(double seconds) {
    return new CpSatScheduler(CpSatScheduler.Options.defaults(), new ChocoSolver(Limits.defaults().withWorkers(1)
        .withTimeLimit(seconds)), CpSatScheduler.greedyWarmStarts(), p -> { });
  }

  /**
   * g0 (K 2, C 2: weights, input and output 32 bits each, 96 in all) fits its core; g1 (K 4, C 2:
   * weights 64, input 32, output 64, 160 in all) reads g0's output and fits only with its input
   * streamed (weights and output, 128 bits, fill the buffer). With c0 and c1 the cost model's
   * cycles of g0 and of g1's streamed view:
   * <ul>
   *   <li>g0 needs its input (32 bits, 4 cycles) and weights (4) on the one read port first: it
   *       starts at 8 at the earliest, ends at 8 + c0;
   *   <li>g1's weights (64 bits, 8 cycles) cannot be loaded while g0 runs (96 + 64 &gt; 128), so
   *       their load starts at g0's end at the earliest and g1 starts at 16 + c0 at the earliest;
   *       g0's output must be spilled before g1 streams it (4 cycles on the write port, within the
   *       weight load);
   *   <li>g1's output (64 bits) is stored after it, 8 cycles.
   * </ul>
   * So no schedule ends before 24 + c0 + c1, and one does: in0 [0, 4), w0 [4, 8), g0 [8, 8 + c0),
   * spill and w1 from 8 + c0, g1 from 16 + c0 with its input stream over its first 4 cycles, store
   * after it. DRAM energy: reads 32 + 32 + 64 + 32 bits at 1 pJ, writes 32 + 64 at 2 pJ: 352 pJ.
   */
  @Test
  void cpSatProvesTheHandDerivedOptimumOfAStreamedInputAndChocoAgrees() {
    SchedulingProblem problem = problem(List.of(gemm(0, 2, 2, List.of()), gemm(1, 4, 2, List.of(0))), cores(1, false, DRAM),
        StreamPolicy.WHEN_NEEDED);
    Core core = problem.accelerator().core(0);
    Tile g0 = problem.graph().tiles().get(0);
    Tile g1 = problem.graph().tiles().get(1);
    assertFalse(problem.activationStreams(g0, core).isPresent());
    ActivationStreams streams = problem.activationStreams(g1, core).orElseThrow();
    assertEquals(Set.of(Operand.I), streams.operands());
    assertEquals(32, streams.readBits());
    assertEquals(List.of(32L, 64L), List.of(g0.weightBits(), g1.weightBits()));
    assertFalse(problem.streamsWeights(core, g1.weightBits()));
    long c0 = problem.tileCycles(g0, core, false, false);
    long c1 = problem.tileCycles(g1, core, false, true);
    assertTrue(c1 >= 4, "the streamed view lasts at least its stream");
    long optimum = 24 + c0 + c1;

    ExactResult r = cpsat().solve(problem);
    assertEquals(SolveStatus.OPTIMAL, r.result().status());
    Schedule schedule = r.result().schedule().orElseThrow();
    CheckReport report = new ScheduleChecker().check(problem, schedule);
    assertEquals(List.of(), report.violations());
    assertEquals(optimum, report.metrics().latencyCycles());
    assertEquals(optimum, r.result().latencyLowerBound().orElseThrow());
    assertEquals(352, report.metrics().energy().dramPj(), 1e-9);
    List<Movement> streamsIn = schedule.movements().stream().filter(m -> m instanceof Movement.InputStream).toList();
    assertEquals(List.of(new Movement.InputStream(1, 0, 32, "dram-read", 16 + c0, 20 + c0)), streamsIn);
    assertTrue(schedule.movements().stream().noneMatch(m -> m instanceof Movement.SpillRead));

    // Choco's search is deterministic; its time limit only a safety net.
    ExactResult c = choco(30).solve(problem);
    CheckReport chocoReport = new ScheduleChecker().check(problem, c.result().schedule().orElseThrow());
    assertEquals(List.of(), chocoReport.violations());
    assertEquals(SolveStatus.OPTIMAL, c.result().status());
    assertEquals(optimum, chocoReport.metrics().latencyCycles());
  }

  /**
   * Random chains of 2–3 GEMMs on 1–2 small cores (with or without output registers), an 8- or
   * 1-bit DRAM read port, under {@code when-needed} and {@code always}, and each again under {@code
   * choose}, those of the first 12 seeds in which some tile streams (or may).
   */
  private static List<SchedulingProblem> randomStreamed() {
    List<SchedulingProblem> problems = new ArrayList<>();
    for (long seed = 0; seed < 12; seed++) {
      Random random = new Random(seed);
      List<Layer> layers = new ArrayList<>();
      int n = 2 + random.nextInt(2);
      for (int i = 0; i < n; i++) {
        int c = i == 0 ? 2 + 2 * random.nextInt(2) : layers.get(i - 1).size(LoopDim.K);
        // K 4 over C 4 (128 bits of weights) fits no view of the 128-bit buffer.
        int k = c == 4 ? 2 : 2 + 2 * random.nextInt(2);
        layers.add(gemm(i, k, c, i == 0 ? List.of() : List.of(i - 1)));
      }
      StreamPolicy policy = seed % 2 == 0 ? StreamPolicy.ALWAYS : StreamPolicy.WHEN_NEEDED;
      // A DRAM read port of 1 bit/cycle makes streaming the output the faster view.
      Dram dram = random.nextBoolean() ? DRAM : SLOW_READ;
      Accelerator accelerator = cores(1 + random.nextInt(2), random.nextBoolean(), dram);
      // Each drawn problem under its fixed policy, and under choose (each tile as its schedule decides).
      for (StreamPolicy each : List.of(policy, StreamPolicy.CHOOSE)) {
        SchedulingProblem problem = problem(layers, accelerator, each);
        if (problem.streamsActivations()) {
          problems.add(problem);
        }
      }
    }
    return problems;
  }

  private static boolean streamsOutput(SchedulingProblem problem) {
    return problem.graph().tiles().stream().anyMatch(t -> problem.allowedCores(t).stream().anyMatch(k ->
        problem.activationStreams(t, problem.accelerator().core(k)).map(ActivationStreams::output).orElse(false)));
  }

  /**
   * On the random streamed problems every scheduler's schedule passes the checker and is no better
   * than the analytical latency, energy and memory bounds, and where CP-SAT proves an optimum it is
   * no later than any other scheduler's.
   */
  @Test
  void everySchedulerIsValidOnRandomStreamedProblems() {
    List<SchedulingProblem> problems = randomStreamed();
    assertTrue(problems.size() >= 4, "streamed problems: " + problems.size());
    assertTrue(problems.stream().anyMatch(StreamedModeTest::streamsOutput), "no problem streams an output");
    for (SchedulingProblem problem : problems) {
      List<Scheduler> all = new ArrayList<>(GreedySchedulers.all(ListScheduler.Priority.MEMORY));
      all.addAll(GreedySchedulers.all(ListScheduler.Priority.LATENCY));
      all.add(cpsat());
      all.add(choco(2));
      all.add(new LnsScheduler(LnsScheduler.Options.deterministic(2, 0.1), p -> { }));
      long proven = Long.MAX_VALUE;
      List<Long> latencies = new ArrayList<>();
      long latencyBound = LatencyBounds.of(problem).bestCycles();
      double energyBound = EnergyBound.leastPj(problem);
      long memoryBound = MemoryBound.fullestMemoryBits(problem);
      for (Scheduler s : all) {
        ScheduleResult result = s.schedule(problem);
        CheckReport report = new ScheduleChecker().check(problem, result.schedule().orElseThrow());
        String name = problem.accelerator().name() + " " + problem.graph().tiles().size() + " tiles, " + s.name();
        assertEquals(List.of(), report.violations(), name);
        latencies.add(report.metrics().latencyCycles());
        assertTrue(latencyBound <= report.metrics().latencyCycles(), name + ": latency bound " + latencyBound);
        assertTrue(energyBound <= report.metrics().energyPj() + 1e-6, name + ": energy bound " + energyBound);
        long peak = report.memory().stream().mapToLong(MemoryTrace::peakBits).max().orElse(0);
        assertTrue(memoryBound <= peak, name + ": memory bound " + memoryBound);
        if (s instanceof CpSatScheduler && result.status() == SolveStatus.OPTIMAL) {
          proven = Math.min(proven, report.metrics().latencyCycles());
        }
      }
      for (long latency : latencies) {
        assertTrue(proven <= latency, "proven " + proven + " > " + latency);
      }
    }
  }

  /**
   * The model holds every greedy schedule of the random streamed problems (streams at the tile's
   * start, as every Laminar scheduler places them): encoded, it passes the IR checker, and decoded
   * it passes the schedule checker, no later and with no more DRAM energy.
   */
  @Test
  void everyGreedyScheduleOfAStreamedProblemIsASolutionOfTheModel() {
    ScheduleChecker checker = new ScheduleChecker();
    int encoded = 0;
    for (SchedulingProblem problem : randomStreamed()) {
      TileModel model = TileModel.compile(problem, Allocation.TILE, CoreSymmetry.none(problem), true);
      for (Scheduler s : CpSatScheduler.greedyWarmStarts()) {
        Schedule schedule = s.schedule(problem).schedule().orElseThrow();
        CheckReport greedy = checker.check(problem, schedule);
        assertTrue(greedy.valid(), s.name() + ": " + greedy.violations());
        IrSolution solution = model.toSolution(schedule);
        assertEquals(List.of(), IrChecker.check(model.ir(), solution).violations(), s.name());
        CheckReport decoded = checker.check(problem, model.toSchedule(solution));
        assertEquals(List.of(), decoded.violations(), s.name());
        assertTrue(decoded.metrics().latencyCycles() <= greedy.metrics().latencyCycles(), s.name());
        assertTrue(decoded.metrics().energy().dramPj() <= greedy.metrics().energy().dramPj() + 1e-6, s.name());
        encoded++;
      }
    }
    assertTrue(encoded >= 16, "encoded greedy schedules: " + encoded);
  }
}
