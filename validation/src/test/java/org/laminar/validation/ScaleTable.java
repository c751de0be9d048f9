package org.laminar.validation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.laminar.bound.LatencyBounds;
import org.laminar.check.CheckReport;
import org.laminar.check.ScheduleChecker;
import org.laminar.cpsat.CpSatSolver;
import org.laminar.cpsat.CpSatTranslation;
import org.laminar.engine.Objective;
import org.laminar.exact.Allocation;
import org.laminar.exact.CoreSymmetry;
import org.laminar.exact.TileModel;
import org.laminar.io.Suites;
import org.laminar.lns.LnsResult;
import org.laminar.lns.LnsScheduler;
import org.laminar.lns.LnsStep;
import org.laminar.schedule.SchedulingProblem;
import org.laminar.schedule.SolveStatus;
import org.laminar.validate.SmallNetworks;

/**
 * The scale table of a benchmark suite (issue #10), run outside {@code mvn verify}: per member,
 * tiles, the best greedy schedule, the large neighbourhood search's, the best bound and the gap,
 * every latency from the checker; the search's wall and CPU time (CPU of the calling thread, on which
 * CP-SAT's single worker runs too; with more workers their threads are not counted), steps and
 * steps per second of wall time; and the CPU time to build the full model (IR, then CP-SAT).
 *
 * <pre>
 * mvn -B -o -pl validation -am -Pvalidation test -Dtest=ScaleTable -Dsurefire.failIfNoSpecifiedTests=false \
 *     -Dlaminar.suite=medium -Dlaminar.seconds=60 -Dlaminar.workers=2
 * </pre>
 *
 * {@code -Dlaminar.members=NAME,...} limits it to those members; {@code -Dlaminar.decodes=N} and
 * {@code -Dlaminar.share=S} set the allocation search's decode limit and share of the time. {@code -Dlaminar.steps=N} runs N
 * steps instead, without a time limit (the same steps whatever the load: before/after comparisons on
 * a shared machine, where a wall-clock limit leaves a loaded run fewer steps). Writes {@code
 * validation/target/scale-SUITE.md}. A member that cannot be built or searched is a
 * row saying why, not a failure of the table.
 */
