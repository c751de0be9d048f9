package org.laminar.validation;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.laminar.choco.ChocoSolver;
import org.laminar.cpsat.CpSatParameters;
import org.laminar.cpsat.CpSatSolver;
import org.laminar.engine.Engine;
import org.laminar.engine.Limits;
import org.laminar.schedule.SolveStatus;
import org.laminar.validate.EngineSuite;
import org.laminar.validate.EngineSuite.EngineRun;
import org.laminar.validate.SmallNetworks;

/**
 * CP-SAT against Choco on the bundled small networks (fused, 4 row bands) on quad-core and
 * hetero-quad, latency, and on the ten PSPLIB j301 instances, makespan, both under the same time
 * limit: they must agree ({@link EngineSuite#agree}: every schedule passes the checker, the optima
 * are equal wherever both prove one, no bound lies above a schedule). Outside
 * {@code mvn verify}:
 *
 * <pre>
 * mvn -B -o -pl validation -am -Pvalidation test -Dtest=EngineCrossCheck \
 *     -Dsurefire.failIfNoSpecifiedTests=false -Dcrosscheck.timeLimit=60 -Dcrosscheck.workers=2
 * </pre>
 *
 * CP-SAT runs on {@code crosscheck.workers} workers, Choco on one thread (it has no portfolio
 * here). Writes {@code validation/target/engine-crosscheck.md}: per instance and engine the status,
 * value, bound, gap, wall and process CPU time, and the totals per engine.
 */
@Tag("validation")
class EngineCrossCheck {
  @Test
  void crossCheck() throws IOException {
    double timeLimit = Double.parseDouble(System.getProperty("crosscheck.timeLimit", "60"));
    int workers = Integer.parseInt(System.getProperty("crosscheck.workers", "2"));
    Limits limits = Limits.defaults().withTimeLimit(timeLimit).withWorkers(workers);
    List<Engine> engines = List.of(new CpSatSolver(CpSatParameters.defaults().withLimits(limits)),
        new ChocoSolver(limits));
    List<EngineRun> runs = new ArrayList<>();
    for (SmallNetworks.Pair network : SmallNetworks.pairs()) {
      List<EngineRun> pair = engines.stream().map(e -> EngineSuite.schedule(network, e)).toList();
      assertTrue(EngineSuite.agree(pair.get(0), pair.get(1)), pair.toString());
      runs.addAll(pair);
    }
    for (int i = 1; i <= 10; i++) {
      Path file = EngineAgreementTest.J30.resolve("j301_" + i + ".sm");
      List<EngineRun> pair = engines.stream().map(e -> EngineSuite.rcpsp(file, e)).toList();
      assertTrue(EngineSuite.agree(pair.get(0), pair.get(1)), pair.toString());
      runs.addAll(pair);
    }
    StringBuilder md = new StringBuilder(String.format(Locale.ROOT,
        "CP-SAT (%d workers) and Choco (1 thread), %.0f s limit each%n%n", workers, timeLimit));
    md.append("| instance | engine | status | value | bound | gap | wall (s) | CPU (s) |\n");
    md.append("|---|---|---|---:|---:|---:|---:|---:|\n");
    for (EngineRun r : runs) {
      md.append(String.format(Locale.ROOT, "| %s | %s | %s | %,.0f | %,.0f | %.1f%% | %.1f | %.1f |%n", r.instance(),
          r.engine(), r.status(), r.value(), r.bound(), 100 * r.gap(), r.wallSeconds(), r.cpuSeconds()));
    }
    md.append("\n| engine | proven (of ").append(runs.size() / engines.size())
        .append(") | proven tile problems | proven j301 | wall (s) | CPU (s) |\n|---|---:|---:|---:|---:|---:|\n");
    for (Engine e : engines) {
      List<EngineRun> own = runs.stream().filter(r -> r.engine().equals(e.name())).toList();
      long tiles = own.stream().filter(r -> r.instance().contains(" x ") && r.status() == SolveStatus.OPTIMAL).count();
      long psplib = own.stream().filter(r -> !r.instance().contains(" x ") && r.status() == SolveStatus.OPTIMAL)
          .count();
      md.append(String.format(Locale.ROOT, "| %s | %d | %d | %d | %.1f | %.1f |%n", e.name(), tiles + psplib, tiles,
          psplib, own.stream().mapToDouble(EngineRun::wallSeconds).sum(),
          own.stream().mapToDouble(EngineRun::cpuSeconds).sum()));
    }
    Path out = Path.of(System.getProperty("laminar.root"), "validation", "target", "engine-crosscheck.md");
    Files.createDirectories(out.getParent());
    Files.writeString(out, md);
    System.out.println(md);
  }
}
