package org.laminar.greedy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.laminar.bound.LatencyBounds;
import org.laminar.check.CheckReport;
import org.laminar.check.ScheduleChecker;
import org.laminar.cost.AnalyticalCostModel;
import org.laminar.choco.ChocoSolver;
import org.laminar.cpsat.CpSatParameters;
import org.laminar.engine.Limits;
import org.laminar.exact.Allocation;
import org.laminar.exact.ExactResult;
import org.laminar.exact.Goal;
import org.laminar.exact.TileModel;
import org.laminar.exact.CpSatScheduler;
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
 * Every greedy scheduler runs a layer too large for its core with its input streamed from DRAM,
 * and the checker accepts the result. Core: 4 PEs unrolling {@code K}, one 128-bit buffer for all
 * operands on one 8-bit port; DRAM: 8-bit read and write ports.
 */
public class StreamedActivationsTest {
  /** DRAM with 8-bit read and write ports, 1 pJ per bit read and 2 written. */
  public static final Dram DRAM = new Dram(8, 8, false, 1, 2);

  private static Accelerator small() {
    return small(128);
  }

  /** The core alone with a buffer of {@code bufferBits}. */
  private static Accelerator small(long bufferBits) {
    return new Accelerator("small", List.of(core(0, bufferBits)), List.of(), DRAM);
  }

  /** The core, with id {@code id} and a buffer of {@code bufferBits}. */
  public static Core core(int id, long bufferBits) {
    MemoryPort port = new MemoryPort("rw", MemoryPort.Type.READ_WRITE, 8, 8, List.of(
        new PortAllocation(MemoryOperand.I1, DataDirection.TL), new PortAllocation(MemoryOperand.I2, DataDirection.TL),
        new PortAllocation(MemoryOperand.O, DataDirection.TL), new PortAllocation(MemoryOperand.O, DataDirection.FL)));
    MemoryLevel buffer = new MemoryLevel("buf", bufferBits, 1, 2,
        Set.of(MemoryOperand.I1, MemoryOperand.I2, MemoryOperand.O), List.of(port), Set.of("D1"));
    return new Core(id, "small", new OperationalArray(0.5, Map.of("D1", 4)), List.of(buffer),
        new SpatialUnrolling(Map.of("D1", List.of(new Unroll(LoopDim.K, 4)))));
  }

  /** A 2-row GEMM with {@code k} outputs and {@code c} inputs per row, 8-bit, reading {@code producers}. */
  private static Layer gemm(int id, int k, int c, List<Integer> producers) {
    return new Layer(id, "g" + id, OperatorType.GEMM, "Gemm", Map.of(LoopDim.OY, 2, LoopDim.K, k, LoopDim.C, c),
        1, 1, 1, 1, Padding.NONE, new Precision(8, 8, 8, 8),
        producers.isEmpty() ? Map.of() : Map.of(Operand.I, producers));
  }

  private static SchedulingProblem problem(List<Layer> layers) {
    return problem(layers, small());
  }

  private static SchedulingProblem problem(List<Layer> layers, Accelerator accelerator) {
    Tiling whole = Tiling.uniform(new Workload("w", layers), LayerTiling.WHOLE, new FusionPolicy.None());
    return SchedulingProblem.of(whole, accelerator, new AnalyticalCostModel(), ProblemProgress.NONE,
        StreamPolicy.WHEN_NEEDED);
  }

  /**
   * The checked schedule of {@code scheduler}, valid and no shorter than any latency bound (the bounds
   * count no load before a streamed input, no store after a streamed output).
   */
  private static CheckReport valid(Scheduler scheduler, SchedulingProblem problem) {
    Schedule s = scheduler.schedule(problem).schedule().orElseThrow();
    CheckReport report = new ScheduleChecker().check(problem, s);
    assertTrue(report.valid(), scheduler.name() + ": " + report.violations());
    LatencyBounds bounds = LatencyBounds.of(problem);
    assertTrue(bounds.bestCycles() <= report.metrics().latencyCycles(), scheduler.name() + ": " + bounds + " above "
        + report.metrics().latencyCycles());
    return report;
  }

  @Test
  void aLayerAloneStreamsItsInputAndEverySchedulerPlacesTheStreamInsideIt() {
    // W 64 + I 32 + O 64 = 160 bits > 128: only the input streamed fits (W + O = 128).
    SchedulingProblem problem = problem(List.of(gemm(0, 4, 2, List.of())));
    long cycles = problem.cost(problem.graph().tiles().get(0), problem.accelerator().core(0)).cycles();
    for (Scheduler scheduler : GreedySchedulers.all(ListScheduler.Priority.MEMORY)) {
      CheckReport report = valid(scheduler, problem);
      // Weights 64 bits over [0, 8), the tile after them with its 32-bit stream over [8, 12), its
      // 64-bit output stored over the 8 cycles after it.
      assertEquals(8 + cycles + 8, report.metrics().latencyCycles(), scheduler.name());
      // The weights before the tile, the store after it: no schedule is shorter (the input, streamed,
      // is read while the tile runs; a bound that loaded it first said 4 cycles more).
      assertEquals(8 + cycles + 8, LatencyBounds.of(problem).criticalPathCycles(), scheduler.name());
      assertEquals(64 + 32 + 2 * 64, report.metrics().energy().dramPj(), 1e-9, scheduler.name());
      Schedule s = scheduler.schedule(problem).schedule().orElseThrow();
      assertEquals(List.of(new Movement.InputStream(0, 0, 32, "dram-read", 8, 12)),
          s.movements().stream().filter(m -> m instanceof Movement.InputStream).toList(), scheduler.name());
    }
  }

