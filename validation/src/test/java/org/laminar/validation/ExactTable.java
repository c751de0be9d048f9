package org.laminar.validation;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.laminar.cpsat.CpSatParameters;
import org.laminar.exact.Allocation;
import org.laminar.exact.CpSatScheduler;
import org.laminar.exact.ExactResult;
import org.laminar.schedule.Scheduler;
import org.laminar.schedule.SchedulingProblem;
import org.laminar.validate.SmallNetworks;

/**
 * The exact-scheduling table and its ablations, run outside {@code mvn verify} (each solve takes
 * up to 60 s on 2 workers):
 *
 * <pre>
 * mvn -B -o -pl validation -am -Pvalidation test -Dtest=ExactTable -Dsurefire.failIfNoSpecifiedTests=false
 * </pre>
 *
 * Writes {@code validation/target/exact-table.md} and {@code exact-ablation.md}.
 */
@Tag("validation")
class ExactTable {
  private static final CpSatParameters PARAMETERS = CpSatParameters.defaults().withTimeLimit(60).withWorkers(2);

  private static CpSatScheduler scheduler(Allocation allocation, boolean symmetry, List<Scheduler> warmStarts) {
    return new CpSatScheduler(CpSatScheduler.Options.defaults().withAllocation(allocation)
        .withSymmetryBreaking(symmetry).withParameters(PARAMETERS), warmStarts, p -> { });
  }

  @Test
  void table() throws IOException {
    StringBuilder md = new StringBuilder();
    md.append("| workload | tiles | accelerator | lbl | list-memory | list-latency | heft | CP-SAT | status | bound "
        + "| gap | time (s) | best greedy above optimum |\n");
    md.append("|---|---:|---|---:|---:|---:|---:|---:|---|---:|---:|---:|---:|\n");
    for (String workload : SmallNetworks.WORKLOADS) {
      for (String accelerator : SmallNetworks.ACCELERATORS) {
        SchedulingProblem problem = SmallNetworks.problem(workload, accelerator);
        List<SmallNetworks.GreedyRun> greedy = SmallNetworks.greedy(problem);
        long t0 = System.nanoTime();
        ExactResult r = scheduler(Allocation.TILE, true, CpSatScheduler.greedyWarmStarts()).solve(problem);
        double seconds = (System.nanoTime() - t0) / 1e9;
        long cp = SmallNetworks.latency(problem, r);
        long best = greedy.stream().map(SmallNetworks.GreedyRun::latency).flatMap(Optional::stream)
            .min(Long::compare).orElseThrow();
        md.append(String.format(Locale.ROOT, "| %s | %d | %s | %s | %s | %s | %s | %,d | %s | %,d | %.1f%% | %.1f | "
            + "%.1f%% |%n", workload, problem.graph().tiles().size(), accelerator,
            cell(greedy.get(0)), cell(greedy.get(1)), cell(greedy.get(2)), cell(greedy.get(3)), cp,
            r.result().status(), (long) r.bound(), 100 * r.gap(), seconds, 100.0 * (best - r.bound()) / r.bound()));
        System.out.print(md.substring(md.lastIndexOf("| " + workload)));
        assertTrue(cp <= best);
      }
    }
    write("exact-table.md", md);
  }

  private static String cell(SmallNetworks.GreedyRun g) {
    return g.latency().map(l -> String.format(Locale.ROOT, "%,d", l)).orElse("—");
  }

  /** What hints, allocation granularity and symmetry breaking do to the bound and the time. */
  @Test
  void ablation() throws IOException {
    record Variant(String name, Function<SchedulingProblem, CpSatScheduler> scheduler) {}
    List<Variant> variants = List.of(
        new Variant("per tile, greedy hints + horizon, symmetry breaking",
            p -> scheduler(Allocation.TILE, true, CpSatScheduler.greedyWarmStarts())),
        new Variant("per tile, no hints (horizon = sum of durations)",
            p -> scheduler(Allocation.TILE, true, List.of())),
        new Variant("per layer, greedy hints + horizon",
            p -> scheduler(Allocation.LAYER, true, CpSatScheduler.greedyWarmStarts())));
    StringBuilder md = new StringBuilder("| instance | variant | CP-SAT | status | solver bound | gap | time (s) |\n"
        + "|---|---|---:|---|---:|---:|---:|\n");
    List<String[]> instances = new ArrayList<>();
    for (String accelerator : SmallNetworks.ACCELERATORS) {
      instances.add(new String[] {"chain5", accelerator});
    }
    for (String[] instance : instances) {
      SchedulingProblem problem = SmallNetworks.problem(instance[0], instance[1]);
      for (Variant v : variants) {
        long t0 = System.nanoTime();
        ExactResult r = v.scheduler().apply(problem).solve(problem);
        md.append(String.format(Locale.ROOT, "| %s on %s | %s | %,d | %s | %,d | %.1f%% | %.1f |%n", instance[0],
            instance[1], v.name(), SmallNetworks.latency(problem, r), r.result().status(), (long) r.solverBound(),
            100 * (r.value() - r.solverBound()) / r.value(), (System.nanoTime() - t0) / 1e9));
        System.out.print(md.substring(md.lastIndexOf("| " + instance[0])));
      }
    }
    write("exact-ablation.md", md);
  }

  private static void write(String name, CharSequence text) throws IOException {
    Path out = Path.of(System.getProperty("laminar.root", "."), "validation", "target", name);
    Files.createDirectories(out.getParent());
    Files.writeString(out, text);
  }
}
