package org.laminar.validation;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.laminar.bound.LatencyBounds;
import org.laminar.bound.RelaxationBound;
import org.laminar.bound.TileTimes;
import org.laminar.cpsat.CpSatParameters;
import org.laminar.exact.Allocation;
import org.laminar.exact.CpSatScheduler;
import org.laminar.exact.ExactResult;
import org.laminar.io.Suites;
import org.laminar.schedule.SchedulingProblem;
import org.laminar.tiling.Tile;

/**
 * Each lower bound of a suite's members by name, run outside {@code mvn verify}, with what a
 * hand argument about a member needs: per layer its tiles, per core the least cycles
 * ({@link TileTimes#leastCycles}) summed over the layer's tiles that may run there, its weight bits, and the least head and tail of its
 * tiles (cycles).
 *
 * <pre>
 * mvn -B -o -pl validation -am -Pvalidation test -Dtest=BoundsRun -Dsurefire.failIfNoSpecifiedTests=false \
 *     -Dlaminar.suite=medium -Dlaminar.members=resnet18-hetero-quad -Dlaminar.seconds=120 -Dlaminar.cpsat=0
 * </pre>
 *
 * {@code -Dlaminar.seconds=S} adds the assignment and relaxation bounds, {@code S/2} s each on one
 * worker (0: left out); {@code -Dlaminar.cpsat=S} also runs CP-SAT on the full per-tile model for
 * {@code S} s on one worker and prints its incumbent and proven bound (0: not run).
 */
@Tag("validation")
class BoundsRun {
  @Test
  void run() {
    double seconds = Double.parseDouble(System.getProperty("laminar.seconds", "0"));
    double cpsat = Double.parseDouble(System.getProperty("laminar.cpsat", "0"));
    for (Suites.Member member : SuiteSelection.members("medium")) {
      SchedulingProblem problem = member.problem(SuiteSelection.root());
      printLayers(problem);
      LatencyBounds bounds = LatencyBounds.of(problem);
      System.out.printf(Locale.ROOT, "%s analytical %s%n", member.name(), bounds.named());
      if (seconds > 0) {
        LatencyBounds relaxed = bounds.withRelaxation(problem, new RelaxationBound.Settings(seconds, 0, 1, 0));
        assertTrue(relaxed.bestCycles() >= bounds.bestCycles(), member.name());
        System.out.printf(Locale.ROOT, "%s with %.0f s of relaxations %s%n", member.name(), seconds, relaxed.named());
      }
      if (cpsat > 0) {
        ExactResult r = new CpSatScheduler(CpSatScheduler.Options.defaults().withAllocation(Allocation.TILE)
            .withParameters(CpSatParameters.defaults().withTimeLimit(cpsat).withWorkers(1)),
            CpSatScheduler.greedyWarmStarts(), p -> { }).solve(problem);
        System.out.printf(Locale.ROOT, "%s CP-SAT (per tile, %.0f s, 1 worker): value %,.0f, proven bound %,.0f%n",
            member.name(), cpsat, r.value(), r.bound());
      }
    }
  }

  private static void printLayers(SchedulingProblem problem) {
    TileTimes times = TileTimes.of(problem);
    int layers = problem.graph().workload().layers().size();
    for (int l = 0; l < layers; l++) {
      List<Tile> tiles = problem.graph().tilesOf(l);
      if (tiles.isEmpty()) {
        continue;
      }
      Map<Integer, Long> perCore = new TreeMap<>();
      for (Tile t : tiles) {
        List<Integer> cores = problem.allowedCores(t);
        for (int i = 0; i < cores.size(); i++) {
          perCore.merge(cores.get(i), times.leastCycles(t.id(), i), Long::sum);
        }
      }
      long head = tiles.stream().mapToLong(t -> times.head(t.id())).min().orElseThrow();
      long tail = tiles.stream().mapToLong(t -> times.tail(t.id())).min().orElseThrow();
      System.out.printf(Locale.ROOT, "layer %d: %d tiles, least cycles summed by core %s; weights %,d bits; "
          + "head %,d, tail %,d%n", l, tiles.size(), perCore, tiles.get(0).weightBits(), head, tail);
    }
  }
}
