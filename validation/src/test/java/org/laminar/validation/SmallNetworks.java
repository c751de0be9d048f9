package org.laminar.validation;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.laminar.check.CheckReport;
import org.laminar.check.ScheduleChecker;
import org.laminar.cost.AnalyticalCostModel;
import org.laminar.exact.CpSatScheduler;
import org.laminar.exact.ExactResult;
import org.laminar.io.Inputs;
import org.laminar.schedule.ScheduleResult;
import org.laminar.schedule.Scheduler;
import org.laminar.schedule.SchedulingProblem;
import org.laminar.tiling.FusionPolicy;
import org.laminar.tiling.LayerTiling;
import org.laminar.tiling.Tiling;

/** The bundled small networks, fused whole and cut into four row bands, on a bundled accelerator. */
final class SmallNetworks {
  private SmallNetworks() {}

  /** The bundled workloads of 10–60 tiles at {@code oy=4}. */
  static final List<String> WORKLOADS = List.of("chain3", "chain5", "residual4", "diamond4", "mbconv3");
  /** The multi-core accelerators of the exact-scheduling table. */
  static final List<String> ACCELERATORS = List.of("quad-core", "hetero-quad");

  /**
   * The problem of {@code workload} on {@code accelerator}, fused into one stack in 4 row bands;
   * each tile may use the cores the cost model can run it on (an Add, for instance, fits no weight
   * register of hetero-quad's OX x K core).
   */
  static SchedulingProblem problem(String workload, String accelerator) {
    return SchedulingProblem.of(Tiling.uniform(Inputs.workload(workload), LayerTiling.parse("oy=4"),
        new FusionPolicy.All()), Inputs.accelerator(accelerator), new AnalyticalCostModel());
  }

  /** A greedy scheduler's run: its name and the checker's report on its schedule. */
  record GreedyRun(String name, Optional<CheckReport> report) {
    Optional<Long> latency() {
      return report.filter(CheckReport::valid).map(r -> r.metrics().latencyCycles());
    }
  }

  static List<GreedyRun> greedy(SchedulingProblem problem) {
    List<GreedyRun> runs = new ArrayList<>();
    for (Scheduler s : CpSatScheduler.greedyWarmStarts()) {
      ScheduleResult r = s.schedule(problem);
      String name = s.name().equals("list") ? "list-" + (runs.stream().anyMatch(g -> g.name().startsWith("list"))
          ? "latency" : "memory") : s.name();
      runs.add(new GreedyRun(name, r.schedule().map(schedule -> new ScheduleChecker().check(problem, schedule))));
    }
    return runs;
  }

  /** The latency of the exact result's schedule, per the checker. */
  static long latency(SchedulingProblem problem, ExactResult r) {
    return new ScheduleChecker().check(problem, r.result().schedule().orElseThrow()).metrics().latencyCycles();
  }
}
