package org.laminar.validation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.laminar.check.CheckReport;
import org.laminar.check.ScheduleChecker;
import org.laminar.lns.LnsResult;
import org.laminar.lns.LnsScheduler;
import org.laminar.schedule.SchedulingProblem;
import org.laminar.validate.SmallNetworks;

/**
 * The large neighbourhood search on a bundled small network (chain3 on hetero-quad, 12 tiles; one
 * worker, deterministic limits; one instance, so that {@code mvn verify} stays short):
 * its schedule passes the checker, is no slower than the best greedy schedule, never below the
 * bound, and the same run twice gives the same schedule.
 */
class LnsSmallNetworksTest {
  private static final LnsScheduler.Options OPTIONS = LnsScheduler.Options.deterministic(4, 0.2);

  @Test
  void validNoWorseThanGreedyAndRepeatable() {
    SchedulingProblem problem = SmallNetworks.problem("chain3", "hetero-quad");
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
