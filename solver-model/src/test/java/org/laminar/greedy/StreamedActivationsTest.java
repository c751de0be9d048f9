package org.laminar.greedy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.laminar.check.CheckReport;
import org.laminar.check.ScheduleChecker;
import org.laminar.cost.AnalyticalCostModel;
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
import org.laminar.schedule.Movement;
import org.laminar.schedule.ProblemProgress;
import org.laminar.schedule.Schedule;
import org.laminar.schedule.Scheduler;
import org.laminar.schedule.SchedulingProblem;
import org.laminar.schedule.StreamPolicy;
import org.laminar.tiling.FusionPolicy;
import org.laminar.tiling.LayerTiling;
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
class StreamedActivationsTest {
  private static final Dram DRAM = new Dram(8, 8, false, 1, 2);

  private static Accelerator small() {
    MemoryPort port = new MemoryPort("rw", MemoryPort.Type.READ_WRITE, 8, 8, List.of(
        new PortAllocation(MemoryOperand.I1, DataDirection.TL), new PortAllocation(MemoryOperand.I2, DataDirection.TL),
        new PortAllocation(MemoryOperand.O, DataDirection.TL), new PortAllocation(MemoryOperand.O, DataDirection.FL)));
    MemoryLevel buffer = new MemoryLevel("buf", 128, 1, 2,
        Set.of(MemoryOperand.I1, MemoryOperand.I2, MemoryOperand.O), List.of(port), Set.of("D1"));
    Core core = new Core(0, "small", new OperationalArray(0.5, Map.of("D1", 4)), List.of(buffer),
        new SpatialUnrolling(Map.of("D1", List.of(new Unroll(LoopDim.K, 4)))));
    return new Accelerator("small", List.of(core), List.of(), DRAM);
  }

  /** A 2-row GEMM with {@code k} outputs and {@code c} inputs per row, 8-bit, reading {@code producers}. */
  private static Layer gemm(int id, int k, int c, List<Integer> producers) {
    return new Layer(id, "g" + id, OperatorType.GEMM, "Gemm", Map.of(LoopDim.OY, 2, LoopDim.K, k, LoopDim.C, c),
        1, 1, 1, 1, Padding.NONE, new Precision(8, 8, 8, 8),
        producers.isEmpty() ? Map.of() : Map.of(Operand.I, producers));
  }

  private static SchedulingProblem problem(List<Layer> layers) {
    Tiling whole = Tiling.uniform(new Workload("w", layers), LayerTiling.WHOLE, new FusionPolicy.None());
    return SchedulingProblem.of(whole, small(), new AnalyticalCostModel(), ProblemProgress.NONE,
        StreamPolicy.WHEN_NEEDED);
  }

  private static CheckReport valid(Scheduler scheduler, SchedulingProblem problem) {
    Schedule s = scheduler.schedule(problem).schedule().orElseThrow();
    CheckReport report = new ScheduleChecker().check(problem, s);
    assertTrue(report.valid(), scheduler.name() + ": " + report.violations());
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
}
