package org.laminar.exact;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import com.google.common.collect.ImmutableList;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.laminar.check.CheckReport;
import org.laminar.check.ScheduleChecker;
import org.laminar.engine.Engine;
import org.laminar.engine.EngineResult;
import org.laminar.engine.Horizons;
import org.laminar.engine.Limits;
import org.laminar.engine.Objective;
import org.laminar.ir.IrChecker;
import org.laminar.ir.IrProblem;
import org.laminar.ir.IrSolution;
import org.laminar.schedule.Schedule;
import org.laminar.schedule.ScheduleResult;
import org.laminar.schedule.Scheduler;
import org.laminar.schedule.SchedulingProblem;
import org.laminar.schedule.SolveStatus;

/**
 * The exact latency–energy Pareto front of one problem, by ε-constraint on the makespan: the
 * engine minimises energy with the horizon bounding the makespan, which it supports exactly (an
 * energy constraint it does not). Let f(H) be the least energy of a schedule ending by H cycles: a
 * non-increasing step function from the least latency L0 on. Its Pareto points are the H where it
 * steps down, f(H − 1) > f(H) (f(L0 − 1) being infeasible). They are found by bisection between a
 * horizon a and a horizon b with f(a) > f(b): a solve at the middle either moves b down to the
 * makespan of its solution (same energy as b), or a up (same energy as a), or splits the interval;
 * when b = a + 1, b is a step. A point is {@link SolveStatus#OPTIMAL} only when both solves that
 * make it a step (f(b), and f(b − 1) or the least latency) were proven; otherwise FEASIBLE.
 * Energies are compared as the model holds them (integer femtojoules); every figure reported is
 * the checker's.
 */
public final class EpsilonFront {
  /** The model's energy unit: femtojoules (see {@link Objective#ENERGY}). */
  private static final double FJ_PER_PJ = 1000;

  /**
   * One point of the front.
   *
   * @param schedule the schedule, accepted by the checker
   * @param report the checker's report on it; latency and energy are its figures
   * @param status OPTIMAL when both solves making it a step were proven, else FEASIBLE
   */
  public record Point(Schedule schedule, CheckReport report, SolveStatus status) {
    public Point {
      checkNotNull(schedule, "schedule is missing");
      checkArgument(report.valid(), "a front point's schedule must be valid");
      checkArgument(status == SolveStatus.OPTIMAL || status == SolveStatus.FEASIBLE, "status %s", status);
    }

    /** Latency (cycles), per the checker. */
    public long latencyCycles() {
      return report.metrics().latencyCycles();
    }

    /** Total energy (pJ), per the checker. */
    public double energyPj() {
      return report.metrics().energyPj();
    }
  }

  /**
   * The front found.
   *
   * @param points the front's points by increasing latency (decreasing energy)
   * @param solves how many engine solves it took
   * @param complete whether every step was searched (not cut by the time limit or the point limit)
   */
  public record Front(List<Point> points, int solves, boolean complete) {
    public Front {
      points = ImmutableList.copyOf(points);
    }
  }

  private final Engine engine;
  private final Allocation allocation;
  private final List<Scheduler> warmStarts;
  private final int maxPoints;
  private final ScheduleChecker checker = new ScheduleChecker();

  /**
   * @param engine the exact engine, with its limits: its time limit (s, 0 for none) is the whole
   *     front's, each solve getting what is left
   * @param allocation per tile or per layer
   * @param warmStarts schedulers whose schedules are hints (the greedy ones)
   * @param maxPoints the most points searched for, {@code >= 1}
   */
  public EpsilonFront(Engine engine, Allocation allocation, List<Scheduler> warmStarts, int maxPoints) {
    checkArgument(maxPoints >= 1, "the front needs at least 1 point, got %s", maxPoints);
    this.engine = checkNotNull(engine, "engine is missing");
    this.allocation = checkNotNull(allocation, "allocation is missing");
    this.warmStarts = ImmutableList.copyOf(warmStarts);
    this.maxPoints = maxPoints;
  }

  /** One solve of f(H): its status and, for a solution, its energy (fJ) and makespan (cycles). */
  private record Solve(SolveStatus status, Optional<IrSolution> solution, long energyFj, long makespan) {
    boolean proven() {
      return status == SolveStatus.OPTIMAL || status == SolveStatus.INFEASIBLE;
    }
  }

