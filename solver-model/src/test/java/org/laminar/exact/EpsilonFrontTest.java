package org.laminar.exact;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.laminar.hardware.Accelerator;
import org.laminar.check.CheckReport;
import org.laminar.check.ScheduleChecker;
import org.laminar.cost.CostModel;
import org.laminar.cost.TileCost;
import org.laminar.cpsat.CpSatParameters;
import org.laminar.cpsat.CpSatSolver;
import org.laminar.schedule.Scheduler;
import org.laminar.schedule.SchedulingProblem;
import org.laminar.schedule.SolveStatus;
import org.junit.jupiter.api.Test;

class EpsilonFrontTest {
  /**
   * A core called "eco" takes twice the cycles of a "fast" one for half the compute energy (1 pJ
   * per MAC against 2); memory energy 0.1 pJ per MAC on both: a real latency–energy trade-off.
   */
  private static final CostModel TRADE_OFF = (shape, core) -> {
    long pes = core.array().size();
    boolean eco = core.name().equals("eco");
    long cycles = (shape.macs() + pes - 1) / pes * (eco ? 2 : 1);
    return new TileCost(cycles, shape.macs() * (eco ? 1.0 : 2.0), 0.1 * shape.macs(), eco ? 0.5 : 1.0);
  };

  private static final CpSatParameters DETERMINISTIC = CpSatParameters.deterministic(30);

  private static SchedulingProblem twoCores(int layers, String split) {
    Accelerator acc = TileProblems.accelerator(2, List.of("fast", "eco"), 1 << 20, true);
    return SchedulingProblem.of(TileProblems.tiles(TileProblems.chain(layers, 8, 8), split), acc, TRADE_OFF);
  }

  private static EpsilonFront.Front front(SchedulingProblem problem) {
    return new EpsilonFront(new CpSatSolver(DETERMINISTIC), Allocation.TILE, CpSatScheduler.greedyWarmStarts(), 50)
        .solve(problem);
  }

  private static ExactResult exact(SchedulingProblem problem, Goal goal) {
    return new CpSatScheduler(CpSatScheduler.Options.defaults().withGoal(goal).withParameters(DETERMINISTIC),
        CpSatScheduler.greedyWarmStarts(), p -> { }).solve(problem);
  }

  /**
   * The front's ends are the two lexicographic optima, solved independently by {@link
   * CpSatScheduler}: least latency (then least energy at it), and least energy; every point is
   * proven, checker-valid, and no point or greedy schedule dominates another point.
   */
  @Test
  void theFrontIsProvenNonDominatedAndEndsAtTheTwoOptima() {
    SchedulingProblem problem = twoCores(2, "oy=2");
    EpsilonFront.Front front = front(problem);
    List<EpsilonFront.Point> points = front.points();
    assertTrue(front.complete());
    assertTrue(points.size() >= 2, "a slower, cheaper core makes a trade-off: " + points.size() + " points");
    ScheduleChecker checker = new ScheduleChecker();
    for (EpsilonFront.Point p : points) {
      assertEquals(SolveStatus.OPTIMAL, p.status());
      assertTrue(checker.check(problem, p.schedule()).valid());
    }
    for (int i = 1; i < points.size(); i++) {
      assertTrue(points.get(i).latencyCycles() > points.get(i - 1).latencyCycles());
      assertTrue(points.get(i).energyPj() < points.get(i - 1).energyPj(), "point " + i + " is dominated");
    }
    CheckReport fastest = exact(problem, Goal.LATENCY_ENERGY).report().orElseThrow();
    assertEquals(fastest.metrics().latencyCycles(), points.get(0).latencyCycles());
    assertEquals(fastest.metrics().energyPj(), points.get(0).energyPj(), 1e-3);
    ExactResult cheapest = exact(problem, Goal.ENERGY);
    assertEquals(SolveStatus.OPTIMAL, cheapest.result().status());
    assertEquals(cheapest.value(), points.get(points.size() - 1).energyPj(), 1e-3);
    for (Scheduler g : CpSatScheduler.greedyWarmStarts()) {
      CheckReport r = checker.check(problem, g.schedule(problem).schedule().orElseThrow());
      for (EpsilonFront.Point p : points) {
        boolean dominates = r.metrics().latencyCycles() <= p.latencyCycles() && r.metrics().energyPj() <= p.energyPj()
            && (r.metrics().latencyCycles() < p.latencyCycles() || r.metrics().energyPj() < p.energyPj() - 1e-3);
        assertFalse(dominates, g.name() + " dominates a front point");
      }
    }
  }

  /**
   * One tile, two cores: by hand the front is the tile on the fast core and the tile on the eco
   * core, which saves exactly its compute energy difference, 1 pJ per MAC (8·3·8·8·9 = 13,824
   * MACs), and doubles its compute cycles (216 on 64 PEs).
   */
  @Test
  void oneTileOnTwoCoresHasTheHandDerivedExtremes() {
    SchedulingProblem problem = twoCores(1, "oy=1");
    List<EpsilonFront.Point> points = front(problem).points();
    assertEquals(2, points.size());
    assertEquals(SolveStatus.OPTIMAL, points.get(0).status());
    assertEquals(SolveStatus.OPTIMAL, points.get(1).status());
    assertEquals(13_824, points.get(0).energyPj() - points.get(1).energyPj(), 1e-6);
    assertEquals(216, points.get(1).latencyCycles() - points.get(0).latencyCycles());
  }
}
