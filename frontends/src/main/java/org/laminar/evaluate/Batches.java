package org.laminar.evaluate;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Consumer;
import org.laminar.batch.Batch;
import org.laminar.bound.IntervalBound;
import org.laminar.bound.LatencyBounds;
import org.laminar.exact.Allocation;
import org.laminar.exact.CpSatScheduler;
import org.laminar.exact.Goal;
import org.laminar.greedy.GreedySchedulers;
import org.laminar.greedy.ListScheduler;
import org.laminar.io.InputException;
import org.laminar.schedule.Scheduler;
import org.laminar.schedule.SchedulingProblem;
import org.laminar.steady.ModuloListScheduler;
import org.laminar.steady.RepeatedScheduler;
import org.laminar.steady.SteadyStateResult;
import org.laminar.steady.SteadyStateScheduler;

/**
 * Batches of inferences for {@code laminar schedule --batch N [--steady-state]}: the unrolled
 * problem that every scheduler takes as it is (the batch's makespan is then what they minimise),
 * and the steady states of a batch, whose initiation interval the checker measures.
 */
public final class Batches {
  private Batches() {}

  /**
   * The options' checks: {@code --batch} at least 1 and not above 1 with {@code --training},
   * {@code --steady-state} only with
   * {@code --batch} of at least 2 and with the schedulers and objective it has.
   *
   * @param batch the {@code --batch} value, empty without the option
   * @throws InputException naming the option
   */
  public static void check(Optional<Integer> batch, boolean steadyState, Point point) {
    if (batch.isPresent() && batch.get() < 1) {
      throw new InputException("--batch must be at least 1 inference, got " + batch.get());
    }
    if (batch.isPresent() && batch.get() > 1 && point.training()) {
      // A batch shares constant weights; a training step's weight update feeds the next step.
      throw new InputException("--batch schedules independent inferences sharing constant weights; with "
          + "--training each step would depend on the previous step's weight update, which is not modelled");
    }
    if (!steadyState) {
      return;
    }
    if (batch.isEmpty() || batch.get() < 2) {
      throw new InputException("--steady-state needs --batch N with N >= 2 iterations (the interval between "
          + "iterations is what it minimises)" + batch.map(b -> ", got --batch " + b).orElse(""));
    }
    String name = point.scheduler().orElse("").toLowerCase(Locale.ROOT);
    if (!name.isEmpty() && !GreedySchedulers.NAMES.contains(name) && !name.equals("cpsat")) {
      throw new InputException("--steady-state runs lbl, list, heft (each repeated) and cpsat, not '"
          + point.scheduler().get() + "'");
    }
    if (!point.solver().engine().equalsIgnoreCase("cpsat")
        || point.engines().stream().anyMatch(e -> !e.equalsIgnoreCase("cpsat"))) {
      throw new InputException("--steady-state's exact model runs on cpsat only (--engine, --engines)");
    }
    if (InputException.at("--objective", () -> Goal.parse(point.objective())) != Goal.LATENCY) {
      throw new InputException("--steady-state minimises the initiation interval; --objective "
          + point.objective() + " is not offered with it");
    }
    if (InputException.at("--allocation", () -> Allocation.parse(point.allocation())) != Allocation.TILE) {
      throw new InputException("--steady-state's exact model places each tile on its own core (--allocation tile)");
    }
  }

  /** {@code single}'s problem as a batch of {@code iterations} inferences, with its latency bounds. */
  public static Prepared unrolled(Prepared single, int iterations) {
    if (iterations == 1) {
      return single;
    }
    SchedulingProblem problem = Batch.of(single.problem(), iterations).unroll(single.problem());
    return new Prepared(single.point(), single.tiling(), problem, LatencyBounds.of(problem), single.search());
  }

  /**
   * The steady states of {@code iterations} inferences of {@code single}'s problem: each greedy
   * scheduler's schedule repeated, with CP-SAT the modulo list schedule too, and CP-SAT's periodic
   * optimum hinted with the best of them.
   * With a named greedy scheduler only its repetition; with {@code cpsat} alone only CP-SAT's row
   * (the repetitions are its hints).
   *
   * @param stops receives what stops CP-SAT's search, before it starts (for Ctrl-C)
   */
  public static List<Timed> steadyStates(Prepared single, int iterations, Observer observer,
      Consumer<Runnable> stops) {
    Point point = single.point();
    Batch batch = Batch.of(single.problem(), iterations);
    SchedulingProblem batchProblem = batch.unroll(single.problem());
    long lowest = IntervalBound.of(single.problem()).bestCycles();
    ListScheduler.Priority rule = point.priority().equalsIgnoreCase("latency") ? ListScheduler.Priority.LATENCY
        : ListScheduler.Priority.MEMORY;
    String name = point.scheduler().orElse("").toLowerCase(Locale.ROOT);
    boolean exact = point.comparing() || name.equals("cpsat");
    List<Scheduler> greedy = point.comparing() ? GreedySchedulers.all(rule)
        : exact ? CpSatScheduler.greedyWarmStarts() : List.of(GreedySchedulers.byName(name, rule));
    List<Timed> results = new ArrayList<>();
    List<Timed> starts = new ArrayList<>();
    for (Scheduler s : greedy) {
      RepeatedScheduler repeated = new RepeatedScheduler(s);
      observer.phase("steady state: " + repeated.name());
      long start = System.nanoTime();
      SteadyStateResult r = repeated.schedule(single.problem(), batch, batchProblem, lowest);
      starts.add(new Timed(batchProblem, r, Duration.ofNanos(System.nanoTime() - start)));
    }
    if (exact) {
      ModuloListScheduler modulo = new ModuloListScheduler();
      observer.phase("steady state: " + modulo.name());
      long highest = starts.stream().map(t -> t.result().intervalCycles()).filter(OptionalLong::isPresent)
          .mapToLong(OptionalLong::getAsLong).min().orElse(4 * lowest);
      long start = System.nanoTime();
      SteadyStateResult r = modulo.schedule(single.problem(), batch, batchProblem, lowest, highest);
      starts.add(new Timed(batchProblem, r, Duration.ofNanos(System.nanoTime() - start)));
    }
    if (!exact || point.comparing()) {
      results.addAll(starts);
    }
    if (exact && !observer.interrupted()) {
      observer.phase("steady state: cpsat");
      SteadyStateScheduler cpsat = new SteadyStateScheduler(point.solver().parameters(),
          observer.solverProgress("cpsat"));
      stops.accept(cpsat::stop);
      long start = System.nanoTime();
      SteadyStateResult r = cpsat.solve(batch, batchProblem, lowest, starts.stream().map(Timed::result).toList());
      results.add(new Timed(batchProblem, r, Duration.ofNanos(System.nanoTime() - start)));
    }
    return results;
  }

  /**
   * A steady-state scheduler's result with the unrolled problem it schedules and its wall time.
   *
   * @param batchProblem the unrolled problem of the batch
   * @param result the result
   * @param wallTime how long the scheduler ran
   */
  public record Timed(SchedulingProblem batchProblem, SteadyStateResult result, Duration wallTime) {}
}
