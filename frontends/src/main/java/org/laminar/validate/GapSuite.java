package org.laminar.validate;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.laminar.check.CheckReport;
import org.laminar.cpsat.CpSatParameters;
import org.laminar.exact.CpSatScheduler;
import org.laminar.exact.ExactResult;
import org.laminar.lns.LnsResult;
import org.laminar.lns.LnsScheduler;
import org.laminar.schedule.SchedulingProblem;
import org.laminar.schedule.SolveStatus;

/**
 * Each greedy scheduler's proven gap on the bundled small networks ({@link SmallNetworks}): lbl,
 * list (memory and latency priorities), heft and a short {@code lns}, each schedule measured by the
 * checker, against CP-SAT's optimum (allocation per tile, so that the model holds every greedy
 * schedule; one worker, a deterministic limit, hinted with the greedy schedules). The gap is
 * {@code (greedy − optimum) / greedy}, of the latency. A case passes when the greedy schedule is
 * checker-valid, CP-SAT proved its optimum and the optimum is at most the greedy latency.
 */
public final class GapSuite {
  /** The short lns run: steps and deterministic time per step, one worker (deterministic). */
  static final LnsScheduler.Options LNS = LnsScheduler.Options.deterministic(4, 0.2);

  private GapSuite() {
  }

  /** The cases of {@code networks}, one per greedy scheduler, CP-SAT within {@code deterministicLimit} units each. */
  public static List<ValidationCase> run(List<SmallNetworks.Pair> networks, double deterministicLimit) {
    List<ValidationCase> cases = new ArrayList<>();
    for (SmallNetworks.Pair pair : networks) {
      SchedulingProblem problem = pair.problem();
      List<SmallNetworks.GreedyRun> greedy = SmallNetworks.greedy(problem);
      Map<String, CpSatScheduler.KnownStart> known = new LinkedHashMap<>();
      greedy.forEach(g -> known.put(g.warmStart(), g.known()));
      CpSatScheduler exact = new CpSatScheduler(CpSatScheduler.Options.defaults()
          .withParameters(CpSatParameters.deterministic(deterministicLimit)), CpSatScheduler.greedyWarmStarts(),
          p -> { });
      ExactResult r = exact.solve(problem, known);
      boolean proven = r.result().status() == SolveStatus.OPTIMAL && r.report().map(CheckReport::valid).orElse(false);
      double optimum = proven ? SmallNetworks.latency(problem, r) : r.bound();
      String solved = String.format(Locale.ROOT, "CP-SAT %s, bound %,.0f", r.result().status(), r.bound());
      for (SmallNetworks.GreedyRun g : greedy) {
        cases.add(gap(pair + " " + g.name(), optimum, proven, g.latency(), solved));
      }
      LnsResult lns = new LnsScheduler(LNS, p -> { }).solve(problem, known);
      cases.add(gap(pair + " lns", optimum, proven, Optional.of(lns.latencyCycles()),
          solved + "; lns " + lns.steps() + " steps"));
    }
    return cases;
  }

  private static ValidationCase gap(String name, double optimum, boolean proven, Optional<Long> latency,
      String detail) {
    double value = latency.map(Long::doubleValue).orElse(Double.NaN);
    boolean pass = latency.isPresent() && proven && optimum <= value;
    String why = latency.isEmpty() ? "; no checker-valid schedule" : proven ? "" : "; optimum not proven";
    return new ValidationCase("gap", name, "cycles", optimum, value, (value - optimum) / value, -1, pass,
        detail + why);
  }
}