@Tag("validation")
class ScaleTable {
  @Test
  void table() throws IOException {
    String suite = SuiteSelection.suite("medium");
    double seconds = Double.parseDouble(System.getProperty("laminar.seconds", "60"));
    int workers = Integer.parseInt(System.getProperty("laminar.workers", "2"));
    int steps = Integer.parseInt(System.getProperty("laminar.steps", "0"));
    int decodes = Integer.parseInt(System.getProperty("laminar.decodes", "0"));
    double share = Double.parseDouble(System.getProperty("laminar.share", String.valueOf(LnsScheduler.SEARCH_SHARE)));
    LnsScheduler.Options options = (steps > 0
        ? new LnsScheduler.Options(0, steps, LnsScheduler.Options.timed(1, workers, 0).stepDeterministicTime(), workers,
            0, LnsScheduler.WHOLE_MODEL_TASKS, 0, decodes)
        : LnsScheduler.Options.timed(seconds, workers, 0)).withSearch(share, decodes);
    Path root = SuiteSelection.root();
    StringBuilder md = new StringBuilder(String.format(Locale.ROOT, "Suite `%s`, lns with %s on %d worker%s.%n%n",
        suite, steps > 0 ? steps + " steps" : "--time-limit " + seconds, workers, workers == 1 ? "" : "s"));
    md.append("| instance | tiles | best greedy | greedy latency | lns latency | lns vs greedy | best bound | gap | "
        + "time (s) | lns CPU (s) | decodes (improved) | lns steps (improved) | steps/s | model build (s) |\n"
        + "|---|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
    for (Suites.Member member : SuiteSelection.members("medium")) {
      md.append(row(member, root, options));
      System.out.print(md.substring(md.lastIndexOf("| " + member.name())));
    }
    Path out = root.resolve(Path.of("validation", "target", "scale-" + suite + ".md"));
    Files.createDirectories(out.getParent());
    Files.writeString(out, md);
  }

  /**
   * Seconds to compile the full model ({@link TileModel}, allocation per tile) and to translate it
   * for CP-SAT with {@code horizon}, as "IR + translation"; CPU time of this thread where the JVM
   * measures it (the machine may be loaded).
   */
  private static String buildSeconds(SchedulingProblem problem, long horizon) {
    CpSatSolver.loadNativeLibraries();
    ThreadMXBean bean = ManagementFactory.getThreadMXBean();
    long cpu0 = bean.getCurrentThreadCpuTime();
    TileModel model = TileModel.compile(problem, Allocation.TILE, CoreSymmetry.none(problem), false);
    long cpu1 = bean.getCurrentThreadCpuTime();
    CpSatTranslation.translate(model.ir().withoutSlackStorage(), Objective.MAKESPAN, horizon);
    long cpu2 = bean.getCurrentThreadCpuTime();
    return String.format(Locale.ROOT, "%.1f + %.1f (%,d tasks)", (cpu1 - cpu0) / 1e9, (cpu2 - cpu1) / 1e9,
        model.ir().size());
  }

  private static String row(Suites.Member member, Path root, LnsScheduler.Options options) {
    long t0 = System.nanoTime();
    SchedulingProblem problem;
    LnsResult r;
    ThreadMXBean bean = ManagementFactory.getThreadMXBean();
    long cpu0;
    long cpu1;
    try {
      problem = member.problem(root);
      cpu0 = bean.getCurrentThreadCpuTime();
      r = new LnsScheduler(options, p -> { }).solve(problem);
      cpu1 = bean.getCurrentThreadCpuTime();
    } catch (RuntimeException e) {
      return String.format("| %s | %,d | — | — | — | — | — | — | — | — | — | — | — | — (%s) |%n", member.name(),
          member.tiles(), e.getMessage().replace('|', '/'));
    }
    double time = (System.nanoTime() - t0) / 1e9;
    assertEquals(member.tiles(), problem.graph().tiles().size(), member.name() + ": tile count in the index");
    CheckReport report = new ScheduleChecker().check(problem, r.result().schedule().orElseThrow());
    assertEquals(List.of(), report.violations(), member.name());
    long latency = report.metrics().latencyCycles();
    long bound = Math.max(LatencyBounds.of(problem).bestCycles(), r.boundCycles());
    assertTrue(latency <= r.startLatencyCycles() && bound <= latency, member.name());
    Optional<SmallNetworks.GreedyRun> best = SmallNetworks.greedy(problem).stream()
        .filter(g -> g.latency().isPresent()).min((a, b) -> Long.compare(a.latency().get(), b.latency().get()));
    long greedy = best.map(g -> g.latency().get()).orElse(r.startLatencyCycles());
    System.out.print(stepSummary(member.name(), r.log()));
    return String.format(Locale.ROOT,
        "| %s | %,d | %s | %,d | %,d | %+.1f%% | %,d | %.1f%% | %.1f | %.1f | %d (%d) | %d (%d) | %.2f | %s |%n",
        member.name(), problem.graph().tiles().size(), best.map(SmallNetworks.GreedyRun::name).orElse(r.start()),
        greedy, latency, 100.0 * (latency - greedy) / greedy, bound, 100 * r.gap(), time, (cpu1 - cpu0) / 1e9,
        r.decodes(), r.decodeImprovements(), r.steps(), r.improvements(), r.steps() / r.seconds(),
        buildSeconds(problem, latency));
  }

  /**
   * Per neighbourhood kind (printed, not in the table): steps, improving steps, total gain
   * (cycles), mean tiles freed and model tasks, and wall time building the step's model, in CP-SAT
   * and accepting its solution.
   */
  private static String stepSummary(String member, List<LnsStep> log) {
    Map<String, List<LnsStep>> byKind = new TreeMap<>();
    log.forEach(s -> byKind.computeIfAbsent(s.kind(), k -> new ArrayList<>()).add(s));
    StringBuilder out = new StringBuilder();
    byKind.forEach((kind, steps) -> out.append(String.format(Locale.ROOT,
        "steps %s %s: %d steps, %d improved, gain %,d cycles, %.0f tiles, %.0f tasks, build %.2f s, cp-sat %.2f s, "
            + "accept %.2f s, %d optimal%n", member, kind, steps.size(),
        steps.stream().filter(s -> s.gainCycles() > 0).count(), steps.stream().mapToLong(LnsStep::gainCycles).sum(),
        steps.stream().mapToInt(LnsStep::tiles).average().orElse(0),
        steps.stream().mapToInt(LnsStep::modelTasks).average().orElse(0),
        steps.stream().mapToDouble(LnsStep::buildSeconds).sum(), steps.stream().mapToDouble(LnsStep::solveSeconds).sum(),
        steps.stream().mapToDouble(LnsStep::acceptSeconds).sum(),
        steps.stream().filter(s -> s.status() == SolveStatus.OPTIMAL).count())));
    return out.toString();
  }
}
