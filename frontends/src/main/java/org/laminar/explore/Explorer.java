package org.laminar.explore;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import com.google.common.collect.ImmutableList;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.DoubleAdder;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.laminar.bound.EnergyBound;
import org.laminar.bound.MemoryBound;
import org.laminar.check.Metrics;
import org.laminar.evaluate.Evaluation;
import org.laminar.evaluate.Evaluator;
import org.laminar.evaluate.Observer;
import org.laminar.evaluate.Point;
import org.laminar.evaluate.Prepared;
import org.laminar.exact.ExactResult;
import org.laminar.exact.Goal;
import org.laminar.io.InputException;
import org.laminar.report.Run;
import org.laminar.schedule.ProblemException;
import org.laminar.schedule.SolveStatus;

/**
 * Runs the points of a sweep through the {@link Evaluator}, {@code jobs} at a time, and marks the
 * Pareto front of their checked figures.
 *
 * <p>The greedy points run first: they are quick, and their schedules are the incumbent front.
 * Then the searching points (exact engines, lns), each given a fair share of what is left of the
 * sweep's time limit: the time left × jobs / the searches not yet started, at most the time left.
 * Before a search starts, its problem's lower bounds on the front's axes (latency: {@link
 * org.laminar.bound.LatencyBounds}, energy: {@link EnergyBound}, memory: {@link MemoryBound}) are
 * compared with the schedules found so far: when one of them dominates the bounds, no schedule of
 * the point can be on the front and the point is reported as pruned, unsolved. That never removes a
 * point of the front ({@link Front}); which points are pruned depends on the order in which the
 * parallel searches finish, the front does not.
 */
public final class Explorer {

  /** Energies from sums in different orders: a bound within this relative margin is not called dominated. */
  private static final double ROUNDING = 1e-9;

  /** A search is not started with less than this left of the sweep's time limit (s). */
  static final double LEAST_SECONDS = 0.1;

  /**
   * How a sweep runs.
   *
   * @param jobs points evaluated at once
   * @param timeLimitSeconds the whole sweep's limit, shared by its searches (s)
   * @param axes the axes of the front
   * @param prune whether points whose bounds are dominated are left unsolved
   */
  public record Options(int jobs, double timeLimitSeconds, List<Axis> axes, boolean prune) {
    public Options {
      checkArgument(jobs >= 1, "jobs must be >= 1, got %s", jobs);
      checkArgument(timeLimitSeconds > 0, "time limit must be > 0 s, got %s", timeLimitSeconds);
      checkArgument(!axes.isEmpty(), "no axis for the front");
      axes = ImmutableList.copyOf(axes);
    }
  }

  private final Evaluator evaluator;
  private final Options options;
  private final Consumer<PointResult> finished;

  /**
   * @param evaluator evaluates each point (its cost model shared by all)
   * @param options jobs, time limit, axes, pruning
   * @param finished hears each point's result as it finishes (from the worker threads)
   */
  public Explorer(Evaluator evaluator, Options options, Consumer<PointResult> finished) {
    this.evaluator = checkNotNull(evaluator, "evaluator is missing");
    this.options = checkNotNull(options, "options are missing");
    this.finished = checkNotNull(finished, "listener is missing");
  }

  /** Evaluates {@code points} (ids from 1 in this order) and marks the front. */
  public Exploration explore(List<Point> points) {
    return explore(points, Map.of());
  }