  /**
   * The exact latency–energy front of {@code problem}, within the engine's limits and {@code
   * maxPoints}; empty when the engine found no schedule.
   */
  public Front solve(SchedulingProblem problem) {
    long start = System.nanoTime();
    CoreSymmetry symmetry = CoreSymmetry.of(problem);
    TileModel model = TileModel.compile(problem, allocation, symmetry, false);
    IrProblem ir = model.ir().withoutSlackStorage();
    List<IrSolution> known = new ArrayList<>(hints(problem, model, symmetry, ir));
    Map<Long, Solve> solves = new HashMap<>();
    long sum = Horizons.sumOfDurations(ir);
    Optional<IrSolution> fastest = known.stream().min(Comparator.comparingLong(s -> s.makespan(ir)));
    EngineResult latency = engine.solve(ir, Objective.MAKESPAN, fastest.map(s -> s.makespan(ir)).orElse(sum),
        fastest, engine.limits().remainingSince(start), p -> { });
    if (latency.solution().isEmpty()) {
      return new Front(List.of(), 1, false);
    }
    known.add(latency.solution().get());
    long least = latency.solution().get().makespan(ir);
    Solve atLeast = energy(ir, least, known, start);
    solves.put(least, atLeast);
    int count = 2;
    // Below the least latency there is no schedule: proven when the latency solve was.
    Map<Long, Boolean> stepProven = new HashMap<>();
    stepProven.put(least, latency.status() == SolveStatus.OPTIMAL && atLeast.proven());
    List<Long> steps = new ArrayList<>(List.of(least));
    boolean complete = true;
    Solve top = energy(ir, sum, known, start);
    count++;
    if (top.solution().isPresent() && top.energyFj() < atLeast.energyFj()) {
      solves.put(top.makespan(), top);
      Deque<long[]> intervals = new ArrayDeque<>();
      intervals.push(new long[] {least, top.makespan()});
      while (!intervals.isEmpty()) {
        if (steps.size() >= maxPoints || outOfTime(start)) {
          complete = false;
          break;
        }
        long[] interval = intervals.pop();
        long a = interval[0];
        long b = interval[1];
        Solve fa = solves.get(a);
        Solve fb = solves.get(b);
        if (b == a + 1) {
          steps.add(b);
          stepProven.put(b, fa.proven() && fb.proven());
          continue;
        }
        long mid = a + (b - a) / 2;
        Solve fm = energy(ir, mid, known, start);
        count++;
        if (fm.solution().isEmpty()) {
          complete = false;
          break;
        }
        // An unproven solve may land outside [f(b), f(a)]: it is then taken as the nearer end.
        if (fm.energyFj() <= fb.energyFj()) {
          long end = Math.max(a + 1, fm.makespan());
          solves.put(end, new Solve(fb.proven() && fm.proven() ? fm.status() : SolveStatus.FEASIBLE,
              fm.solution(), fb.energyFj(), end));
          intervals.push(new long[] {a, end});
        } else if (fm.energyFj() >= fa.energyFj()) {
          solves.put(mid, new Solve(fm.status(), fm.solution(), fa.energyFj(), mid));
          intervals.push(new long[] {mid, b});
        } else {
          long end = Math.max(a + 1, fm.makespan());
          solves.put(mid, fm);
          solves.put(end, fm);
          intervals.push(new long[] {mid, b});
          intervals.push(new long[] {a, end});
        }
      }
    } else {
      complete = top.proven();
    }
    List<Point> points = new ArrayList<>();
    for (long h : steps) {
      Schedule schedule = model.toSchedule(solves.get(h).solution().orElseThrow());
      CheckReport report = checker.check(problem, schedule);
      if (!report.valid()) {
        throw new IllegalStateException(engine.name() + " front schedule rejected by the checker (a modelling bug): "
            + report.violations().get(0).message());
      }
      points.add(new Point(schedule, report, stepProven.get(h) ? SolveStatus.OPTIMAL : SolveStatus.FEASIBLE));
    }
    points.sort(Comparator.comparingLong(Point::latencyCycles));
    return new Front(points, count, complete);
  }

  private boolean outOfTime(long start) {
    double limit = engine.limits().timeLimitSeconds();
    return limit > 0 && (System.nanoTime() - start) / 1e9 >= limit - Limits.LEAST_SECONDS;
  }

  /** f(horizon): the least energy of a schedule ending by {@code horizon}, hinted the best known one. */
  private Solve energy(IrProblem ir, long horizon, List<IrSolution> known, long start) {
    Optional<IrSolution> hint = known.stream().filter(s -> s.makespan(ir) <= horizon)
        .min(Comparator.comparingDouble(s -> s.energyPj(ir)));
    EngineResult r = engine.solve(ir, Objective.ENERGY, horizon, hint, engine.limits().remainingSince(start), p -> { });
    if (r.solution().isEmpty()) {
      return new Solve(r.status(), Optional.empty(), Long.MAX_VALUE, horizon);
    }
    IrSolution s = r.solution().get();
    known.add(s);
    return new Solve(r.status(), r.solution(), Math.round(r.objective() * FJ_PER_PJ), s.makespan(ir));
  }

  /** The warm starts' valid schedules as solutions of the model. */
  private List<IrSolution> hints(SchedulingProblem problem, TileModel model, CoreSymmetry symmetry, IrProblem ir) {
    List<IrSolution> hints = new ArrayList<>();
    for (Scheduler s : warmStarts) {
      ScheduleResult r;
      try {
        r = s.schedule(problem);
      } catch (IllegalArgumentException e) {
        continue;
      }
      if (r.schedule().isEmpty()) {
        continue;
      }
      Schedule schedule = symmetry.canonical(r.schedule().get(), model.representatives());
      if (!checker.check(problem, schedule).valid()) {
        continue;
      }
      IrSolution solution = model.toSolution(schedule);
      if (IrChecker.check(ir, solution).valid()) {
        hints.add(solution);
      }
    }
    return hints;
  }
}
