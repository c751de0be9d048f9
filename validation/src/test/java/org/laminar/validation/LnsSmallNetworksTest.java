package org.laminar.validation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.laminar.check.CheckReport;
import org.laminar.check.ScheduleChecker;
import org.laminar.lns.LnsResult;
import org.laminar.lns.LnsScheduler;
import org.laminar.schedule.SchedulingProblem;

/**
 * The large neighbourhood search on bundled small networks (one worker, deterministic limits):
 * its schedule passes the checker, is no slower than the best greedy schedule, never below the
 * bound, and the same run twice gives the same schedule.
 */
class LnsSmallNetworksTest {
  private static final LnsScheduler.Options OPTIONS = LnsScheduler.Options.deterministic(6, 0.2);

  @ParameterizedTest
  @CsvSource({"chain3, hetero-quad", "diamond4, quad-core"})
  void validNoWorseThanGreedyAndRepeatable(String workload, String accelerator) {
    SchedulingProblem problem = SmallNetworks.problem(workload, accelerator);
    LnsResult r = new LnsScheduler(OPTIONS, p -> { }).solve(problem);
    CheckReport report = new ScheduleChecker().check(problem, r.result().schedule().orElseThrow());
    assertEquals(List.of(), report.violations());
    long latency = report.metrics().latencyCycles();
    long bestGreedy = SmallNetworks.greedy(problem).stream().map(SmallNetworks.GreedyRun::latency)
        .flatMap(Optional::stream).min(Long::compare).orElseThrow();
    assertTrue(latency <= bestGreedy, latency + " > best greedy " + bestGreedy);
    assertEquals(bestGreedy, r.startLatencyCycles());
    assertTrue(r.boundCycles() <= latency);
    LnsResult again = new LnsScheduler(OPTIONS, p -> { }).solve(problem);
    assertEquals(r.result().schedule(), again.result().schedule());
    assertEquals(r.steps(), again.steps());
  }
}