  /**
   * Evaluates {@code points} (ids from 1 in this order) except those {@code done} gives the result
   * of (by id: a resumed sweep's finished points, whose schedules are the incumbent front from the
   * start), and marks the front of all.
   */
  public Exploration explore(List<Point> points, Map<Integer, PointResult> done) {
    State state = new State(points, done, System.nanoTime() + (long) (options.timeLimitSeconds() * 1e9),
        options.timeLimitSeconds(), options.jobs());
    ExecutorService pool = Executors.newFixedThreadPool(options.jobs(), r -> {
      Thread t = new Thread(r, "laminar-explore");
      t.setDaemon(true);
      return t;
    });
    try {
      List<PointResult> results = new ArrayList<>(done.values());
      done.values().stream().filter(PointResult::valid).forEach(r -> state.front.add(r.id(), r.figures(options.axes())));
      results.addAll(phase(pool, state, false));
      results.addAll(phase(pool, state, true));
      results.sort((a, b) -> Integer.compare(a.id(), b.id()));
      // A latency bound holds for every schedule of the problem: each point of the problem gets the best.
      Map<List<String>, Long> best = new HashMap<>();
      results.stream().filter(r -> r.latencyBoundCycles() != null)
          .forEach(r -> best.merge(r.problem(), r.latencyBoundCycles(), Math::max));
      results = results.stream().map(r -> best.containsKey(r.problem()) ? r.withLatencyBound(best.get(r.problem())) : r)
          .collect(Collectors.toCollection(ArrayList::new));
      List<PointResult> valid = results.stream().filter(PointResult::valid).toList();
      List<PointResult> front = Front.of(valid, r -> r.figures(options.axes()));
      List<PointResult> marked = results.stream().map(r -> r.onFront(front.contains(r))).toList();
      return new Exploration(marked, options.axes(), state.saved.sum(), state.evenShare);
    } finally {
      pool.shutdownNow();
    }
  }

  /** The state of one sweep, shared by its workers. */
  private static final class State {
    final List<Point> points;
    final Map<Integer, PointResult> done;
    final long deadline;
    final Front front = new Front();
    final AtomicInteger searchesLeft;
    final DoubleAdder saved = new DoubleAdder();
    /** What each search would be given if none were pruned: the time limit × jobs / searches, at most the limit (s). */
    final double evenShare;

    State(List<Point> points, Map<Integer, PointResult> done, long deadline, double seconds, int jobs) {
      this.points = points;
      this.done = done;
      this.deadline = deadline;
      this.searchesLeft = new AtomicInteger((int) IntStream.range(0, points.size())
          .filter(i -> !done.containsKey(i + 1) && Sweep.searches(points.get(i).scheduler().orElseThrow())).count());
      this.evenShare = Math.min(seconds, seconds * jobs / Math.max(1, searchesLeft.get()));
    }

    double secondsLeft() {
      return (deadline - System.nanoTime()) / 1e9;
    }
  }

  private List<PointResult> phase(ExecutorService pool, State state, boolean searching) {
    List<Future<PointResult>> futures = new ArrayList<>();
    for (int i = 0; i < state.points.size(); i++) {
      Point p = state.points.get(i);
      int id = i + 1;
      if (!state.done.containsKey(id) && Sweep.searches(p.scheduler().orElseThrow()) == searching) {
        futures.add(pool.submit(() -> {
          PointResult r = evaluate(id, p, searching, state);
          if (r.valid()) {
            state.front.add(id, r.figures(options.axes()));
          }
          finished.accept(r);
          return r;
        }));
      }
    }
    List<PointResult> results = new ArrayList<>();
    for (Future<PointResult> f : futures) {
      try {
        results.add(f.get());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("sweep interrupted", e);
      } catch (ExecutionException e) {
        throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
      }
    }
    return results;
  }

  private PointResult evaluate(int id, Point point, boolean searching, State state) {
    long start = System.nanoTime();
    Row row = new Row(id, point, searching, start);
    if (state.secondsLeft() < LEAST_SECONDS) {
      if (searching) {
        state.searchesLeft.decrementAndGet();
      }
      return row.without("skipped", null, "the sweep's time limit was reached before it started");
    }
    Prepared prepared;
    try {
      prepared = evaluator.prepare(point, Observer.SILENT);
    } catch (ProblemException | InputException e) {
      if (searching) {
        state.searchesLeft.decrementAndGet();
      }
      return row.without("infeasible", null, e.getMessage());
    }
    row.bounds(prepared);
    Point run = point;
    if (searching) {
      int left = state.searchesLeft.getAndDecrement();
      double seconds = state.secondsLeft();
      double share = Math.min(seconds, seconds * options.jobs() / Math.max(1, left));
      OptionalInt by = options.prune() ? state.front.dominator(row.lowerBounds(options.axes())) : OptionalInt.empty();
      if (by.isPresent()) {
        state.saved.add(state.evenShare);
        return row.without("pruned", null, String.format(Locale.ROOT, "its lower bounds are dominated by point %d's "
            + "schedule on %s: not solved", by.getAsInt(), axesText(options.axes())));
      }
      if (share < LEAST_SECONDS) {
        return row.without("skipped", null, "the sweep's time limit was reached before it started");
      }
      run = point.withSolver(point.solver().withTimeLimit(share));
      row.timeLimit = share;
    }
    try {
      Evaluation evaluation = evaluator.run(prepared, evaluator.schedulers(run, Observer.SILENT), Observer.SILENT);
      return row.of(evaluation);
    } catch (ProblemException e) {
      return row.without("infeasible", row.timeLimit, e.getMessage());
    }
  }

