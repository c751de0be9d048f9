package org.laminar.validation;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.laminar.bound.LatencyBounds;
import org.laminar.io.Suites;
import org.laminar.schedule.SchedulingProblem;
import org.laminar.schedule.StreamPolicy;

/**
 * The analytical latency bounds of each member of a suite under each streaming policy (cycles;
 * none depends on time), run outside {@code mvn verify}, to compare bounds before and after a change:
 *
 * <pre>
 * mvn -B -o -pl validation -am -Pvalidation test -Dtest=BoundsTable -Dsurefire.failIfNoSpecifiedTests=false \
 *     -Dlaminar.suites=medium,large -Dlaminar.policies=never,when-needed,choose
 * </pre>
 *
 * One line per member and policy: its best bound and every named one. A member that cannot be
 * built is a line saying why.
 */
@Tag("validation")
class BoundsTable {
  @Test
  void table() {
    Path root = Path.of(System.getProperty("laminar.root", "."));
    List<String> suites = List.of(System.getProperty("laminar.suites", "medium,large").split(","));
    List<StreamPolicy> policies = List.of(System.getProperty("laminar.policies", "never,when-needed,choose")
        .split(",")).stream().map(StreamPolicy::parse).toList();
    for (String suite : suites) {
      for (Suites.Member member : Suites.named(suite).members()) {
        for (StreamPolicy policy : policies) {
          String name = suite + " " + member.name() + " " + policy.cliName();
          try {
            SchedulingProblem problem = member.problem(root).withStreaming(policy);
            LatencyBounds bounds = LatencyBounds.of(problem);
            System.out.println("BOUNDS " + name + " best=" + bounds.bestCycles() + " " + bounds.named());
          } catch (RuntimeException e) {
            System.out.println("BOUNDS " + name + " none (" + e.getMessage() + ")");
          }
        }
      }
    }
  }
}
