package org.laminar.validation;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.laminar.alloc.AllocationSearch;
import org.laminar.check.ScheduleChecker;
import org.laminar.exact.CpSatScheduler;
import org.laminar.io.Suites;
import org.laminar.schedule.SchedulingProblem;

/**
 * The allocation search alone ({@link AllocationSearch}, without the large neighbourhood search's
 * steps) on the members of a suite, run outside {@code mvn verify}: per member, the best greedy
 * latency and the search's, both from the checker, candidates decoded and incumbents found.
 *
 * <pre>
 * mvn -B -o -pl validation -am -Pvalidation test -Dtest=AllocationSearchRun -Dsurefire.failIfNoSpecifiedTests=false \
 *     -Dlaminar.suite=large -Dlaminar.decodes=1000
 * </pre>
 *
 * {@code -Dlaminar.seconds=S} adds a time limit, {@code -Dlaminar.seed=N} sets the moves' seed (0), {@code -Dlaminar.members=NAME,...} limits the members.
 * With a decode limit alone the figures do not depend on the machine's load, bar the times: the
 * search thread's CPU time (s) varies less with the load than the wall-clock time.
 */
@Tag("validation")
class AllocationSearchRun {
  @Test
  void run() {
    int decodes = Integer.parseInt(System.getProperty("laminar.decodes", "1000"));
    double seconds = Double.parseDouble(System.getProperty("laminar.seconds", "0"));
    int seed = Integer.parseInt(System.getProperty("laminar.seed", "0"));
    for (Suites.Member member : SuiteSelection.members("large")) {
      SchedulingProblem problem = member.problem(SuiteSelection.root());
      ScheduleChecker checker = new ScheduleChecker();
      List<AllocationSearch.Start> starts = CpSatScheduler.greedyWarmStarts().stream()
          .flatMap(g -> AllocationSearch.Start.of(problem, g, checker).stream()).toList();
      long best = starts.stream().mapToLong(s -> s.report().metrics().latencyCycles()).min().orElseThrow();
      ThreadMXBean threads = ManagementFactory.getThreadMXBean();
      long t0 = System.nanoTime();
      long cpu0 = threads.getCurrentThreadCpuTime();
      AllocationSearch.Result a = new AllocationSearch(new AllocationSearch.Options(seconds, decodes, seed))
          .search(problem, starts, s -> true, l -> { });
      double t = (System.nanoTime() - t0) / 1e9;
      double cpu = (threads.getCurrentThreadCpuTime() - cpu0) / 1e9;
      System.out.printf("%s: greedy %,d search %,d (%+.1f%%) decodes %d improvements %d kicks %d in %.1f s (%.1f decodes/s;"
          + " %.1f CPU s, %.1f decodes per CPU s), schedule hash %08x%n", member.name(), best, a.latencyCycles(),
          100.0 * (a.latencyCycles() - best) / best, a.decodes(), a.improvements(), a.kicks(), t, a.decodes() / t, cpu,
          a.decodes() / cpu, a.schedule().hashCode());
    }
  }
}