  private static String axesText(List<Axis> axes) {
    return String.join(",", axes.stream().map(Axis::text).toList());
  }

  /** A point's result as it is being put together. */
  private static final class Row {
    final int id;
    final Point point;
    final boolean searching;
    final long start;
    Long latencyBound;
    Double energyBound;
    Long memoryBound;
    Double timeLimit;

    Row(int id, Point point, boolean searching, long start) {
      this.id = id;
      this.point = point;
      this.searching = searching;
      this.start = start;
    }

    void bounds(Prepared prepared) {
      latencyBound = prepared.bounds().bestCycles();
      energyBound = EnergyBound.leastPj(prepared.problem());
      memoryBound = MemoryBound.fullestMemoryBits(prepared.problem());
    }

    double[] lowerBounds(List<Axis> axes) {
      return axes.stream().mapToDouble(a -> switch (a) {
        case LATENCY -> latencyBound;
        case ENERGY -> energyBound * (1 - ROUNDING);
        case MEMORY -> memoryBound;
      }).toArray();
    }

    String objective() {
      return searching ? Goal.parse(point.objective()).text() : Sweep.NO_OBJECTIVE;
    }

    double wall() {
      return (System.nanoTime() - start) / 1e9;
    }

    PointResult without(String status, Double limit, String reason) {
      return new PointResult(id, point.workload(), point.hardware(), point.tiling().orElse("oy=4"), point.overlap(),
          point.stream(), point.fuse(), point.scheduler().orElseThrow(), objective(), status, false, null, null, null,
          null, latencyBound, energyBound, memoryBound, null, null, limit, wall(), false, reason);
    }

    PointResult of(Evaluation evaluation) {
      Run run = evaluation.runs().get(0);
      if (run.result().schedule().isEmpty()) {
        String status = run.result().status() == SolveStatus.INFEASIBLE ? "infeasible" : "no-schedule";
        return without(status, timeLimit, String.join("; ", evaluation.notes()));
      }
      if (!run.valid()) {
        return without("invalid", timeLimit, "the checker rejects the schedule (a bug in the scheduler): "
            + run.check().orElseThrow().violations().get(0).message());
      }
      Metrics m = run.check().orElseThrow().metrics();
      Goal goal = Goal.parse(point.objective());
      ExactResult exact = evaluation.exactResults().get(run.scheduler());
      boolean latency = !searching || goal == Goal.LATENCY || goal == Goal.LATENCY_ENERGY;
      Double gap = latency ? (run.gap().isPresent() ? run.gap().getAsDouble() : null)
          : exact != null && !Double.isNaN(exact.gap()) ? exact.gap() : null;
      return new PointResult(id, point.workload(), point.hardware(), point.tiling().orElse("oy=4"), point.overlap(),
          point.stream(), point.fuse(), run.scheduler(), objective(),
          run.result().status().name().toLowerCase(Locale.ROOT), true, m.latencyCycles(), m.energyPj(), m.edp(), (long) Axis.MEMORY.value(m), run.boundCycles(), energyBound,
          memoryBound, gap, latency ? "latency" : goal.text(), timeLimit, wall(), false, null);
    }
  }
}