  @Test
  void theProducerOfAStreamedInputIsSpilledAndNotReadBack() {
    // g0 (W 32 + I 32 + O 32 = 96 bits) fits; g1 reads its 32-bit output and does not fit (160).
    SchedulingProblem problem = problem(List.of(gemm(0, 2, 2, List.of()), gemm(1, 4, 2, List.of(0))));
    for (Scheduler scheduler : GreedySchedulers.all(ListScheduler.Priority.MEMORY)) {
      valid(scheduler, problem);
      List<Movement> m = scheduler.schedule(problem).schedule().orElseThrow().movements();
      Movement spill = m.stream().filter(x -> x instanceof Movement.SpillWrite).findFirst().orElseThrow();
      Movement stream = m.stream().filter(x -> x instanceof Movement.InputStream).findFirst().orElseThrow();
      assertEquals(32, spill.bits(), scheduler.name());
      assertTrue(stream.start() >= spill.end(), scheduler.name());
      assertTrue(m.stream().noneMatch(x -> x instanceof Movement.SpillRead), scheduler.name());
    }
  }

  private static final Layer P = new Layer(0, "p", OperatorType.GEMM, "Gemm",
      Map.of(LoopDim.OY, 2, LoopDim.K, 4, LoopDim.C, 1), 1, 1, 1, 1, Padding.NONE, new Precision(8, 8, 8, 8), Map.of());
  private static final Layer G = new Layer(1, "g", OperatorType.GEMM, "MatMul",
      Map.of(LoopDim.OY, 1, LoopDim.K, 4, LoopDim.C, 2), 1, 1, 1, 1, Padding.NONE, new Precision(8, 8, 8, 8),
      Map.of(Operand.W, List.of(0)));

  /**
   * On a 48-bit buffer: {@code p}, a GEMM of 2 rows, {@code K = 4}, {@code C = 1} (weights 32, input
   * 16, output 64 bits: 112 on chip), and {@code g}, a product of one row, {@code K = 4}, {@code C = 2},
   * of 16 bits of network input and {@code p}'s output as its {@code W} (input 16, W 64, output 32: 112
   * on chip). {@code p} fits only with its output in DRAM (weights and input 48 bits); {@code g} only
   * with its second input in DRAM (the views without it keep its 64 bits). With no reduction ({@code
   * C = 1}) and no output register {@code p} writes each of its 8 outputs to DRAM once, 64 bits; {@code
   * g}'s PEs have no register for W and read each of its 8 words once (the temporal loop over C is
   * relevant to W), 64 bits. Every greedy scheduler streams {@code p}'s output out and {@code g}'s
   * second input in, with nothing spilled or read back, and the checker accepts it.
   */
  @Test
  void aProducerStreamsItsOutputAndAProductOfTwoActivationsStreamsItInAsItsSecondInput() {
    SchedulingProblem problem = problem(List.of(P, G), small(48));
    for (Scheduler scheduler : GreedySchedulers.all(ListScheduler.Priority.MEMORY)) {
      valid(scheduler, problem);
      List<Movement> m = scheduler.schedule(problem).schedule().orElseThrow().movements();
      List<Movement> out = m.stream().filter(x -> x instanceof Movement.OutputStream).toList();
      List<Movement> second = m.stream().filter(x -> x instanceof Movement.SecondInputStream).toList();
      assertEquals(1, out.size(), scheduler.name() + ": " + m);
      assertEquals(1, second.size(), scheduler.name() + ": " + m);
      assertEquals(0, ((Movement.OutputStream) out.get(0)).tile(), scheduler.name());
      assertEquals(64, out.get(0).bits(), scheduler.name());
      assertEquals(1, ((Movement.SecondInputStream) second.get(0)).tile(), scheduler.name());
      assertEquals(64, second.get(0).bits(), scheduler.name());
      assertTrue(second.get(0).start() >= out.get(0).end(), scheduler.name());
      assertTrue(m.stream().noneMatch(x -> x instanceof Movement.SpillWrite || x instanceof Movement.SpillRead),
          scheduler.name() + ": " + m);
    }
  }

