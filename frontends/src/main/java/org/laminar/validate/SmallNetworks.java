package org.laminar.validate;

import static com.google.common.base.Preconditions.checkNotNull;

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

/**
 * The bundled small networks, fused whole and cut into four row bands, on a bundled accelerator:
 * the instances of the exact-scheduling table (docs/EXACT.md) and of the {@code engines} and
 * {@code gap} suites.
 */
public final class SmallNetworks {
  private SmallNetworks() {}

  /** The bundled workloads of 10–60 tiles at {@code oy=4}. */
  public static final List<String> WORKLOADS = List.of("chain3", "chain5", "residual4", "diamond4", "mbconv3");
  /** The multi-core accelerators of the exact-scheduling table. */
  public static final List<String> ACCELERATORS = List.of("quad-core", "hetero-quad");

  /**
   * The problem of {@code workload} on {@code accelerator}, fused into one stack in 4 row bands;
   * each tile may use the cores the cost model can run it on (an Add, for instance, fits no weight
   * register of hetero-quad's OX x K core).
   */
  public static SchedulingProblem problem(String workload, String accelerator) {
    return SchedulingProblem.of(Tiling.uniform(Inputs.workload(workload), LayerTiling.parse("oy=4"),
        new FusionPolicy.All()), Inputs.accelerator(accelerator), new AnalyticalCostModel());
  }

  /** One of the networks on one of the accelerators. */
  public record Pair(String workload, String accelerator) {
    public Pair {
      checkNotNull(workload, "workload is missing");
      checkNotNull(accelerator, "accelerator is missing");
    }

    /** Its problem ({@link SmallNetworks#problem}). */
    public SchedulingProblem problem() {
      return SmallNetworks.problem(workload, accelerator);
    }

    /** {@code workload x accelerator}. */
    @Override
    public String toString() {
      return workload + " x " + accelerator;
    }
  }

  /** Every network on every accelerator, networks outermost (the order of docs/EXACT.md's table). */
  public static List<Pair> pairs() {
    return WORKLOADS.stream().flatMap(w -> ACCELERATORS.stream().map(a -> new Pair(w, a))).toList();
  }

  /**
   * A greedy scheduler's run: its name ({@code list-memory} and {@code list-latency} for the two
   * priorities), its warm-start name ({@link CpSatScheduler#warmStartName}), its result and the
   * checker's report on its schedule.
   */
  public record GreedyRun(String name, String warmStart, ScheduleResult result, Optional<CheckReport> report) {
    /** This run as a known warm start of the exact scheduler, so that it does not run again. */
    public CpSatScheduler.KnownStart known() {
      return new CpSatScheduler.KnownStart(result, report);
    }

    /** The checker's latency (cycles) of a valid schedule, empty without one. */
    public Optional<Long> latency() {
      return report.filter(CheckReport::valid).map(r -> r.metrics().latencyCycles());
    }
  }

  /** The runs of the exact scheduler's greedy warm starts ({@link CpSatScheduler#greedyWarmStarts}), checked. */
  public static List<GreedyRun> greedy(SchedulingProblem problem) {
    List<GreedyRun> runs = new ArrayList<>();
    for (Scheduler s : CpSatScheduler.greedyWarmStarts()) {
      ScheduleResult r = s.schedule(problem);
      String name = s.name().equals("list") ? "list-" + (runs.stream().anyMatch(g -> g.name().startsWith("list"))
          ? "latency" : "memory") : s.name();
      runs.add(new GreedyRun(name, CpSatScheduler.warmStartName(s), r, r.schedule().map(schedule -> new ScheduleChecker().check(problem, schedule))));
    }
    return runs;
  }

  /** The latency of the exact result's schedule, per the checker. */
  public static long latency(SchedulingProblem problem, ExactResult r) {
    return new ScheduleChecker().check(problem, r.result().schedule().orElseThrow()).metrics().latencyCycles();
  }
}
