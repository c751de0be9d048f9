package org.laminar.bound;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.laminar.check.CheckReport;
import org.laminar.check.ScheduleChecker;
import org.laminar.cost.AnalyticalCostModel;
import org.laminar.cpsat.CpSatParameters;
import org.laminar.exact.CpSatScheduler;
import org.laminar.exact.ExactResult;
import org.laminar.exact.Goal;
import org.laminar.greedy.RandomProblems;
import org.laminar.greedy.StreamedActivationsTest;
import org.laminar.hardware.Accelerator;
import org.laminar.hardware.Core;
import org.laminar.hardware.Dram;
import org.laminar.hardware.Link;
import org.laminar.schedule.ProblemProgress;
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
 * Under {@code --stream choose} every bound is at most the value of every checked schedule and of
 * CP-SAT's proven optimum: on 60 seeded random problems (the nightly count with {@code -Pnightly})
 * of 2–4 GEMMs (a chain, or branches off the first), 8-bit, on 1–2 small cores of 96–192 bits ({@link
 * StreamedActivationsTest#core}), with separate or shared DRAM ports of 8 or 1 bit/cycle read. The
 * analytical cost model costs the streamed views, so tiles may stream or not as their schedules
 * decide.
 */
class StreamChoiceBoundsTest {
  private static final int PROBLEMS = RandomProblems.instances(60);

  private final ScheduleChecker checker = new ScheduleChecker();

  private static Layer gemm(int id, int k, int c, List<Integer> producers) {
    return new Layer(id, "g" + id, OperatorType.GEMM, "Gemm", Map.of(LoopDim.OY, 2, LoopDim.K, k, LoopDim.C, c),
        1, 1, 1, 1, Padding.NONE, new Precision(8, 8, 8, 8),
        producers.isEmpty() ? Map.of() : Map.of(Operand.I, producers));
  }

  /** The random problem of {@code seed}, or null when no tile may choose (the cost model refused a view). */
  static SchedulingProblem random(long seed) {
    Random random = new Random(seed);
    int n = 2 + random.nextInt(3);
    List<Layer> layers = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      // Branches read layer 0; chains the layer before.
      int producer = i == 0 ? -1 : random.nextInt(3) == 0 ? 0 : i - 1;
      int c = producer < 0 ? 2 + 2 * random.nextInt(2) : layers.get(producer).size(LoopDim.K);
      int k = c == 4 ? 2 : 2 + 2 * random.nextInt(2);
      layers.add(gemm(i, k, c, producer < 0 ? List.of() : List.of(producer)));
    }
    long bits = 96 + 32 * random.nextInt(4);
    List<Core> cores = new ArrayList<>();
    int count = 1 + random.nextInt(2);
    for (int i = 0; i < count; i++) {
      cores.add(StreamedActivationsTest.core(i, bits));
    }
    List<Link> links = count > 1 ? List.of(new Link("bus", List.of(0, 1), 8, 0.5)) : List.of();
    Dram dram = new Dram(random.nextBoolean() ? 8 : 1, 8, random.nextBoolean(), 1, 2);
    Tiling whole = Tiling.uniform(new Workload("w", layers), LayerTiling.WHOLE, new FusionPolicy.None());
    try {
      SchedulingProblem problem = SchedulingProblem.of(whole, new Accelerator("small" + count, cores, links, dram),
          new AnalyticalCostModel(), ProblemProgress.NONE, StreamPolicy.CHOOSE);
      return chooses(problem) ? problem : null;
    } catch (RuntimeException noCore) {
      // A layer that fits no view of these cores: not a problem to schedule.
      return null;
    }
  }

  private static boolean chooses(SchedulingProblem problem) {
    for (Tile tile : problem.graph().tiles()) {
      for (int core : problem.allowedCores(tile)) {
        if (problem.choosesStreaming(tile, problem.accelerator().core(core))) {
          return true;
        }
      }
    }
    return false;
  }

  @Test
  void everyBoundIsAtMostEveryCheckedScheduleAndTheProvenOptimum() {
    int drawn = 0;
    int proven = 0;
    CpSatScheduler cpsat = new CpSatScheduler(CpSatScheduler.Options.defaults().withGoal(Goal.LATENCY)
        .withParameters(CpSatParameters.deterministic(2)), CpSatScheduler.greedyWarmStarts(), p -> { });
    for (long seed = 0; seed < PROBLEMS; seed++) {
      SchedulingProblem problem = random(seed);
      if (problem == null) {
        continue;
      }
      drawn++;
      long seedNumber = seed;
      LatencyBounds bounds = LatencyBounds.of(problem);
      long memory = MemoryBound.fullestMemoryBits(problem);
      double energy = EnergyBound.leastPj(problem);
      List<Long> latencies = new ArrayList<>();
      for (Scheduler s : BoundsPropertyTest.greedy()) {
        CheckReport report = checker.check(problem, s.schedule(problem).schedule().orElseThrow());
        assertTrue(report.valid(), () -> "seed " + seedNumber + " " + s.name() + ": " + report.violations());
        latencies.add(report.metrics().latencyCycles());
        for (Map.Entry<String, Long> bound : bounds.named().entrySet()) {
          assertTrue(bound.getValue() <= report.metrics().latencyCycles(), () -> "seed " + seedNumber + ": "
              + bound.getKey() + " " + bound.getValue() + " > " + s.name() + "'s " + report.metrics().latencyCycles());
        }
        assertTrue(memory <= BoundsPropertyTest.fullestMemory(report),
            () -> "seed " + seedNumber + ": memory bound " + memory);
        assertTrue(energy <= report.metrics().energyPj() * (1 + 1e-12), () -> "seed " + seedNumber
            + ": energy bound " + energy + " > " + s.name() + "'s " + report.metrics().energyPj());
      }
      ExactResult exact = cpsat.solve(problem);
      CheckReport report = exact.report().orElseThrow();
      assertTrue(report.valid(), () -> "seed " + seedNumber + " cpsat: " + report.violations());
      if (exact.result().status() == SolveStatus.OPTIMAL) {
        proven++;
        for (Map.Entry<String, Long> bound : bounds.named().entrySet()) {
          assertTrue(bound.getValue() <= exact.value(), () -> "seed " + seedNumber + ": " + bound.getKey() + " "
              + bound.getValue() + " > optimum " + exact.value());
        }
        for (long latency : latencies) {
          assertTrue(exact.value() <= latency, () -> "seed " + seedNumber + ": optimum " + exact.value() + " > "
              + latency);
        }
      }
    }
    int problems = drawn;
    int optima = proven;
    assertTrue(problems >= PROBLEMS / 2 && optima >= problems / 2, () -> problems + " problems, " + optima
        + " optima proven: the test checks too little");
  }
}