  /**
   * The exact model streams a second input: {@code p} on a core of 1,024 bits (where it fits, so it
   * streams nothing) and {@code g} on the 48-bit one (where it streams its second input alone, 64
   * bits, 8 cycles on the 8-bit read port), no links. By hand, with cp and cg the cost model's
   * cycles of {@code p} and of {@code g}'s streamed view: {@code p} needs its weights (32 bits, 4
   * cycles) and input (16 bits, 2) on the one read port first, so it ends at 6 + cp at the
   * earliest; its 64-bit output must be in DRAM before {@code g} streams it (a spill of 8 cycles, no
   * read-back), so {@code g} starts at 14 + cp at the earliest and its 32-bit output is stored after
   * it (4 cycles): no schedule ends before 18 + cp + cg, and one does ({@code g}'s 16-bit input loaded
   * while {@code p} runs, its stream over its first 8 cycles). DRAM energy: reads 32 + 16 + 16 + 64
   * bits at 1 pJ, writes 64 + 32 bits at 2 pJ: 320 pJ. CP-SAT proves it, Choco agrees, LNS is valid
   * and no earlier; every greedy schedule is a solution of the model (IR checker).
   */
  @Test
  void theExactModelStreamsASecondInputAndProvesTheHandDerivedOptimum() {
    Accelerator two = new Accelerator("two", List.of(core(0, 48), core(1, 1024)), List.of(), DRAM);
    SchedulingProblem problem = problem(List.of(P, G), two).withLayerCores(Map.of(0, List.of(1), 1, List.of(0)));
    Tile p = problem.graph().tiles().get(0);
    Tile g = problem.graph().tiles().get(1);
    assertTrue(problem.activationStreams(p, two.core(1)).isEmpty());
    ActivationStreams how = problem.activationStreams(g, two.core(0)).orElseThrow();
    assertEquals(Set.of(Operand.W), how.operands());
    assertEquals(64, how.secondBits());
    assertEquals(List.of(32L, 16L, 16L), List.of(p.weightBits(), p.dramInputBits(), g.dramInputBits()));
    long cp = problem.tileCycles(p, two.core(1), false, false);
    long cg = problem.tileCycles(g, two.core(0), false, true);
    assertTrue(cg >= 8, "the streamed view lasts at least its stream");
    long optimum = 18 + cp + cg;

    CpSatScheduler cpsat = new CpSatScheduler(CpSatScheduler.Options.defaults()
        .withParameters(CpSatParameters.deterministic(1)), CpSatScheduler.greedyWarmStarts(), x -> { });
    ExactResult exact = cpsat.solve(problem);
    assertEquals(SolveStatus.OPTIMAL, exact.result().status());
    Schedule schedule = exact.result().schedule().orElseThrow();
    CheckReport report = new ScheduleChecker().check(problem, schedule);
    assertEquals(List.of(), report.violations());
    assertEquals(optimum, report.metrics().latencyCycles());
    assertEquals(320, report.metrics().energy().dramPj(), 1e-9);
    long gStart = 14 + cp;
    assertEquals(List.of(new Movement.SecondInputStream(1, 0, 64, "dram-read", gStart, gStart + 8)),
        schedule.movements().stream().filter(m -> m instanceof Movement.SecondInputStream).toList());
    assertTrue(schedule.movements().stream().noneMatch(m -> m instanceof Movement.SpillRead));

    // For energy the model's proven optimum is the checker's energy: the stream's 64 bits are in g's mode.
    ExactResult energy = new CpSatScheduler(CpSatScheduler.Options.defaults().withGoal(Goal.ENERGY)
        .withParameters(CpSatParameters.deterministic(1)), CpSatScheduler.greedyWarmStarts(), x -> { }).solve(problem);
    assertEquals(SolveStatus.OPTIMAL, energy.result().status());
    assertEquals(energy.value(), energy.solverBound(), 1e-6 * energy.value());

    CpSatScheduler choco = new CpSatScheduler(CpSatScheduler.Options.defaults(), new ChocoSolver(Limits.defaults()
        .withWorkers(1).withTimeLimit(30)), CpSatScheduler.greedyWarmStarts(), x -> { });
    ExactResult chocoResult = choco.solve(problem);
    assertEquals(SolveStatus.OPTIMAL, chocoResult.result().status());
    CheckReport chocoReport = new ScheduleChecker().check(problem, chocoResult.result().schedule().orElseThrow());
    assertEquals(List.of(), chocoReport.violations());
    assertEquals(optimum, chocoReport.metrics().latencyCycles());

    ScheduleResult lns = new LnsScheduler(LnsScheduler.Options.deterministic(2, 0.1), x -> { }).schedule(problem);
    CheckReport lnsReport = new ScheduleChecker().check(problem, lns.schedule().orElseThrow());
    assertEquals(List.of(), lnsReport.violations());
    assertTrue(lnsReport.metrics().latencyCycles() >= optimum, "lns " + lnsReport.metrics().latencyCycles());

    TileModel model = TileModel.compile(problem, Allocation.TILE);
    for (Scheduler greedy : CpSatScheduler.greedyWarmStarts()) {
      Schedule s = greedy.schedule(problem).schedule().orElseThrow();
      IrSolution solution = model.toSolution(s);
      assertEquals(List.of(), IrChecker.check(model.ir(), solution).violations(), greedy.name());
      assertEquals(List.of(), new ScheduleChecker().check(problem, model.toSchedule(solution)).violations(),
          greedy.name());
    }
  }
}
