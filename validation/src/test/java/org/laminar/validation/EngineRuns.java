package org.laminar.validation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.laminar.engine.Engine;
import org.laminar.engine.EngineResult;
import org.laminar.engine.Objective;
import org.laminar.exact.CpSatScheduler;
import org.laminar.exact.ExactResult;
import org.laminar.greedy.SerialSgs;
import org.laminar.ir.IrCheckResult;
import org.laminar.ir.IrChecker;
import org.laminar.ir.IrProblem;
import org.laminar.ir.IrSolution;
import org.laminar.psplib.PsplibReader;
import org.laminar.schedule.SchedulingProblem;
import org.laminar.schedule.SolveStatus;

/** One engine's run on one instance, checked, and the cross-check of two engines' runs. */
record EngineRuns(String instance, String engine, SolveStatus status, double value, double bound, double wallSeconds,
    double cpuSeconds) {
  static final Path J30 = Path.of(System.getProperty("laminar.root"), "..", "shared", "instances", "psplib", "j30");
  /** The ten j301 instances. */
  static final List<String> J301 = List.of("j301_1", "j301_2", "j301_3", "j301_4", "j301_5", "j301_6", "j301_7",
      "j301_8", "j301_9", "j301_10");

  /** The latency of {@code engine}'s exact schedule of {@code workload} on {@code accelerator}, checked. */
  static EngineRuns schedule(String workload, String accelerator, Engine engine) {
    SchedulingProblem problem = SmallNetworks.problem(workload, accelerator);
    CpSatScheduler scheduler = new CpSatScheduler(CpSatScheduler.Options.defaults(), engine,
        CpSatScheduler.greedyWarmStarts(), p -> { });
    long cpu = cpuNanos();
    long wall = System.nanoTime();
    ExactResult r = scheduler.solve(problem);
    double seconds = (System.nanoTime() - wall) / 1e9;
    assertTrue(r.report().orElseThrow().valid(),
        workload + " on " + accelerator + ": the checker rejects " + engine.name() + "'s schedule");
    return new EngineRuns(workload + " x " + accelerator, engine.name(), r.result().status(), r.value(), r.bound(),
        seconds, (cpuNanos() - cpu) / 1e9);
  }

  /** {@code engine}'s makespan of a PSPLIB instance from the best serial SGS schedule, checked. */
  static EngineRuns rcpsp(String instance, Engine engine) {
    IrProblem problem = PsplibReader.read(J30.resolve(instance + ".sm"));
    Optional<IrSolution> greedy = SerialSgs.best(problem);
    long cpu = cpuNanos();
    long wall = System.nanoTime();
    EngineResult r = engine.solve(problem, Objective.MAKESPAN, greedy, p -> { });
    double seconds = (System.nanoTime() - wall) / 1e9;
    IrCheckResult check = IrChecker.check(problem, r.solution().orElseThrow());
    assertEquals(List.of(), check.violations(), instance + " " + engine.name());
    assertEquals(check.makespan(), r.objective(), instance + " " + engine.name());
    return new EngineRuns(instance, engine.name(), r.status(), check.makespan(), r.bound(), seconds,
        (cpuNanos() - cpu) / 1e9);
  }

  /**
   * The cross-check: where both engines proved an optimum, the optima are equal; a run without a
   * proof has a schedule and a bound at most its value.
   */
  static void agree(EngineRuns a, EngineRuns b) {
    if (a.status() == SolveStatus.OPTIMAL && b.status() == SolveStatus.OPTIMAL) {
      assertEquals(a.value(), b.value(), 1e-9, a.instance() + ": " + a.engine() + " and " + b.engine()
          + " prove different optima");
    }
    for (EngineRuns r : List.of(a, b)) {
      assertTrue(r.status() == SolveStatus.OPTIMAL || r.status() == SolveStatus.FEASIBLE, r.toString());
      assertTrue(r.bound() <= r.value() + 1e-9, r.toString());
    }
  }

  /** {@code (value - bound) / value}. */
  double gap() {
    return value == 0 ? 0 : (value - bound) / value;
  }

  /** CPU time of the whole process (every solver thread, native ones included). */
  private static long cpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }
}
