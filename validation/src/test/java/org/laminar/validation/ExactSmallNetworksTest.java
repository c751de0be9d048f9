package org.laminar.validation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.laminar.check.CheckReport;
import org.laminar.check.ScheduleChecker;
import org.laminar.cpsat.CpSatParameters;
import org.laminar.exact.Allocation;
import org.laminar.exact.CpSatScheduler;
import org.laminar.exact.ExactResult;
import org.laminar.schedule.SchedulingProblem;
import org.laminar.schedule.SolveStatus;

/**
 * The smallest bundled networks (chain3 and mbconv3, 12 tiles each) on both multi-core
 * accelerators, allocation per tile: CP-SAT, one worker and a deterministic limit, proves its
 * optimum; the checker validates it; no greedy schedule is faster. The other networks are in the
 * table that {@link ExactTable} writes.
 */
class ExactSmallNetworksTest {
  @ParameterizedTest
  @CsvSource({"chain3, quad-core", "chain3, hetero-quad", "mbconv3, quad-core", "mbconv3, hetero-quad"})
  void provenOptimalAndNoGreedyIsFaster(String workload, String accelerator) {
    SchedulingProblem problem = SmallNetworks.problem(workload, accelerator);
    CpSatScheduler cp = new CpSatScheduler(CpSatScheduler.Options.defaults().withAllocation(Allocation.TILE)
        .withParameters(CpSatParameters.deterministic(200)), CpSatScheduler.greedyWarmStarts(), p -> { });
    ExactResult r = cp.solve(problem);
    assertEquals(SolveStatus.OPTIMAL, r.result().status());
    CheckReport report = new ScheduleChecker().check(problem, r.result().schedule().orElseThrow());
    assertEquals(List.of(), report.violations());
    long latency = report.metrics().latencyCycles();
    assertEquals(latency, (long) r.bound());
    for (SmallNetworks.GreedyRun g : SmallNetworks.greedy(problem)) {
      assertTrue(g.latency().orElseThrow() >= latency, g.name() + " " + g.latency() + " < " + latency);
    }
  }
}
