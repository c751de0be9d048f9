package org.laminar.lns;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import com.google.common.collect.ImmutableList;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Random;
import java.util.Set;
import java.util.function.Consumer;
import org.laminar.alloc.AllocationSearch;
import org.laminar.bound.AssignmentBound;
import org.laminar.bound.LatencyBounds;
import org.laminar.bound.RelaxationBound;
import org.laminar.bound.TileTimes;
import org.laminar.check.CheckReport;
import org.laminar.check.ScheduleChecker;
import org.laminar.cpsat.CpSatParameters;
import org.laminar.cpsat.CpSatSolver;
import org.laminar.engine.Engine;
import org.laminar.engine.EngineResult;
import org.laminar.engine.Limits;
import org.laminar.engine.Objective;
import org.laminar.engine.Progress;
import org.laminar.exact.Allocation;
import org.laminar.exact.CoreSymmetry;
import org.laminar.exact.CpSatScheduler;
import org.laminar.exact.TileModel;
import org.laminar.greedy.LayerByLayerScheduler;
import org.laminar.ir.IrChecker;
import org.laminar.ir.IrProblem;
import org.laminar.ir.IrSolution;
import org.laminar.schedule.ProblemException;
import org.laminar.schedule.Schedule;
import org.laminar.schedule.ScheduleResult;
import org.laminar.schedule.Scheduler;
import org.laminar.schedule.SchedulingProblem;
import org.laminar.schedule.SolveStatus;

/**
 * Anytime large neighbourhood search for the latency: starts from the best greedy schedule that
 * the checker accepts, shifted left as far as its order allows ({@link OrderGraph}), then
 * repeatedly picks a {@link Neighbourhood} of the incumbent (tiles on its critical path, a stretch
 * of time, a run of layers, two cores) and re-optimises it with CP-SAT under a short deterministic limit, in one of two
 * ways chosen by the size of the model ({@link Options#wholeModelTasks}):
 *
 * <ul>
 *   <li><b>whole model</b> (fewer IR tasks than the threshold): the full model with everything
 *       outside the neighbourhood kept as the incumbent has it — choices, and the order on every
 *       unary resource ({@link Restriction}). The rest of the schedule moves freely in time, so a
 *       gain anywhere propagates exactly; a step costs CP-SAT's presolve of the whole model;
 *   <li><b>neighbourhood model</b> (at or above it): the IR problem of the neighbourhood alone
 *       ({@link SubProblem}: its tasks of {@link TileModel#tasksOf}, the fixed rest reduced to
 *       time windows, pinned busy intervals and fixed memory demand, and an objective that
 *       estimates the whole makespan with tails), spliced into the incumbent, and the whole
 *       schedule shifted left again keeping the order on every resource and memory. A step costs
 *       in proportion to the neighbourhood, but the rest only shifts left in its kept order.
 * </ul>
 *
 * Before the steps an {@link AllocationSearch} runs for {@link Options#searchShare} of the time
 * limit (or {@link Options#searchDecodes} candidates): it changes the greedy schedulers' core
 * allocation and tile priorities and decodes each candidate with the list scheduler in milliseconds,
 * where a step takes seconds; its best schedule that the model holds is the steps' start.
 *
 * <p>A step's schedule replaces the incumbent only when the IR checker and the schedule checker
 * accept it and it is no slower; the search reports each lower latency.
 *
 * <p>Neighbourhood size (tiles) adapts: it grows by half when CP-SAT proves a step optimal (the
 * neighbourhood was easy), and shrinks by a third when a step ends at its limit without
 * improving.
 *
 * <p>Bound: the analytical {@link LatencyBounds#bestCycles}, raised, when the search has a
 * wall-clock limit, by the {@link AssignmentBound} solved in its first {@link #BOUND_SHARE} of that
 * limit, out of the allocation search's share (the steps get what is left, so the limit still
 * bounds the whole search); the full model's bound is not computed (that needs the full solve this
 * search avoids). Status: {@link SolveStatus#OPTIMAL} when the latency reaches that bound, else
 * {@link SolveStatus#FEASIBLE}.
 *
 * <p>Deterministic for a seed with one worker, no wall-clock limit and a step limit ({@link
 * Options#maxSteps}): every step ends by CP-SAT's deterministic limit or a proof.
 */
public final class LnsScheduler implements Scheduler {
  /** Tiles in the first neighbourhood. */
  static final int INITIAL_SIZE = 24;
  /** Fewest tiles in a neighbourhood. */
  static final int MIN_SIZE = 4;

  /**
   * IR tasks from which a step solves the neighbourhood's own model rather than the restricted
   * whole model. Measured (docs/EXACT.md; loaded 2-core machine, one worker, 60 s): on the medium
   * suite (1,028–10,028 IR tasks) the whole-model step did as well or better on four of five
   * instances (ResNet-18 on quad-core: −15.0 % against greedy, the neighbourhood model −4.3 %); on
   * the large suite (31,848–87,955 tasks) it made 0–1 steps in 60 s, its presolve of the whole
   * model taking most of the budget, where the neighbourhood model made 1–8. The threshold lies
   * between the two suites.
   */
  public static final int WHOLE_MODEL_TASKS = 20_000;

  /**
   * The neighbourhood of each whole-model step, in turn: every other one on the critical path (where
   * a gain shortens the schedule at once), the others a time window, layers or two cores (which may
   * free room that a later critical step uses).
   */
  private static final List<Neighbourhood> KINDS = List.of(Neighbourhood.CRITICAL, Neighbourhood.TIME_WINDOW,
      Neighbourhood.CRITICAL, Neighbourhood.LAYERS, Neighbourhood.CRITICAL, Neighbourhood.TWO_CORES);

  /**
   * The same for the neighbourhood model, with a run of DRAM transfers among them: there the other
   * tiles' transfers are pinned on the DRAM port, so a critical path through the port is freed only
   * by a neighbourhood of its transfers (on ResNet-18 with Stream's tpu_like files, docs/EXACT.md,
   * the only kind whose steps improved; on ResNet-18 × quad-core, a whole-model instance, adding it
   * did worse in 12 steps: −9.5 % against −13.9 %).
   */
  private static final List<Neighbourhood> NEIGHBOURHOOD_MODEL_KINDS = List.of(Neighbourhood.CRITICAL,
      Neighbourhood.DRAM, Neighbourhood.CRITICAL, Neighbourhood.TIME_WINDOW, Neighbourhood.CRITICAL,
      Neighbourhood.LAYERS, Neighbourhood.CRITICAL, Neighbourhood.TWO_CORES);

  /**
   * Share of the time limit the allocation search takes before the steps. Measured (docs/EXACT.md,
   * loaded machine, 60 s): alone it lowered ResNet-18 on quad-core 32 % below greedy and ResNet-18
   * with Stream's tpu_like files 18 %, where the steps had reached 13-15 % and 0.0 %.
   */
  public static final double SEARCH_SHARE = 0.75;

  /**
   * The share of a wall-clock limit the {@link AssignmentBound} takes before the search starts: on
   * resnet18 × hetero-quad it raises the bound by 6 % in a few seconds, where every other bound
   * stops at the DRAM traffic.
   */
  public static final double BOUND_SHARE = 0.1;

  /**
   * Options of a run.
   *
   * @param timeLimitSeconds wall-clock limit of the whole search (s), 0 for none
   * @param maxSteps neighbourhoods to re-optimise at most, 0 for no limit (then a time limit is
   *     needed)
   * @param stepDeterministicTime CP-SAT's deterministic limit per neighbourhood
   * @param workers CP-SAT workers per neighbourhood
   * @param seed seed of the neighbourhood choice, of CP-SAT and of the allocation search
   * @param wholeModelTasks IR tasks from which a step solves the neighbourhood's own model;
   *     below, the restricted whole model ({@link #WHOLE_MODEL_TASKS} by default)
   * @param searchShare share of the time limit for the allocation search that runs before the
   *     steps ({@link AllocationSearch}), 0 to 1
   * @param searchDecodes candidates that search decodes at most, 0 for no limit but its share of
   *     the time; with no time limit and 0, it does not run
   */
  public record Options(double timeLimitSeconds, int maxSteps, double stepDeterministicTime, int workers,
      int seed, int wholeModelTasks, double searchShare, int searchDecodes) {
    public Options {
      checkArgument(timeLimitSeconds >= 0, "time limit must be >= 0 s, got %s", timeLimitSeconds);
      checkArgument(maxSteps >= 0, "step limit must be >= 0, got %s", maxSteps);
      checkArgument(timeLimitSeconds > 0 || maxSteps > 0, "the search needs a time limit or a step limit");
      checkArgument(stepDeterministicTime > 0, "deterministic limit per step must be > 0, got %s",
          stepDeterministicTime);
      checkArgument(workers >= 1, "workers must be >= 1, got %s", workers);
      checkArgument(wholeModelTasks >= 0, "whole-model threshold must be >= 0 tasks, got %s", wholeModelTasks);
      checkArgument(searchShare >= 0 && searchShare <= 1, "search share must be in [0, 1], got %s", searchShare);
      checkArgument(searchDecodes >= 0, "decode limit must be >= 0, got %s", searchDecodes);
    }

    /** These options with the whole-model threshold {@code tasks}. */
    public Options withWholeModelTasks(int tasks) {
      return new Options(timeLimitSeconds, maxSteps, stepDeterministicTime, workers, seed, tasks, searchShare,
          searchDecodes);
    }

    /** These options with the allocation search's {@code share} of the time and at most {@code decodes} candidates. */
    public Options withSearch(double share, int decodes) {
      return new Options(timeLimitSeconds, maxSteps, stepDeterministicTime, workers, seed, wholeModelTasks, share,
          decodes);
    }

    /**
     * {@code seconds} of search on {@code workers}, 0.3 deterministic units per step (on
     * ResNet-18 on quad-core, 106 tiles, with the neighbourhood's own model: 0.5-5 s of CPU a step,
     * nearly all of it CP-SAT's search of the 800-900 tasks of a 24-54-tile neighbourhood), {@link
     * #SEARCH_SHARE} of it for the allocation search first.
     */
    public static Options timed(double seconds, int workers, int seed) {
      return new Options(seconds, 0, 0.3, workers, seed, WHOLE_MODEL_TASKS, SEARCH_SHARE, 0);
    }

    /**
     * Reproducible runs: {@code steps} steps of {@code stepLimit} deterministic units on one worker, seed 0,
     * without the allocation search ({@link #withSearch} adds it).
     */
    public static Options deterministic(int steps, double stepLimit) {
      return new Options(0, steps, stepLimit, 1, 0, WHOLE_MODEL_TASKS, 0, 0);
    }

  }

  private final Options options;
  private final List<Scheduler> starts;
  private final Consumer<Progress> progress;
  private final ScheduleChecker checker = new ScheduleChecker();
  private final Engine engine;
  private final AllocationSearch allocation;
  private volatile boolean stopped;

  /**
   * Starts from the best of {@link CpSatScheduler#greedyWarmStarts}.
   *
   * @param options limits, workers and seed
   * @param progress receives the start and every lower latency found, with the bound
   */
  public LnsScheduler(Options options, Consumer<Progress> progress) {
    this(options, CpSatScheduler.greedyWarmStarts(), progress);
  }

  /**
   * @param options limits, workers and seed
   * @param starts the schedulers whose best schedule the search starts from, keyed in {@link
   *     #solve(SchedulingProblem, Map)}'s known runs by {@link CpSatScheduler#warmStartName}
   * @param progress receives the start and every lower latency found, with the bound
   */
  public LnsScheduler(Options options, List<Scheduler> starts, Consumer<Progress> progress) {
    this.options = options;
    this.starts = ImmutableList.copyOf(starts);
    this.progress = progress;
    // CP-SAT for its deterministic limit, which makes a one-worker search repeatable.
    this.engine = new CpSatSolver(new CpSatParameters(new Limits(0, options.workers(), options.seed(), 0),
        options.stepDeterministicTime()));
    this.allocation = options.searchDecodes() > 0 || options.timeLimitSeconds() * options.searchShare() > 0
        ? new AllocationSearch(new AllocationSearch.Options(options.timeLimitSeconds() * allocationShare(options),
            options.searchDecodes(), options.seed()))
        : null;
  }

  @Override
  public String name() {
    return "lns";
  }

  @Override
  public ScheduleResult schedule(SchedulingProblem problem) {
    return solve(problem).result();
  }

  /**
   * Stops the search; {@link #solve} then returns the incumbent. Thread-safe (for a shutdown hook
   * on Ctrl-C).
   */
  public void stop() {
    stopped = true;
    engine.stop();
    if (allocation != null) {
      allocation.stop();
    }
  }

  /** The incumbent: a checker-valid schedule, its report and its IR solution. */
  private record Incumbent(Schedule schedule, CheckReport report, IrSolution solution) {
    long latency() {
      return report.metrics().latencyCycles();
    }
  }

  /**
   * Searches {@code problem}.
   *
   * @throws ProblemException when no greedy scheduler finds a checker-valid schedule that
   *     the model holds (the search has nothing to start from)
   */
  public LnsResult solve(SchedulingProblem problem) {
    return solve(problem, Map.of());
  }

  /**
   * Searches {@code problem} as {@link #solve(SchedulingProblem)} does, taking each start whose
   * {@linkplain CpSatScheduler#warmStartName name} is a key of {@code known} from there instead of
   * running and checking it again (a comparison has already done both); the others run here.
   *
   * @param known runs on {@code problem}, with the checker's reports, of schedulers configured as the
   *     start of that name
   * @throws ProblemException as {@link #solve(SchedulingProblem)}
   */
  public LnsResult solve(SchedulingProblem problem, Map<String, CpSatScheduler.KnownStart> known) {
    checkNotNull(known, "known starts are missing");
    long startNanos = System.nanoTime();
    TileModel model = TileModel.compile(problem, Allocation.TILE, CoreSymmetry.none(problem), false);
    IrProblem ir = model.ir().withoutSlackStorage();
    long analytical = LatencyBounds.of(problem).bestCycles();
    String startName = null;
    Incumbent incumbent = null;
    List<AllocationSearch.Start> valid = new ArrayList<>();
    for (Scheduler greedy : starts) {
      String name = CpSatScheduler.warmStartName(greedy);
      Optional<Incumbent> candidate = greedyStart(problem, model, ir, greedy, Optional.ofNullable(known.get(name)));
      candidate.ifPresent(c -> valid.add(new AllocationSearch.Start(c.schedule(), c.report(),
          !(greedy instanceof LayerByLayerScheduler))));
      if (candidate.isPresent() && (incumbent == null || candidate.get().latency() < incumbent.latency())) {
        incumbent = candidate.get();
        startName = greedy.name();
      }
    }
    if (incumbent == null) {
      // A limit of the model, not of the input: with --compare the other schedulers still report.
      throw new ProblemException(String.format("no greedy scheduler found a valid schedule of %s on %s to start "
          + "from (none is one the exact model holds)", problem.graph().workload().name(),
          problem.accelerator().name()));
    }
    long startLatency = incumbent.latency();
    // The start is reported before the assignment bound is searched, so the first incumbent comes early.
    report(Progress.Event.SOLUTION, startNanos, incumbent.latency(), analytical);
    long bound = incumbent.latency() > analytical && !stopped ? raised(problem, analytical) : analytical;
    boolean wholeModel = ir.size() < options.wholeModelTasks();
    int decodes = 0;
    int decodeImprovements = 0;
    if (allocation != null && !stopped) {
      AllocationSearch.Result found = allocation.search(problem, valid,
          s -> IrChecker.check(ir, model.toSolution(s)).valid(),
          latency -> report(Progress.Event.SOLUTION, startNanos, latency, bound));
      decodes = found.decodes();
      decodeImprovements = found.improvements();
      if (found.improvements() > 0) {
        incumbent = new Incumbent(found.schedule(), found.report(), model.toSolution(found.schedule()));
      }
    }
    SubProblem.Index index = wholeModel ? null : new SubProblem.Index(ir);
    Optional<Incumbent> shifted = leftShifted(problem, model, ir, incumbent.solution());
    if (shifted.isPresent() && shifted.get().latency() < incumbent.latency()) {
      incumbent = shifted.get();
      report(Progress.Event.SOLUTION, startNanos, incumbent.latency(), bound);
    }
    Random random = new Random(options.seed());
    int n = problem.graph().tiles().size();
    int size = Math.min(n, INITIAL_SIZE);
    int steps = 0;
    int improvements = 0;
    long[] tails = null;
    boolean[] critical = null;
    List<LnsStep> log = new ArrayList<>();
    while (!stopped && incumbent.latency() > bound && (options.maxSteps() == 0 || steps < options.maxSteps())) {
      double left = options.timeLimitSeconds() - (System.nanoTime() - startNanos) / 1e9;
      if (options.timeLimitSeconds() > 0 && left <= 0) {
        break;
      }
      IrSolution current = incumbent.solution();
      if (tails == null) {
        tails = tails(ir, current);
        critical = critical(problem, model, ir, current, tails);
      }
      List<Neighbourhood> kinds = wholeModel ? KINDS : NEIGHBOURHOOD_MODEL_KINDS;
      Neighbourhood kind = kinds.get(steps % kinds.size());
      Set<Integer> tiles = kind.pick(problem, incumbent.schedule(), critical, size, random);
      steps++;
      Limits limits = new Limits(options.timeLimitSeconds() > 0 ? left : 0, options.workers(), options.seed() + steps, 0);
      long t0 = System.nanoTime();
      EngineResult r;
      Optional<Incumbent> found;
      int modelTasks;
      long t1;
      long t2;
      if (wholeModel) {
        IrProblem restricted;
        try {
          restricted = Restriction.of(ir, current, model.tasksOf(tiles));
        } catch (IllegalArgumentException cycle) {
          continue;
        }
        modelTasks = restricted.size();
        t1 = System.nanoTime();
        r = engine.solve(restricted, Objective.MAKESPAN, current.makespan(ir), Optional.of(current), limits, p -> { });
        t2 = System.nanoTime();
        found = r.solution().flatMap(s -> accepted(problem, model, ir, s));
      } else {
        SubProblem sub = SubProblem.of(index, current, model.tasksOf(tiles), tails);
        modelTasks = sub.problem().size();
        t1 = System.nanoTime();
        r = engine.solve(sub.problem(), Objective.MAKESPAN, sub.horizon(), Optional.of(sub.hint()), limits, p -> { });
        t2 = System.nanoTime();
        found = r.solution().flatMap(s -> spliced(problem, model, ir, sub.splice(current, s)));
      }
      long before = incumbent.latency();
      long gain = found.map(f -> Math.max(0, before - f.latency())).orElse(0L);
      log.add(new LnsStep(kind.name(), tiles.size(), modelTasks, (t1 - t0) / 1e9, (t2 - t1) / 1e9,
          (System.nanoTime() - t2) / 1e9, r.status(), gain));
      boolean better = found.isPresent() && found.get().latency() < incumbent.latency();
      if (found.isPresent() && found.get().latency() <= incumbent.latency()) {
        incumbent = found.get();
        tails = null;
      }
      if (better) {
        improvements++;
        report(Progress.Event.SOLUTION, startNanos, incumbent.latency(), bound);
      }
      if (r.status() == SolveStatus.OPTIMAL) {
        size = Math.min(n, size + Math.max(1, size / 2));
      } else if (!better) {
        size = Math.max(Math.min(n, MIN_SIZE), size - Math.max(1, size / 3));
      }
    }
    SolveStatus status = incumbent.latency() <= bound ? SolveStatus.OPTIMAL : SolveStatus.FEASIBLE;
    ScheduleResult result = new ScheduleResult(name(), status, Optional.of(incumbent.schedule()),
        OptionalLong.of(bound));
    return new LnsResult(result, incumbent.report(), startName, startLatency, bound, decodes, decodeImprovements,
        steps, improvements,
        log, (System.nanoTime() - startNanos) / 1e9);
  }

  /**
   * Per tile, whether its task lies on a longest path of {@code solution}'s order: its start plus
   * what follows it ({@code tails}) reaches the makespan. In a left-shifted solution every task
   * starts as early as its order allows, so these are the tiles whose every delay delays the end.
   */
  private static boolean[] critical(SchedulingProblem problem, TileModel model, IrProblem ir, IrSolution solution,
      long[] tails) {
    long makespan = solution.makespan(ir);
    boolean[] critical = new boolean[problem.graph().tiles().size()];
    for (int t = 0; t < critical.length; t++) {
      int task = model.tileTask(t);
      critical[t] = solution.isPresent(task) && solution.starts().get(task) + tails[task] >= makespan;
    }
    return critical;
  }

  /**
   * What follows each task of {@code solution} in its order ({@link OrderGraph#tails}); where the
   * order has a cycle of zero-length tasks, the rest of the makespan after the task's start.
   */
  private static long[] tails(IrProblem ir, IrSolution solution) {
    return OrderGraph.of(ir, solution).tails().orElseGet(() -> {
      long makespan = solution.makespan(ir);
      return solution.starts().stream().mapToLong(s -> Math.max(0, makespan - s)).toArray();
    });
  }

  /**
   * A step's spliced solution, shifted left as far as its order allows if the checkers accept
   * that, else as spliced if they accept it.
   */
  private Optional<Incumbent> spliced(SchedulingProblem problem, TileModel model, IrProblem ir, IrSolution spliced) {
    Optional<Incumbent> shifted = leftShifted(problem, model, ir, spliced);
    return shifted.isPresent() ? shifted : accepted(problem, model, ir, spliced);
  }

  /** {@code solution} shifted left as far as its order allows ({@link OrderGraph}), if the checkers accept it. */
  private Optional<Incumbent> leftShifted(SchedulingProblem problem, TileModel model, IrProblem ir,
      IrSolution solution) {
    return OrderGraph.of(ir, solution).earliestStarts(solution).flatMap(s -> accepted(problem, model, ir, s));
  }

  /**
   * The {@code analytical} bound of {@code problem} (cycles), raised by the assignment bound in
   * {@link #BOUND_SHARE} of the wall-clock limit when there is one; without one the search stays
   * reproducible.
   */
  private long raised(SchedulingProblem problem, long analytical) {
    if (options.timeLimitSeconds() == 0) {
      return analytical;
    }
    RelaxationBound.Settings settings = new RelaxationBound.Settings(options.timeLimitSeconds() * BOUND_SHARE, 0,
        options.workers(), options.seed());
    return AssignmentBound.of(problem, TileTimes.of(problem), analytical, settings).orElse(analytical);
  }

  /**
   * The allocation search's share of the wall-clock limit: its own less the {@link #BOUND_SHARE},
   * since on the medium suite its improvements stop well before its end (the same ones with 3 %
   * fewer decodes), while the steps still improve until the limit.
   */
  private static double allocationShare(Options options) {
    return options.searchShare() > BOUND_SHARE ? options.searchShare() - BOUND_SHARE : options.searchShare();
  }

  private void report(Progress.Event event, long startNanos, long latency, long bound) {
    progress.accept(new Progress(event, (System.nanoTime() - startNanos) / 1e9, latency, bound,
        Progress.gap(latency, bound)));
  }

  /**
   * The greedy schedule of {@code greedy} (its {@code given} run if there is one, else run now), if
   * the checker accepts it and the model holds it exactly.
   */
  private Optional<Incumbent> greedyStart(SchedulingProblem problem, TileModel model, IrProblem ir,
      Scheduler greedy, Optional<CpSatScheduler.KnownStart> given) {
    ScheduleResult r;
    if (given.isPresent()) {
      r = given.get().result();
    } else {
      try {
        r = greedy.schedule(problem);
      } catch (IllegalArgumentException e) {
        return Optional.empty();
      }
    }
    if (r.schedule().isEmpty()) {
      return Optional.empty();
    }
    Schedule schedule = r.schedule().get();
    CheckReport report = given.flatMap(CpSatScheduler.KnownStart::check)
        .orElseGet(() -> checker.check(problem, schedule));
    if (!report.valid()) {
      return Optional.empty();
    }
    IrSolution solution = model.toSolution(schedule);
    return IrChecker.check(ir, solution).valid() ? Optional.of(new Incumbent(schedule, report, solution))
        : Optional.empty();
  }

  /** The schedule of a step's solution, if the IR checker and the schedule checker accept it. */
  private Optional<Incumbent> accepted(SchedulingProblem problem, TileModel model, IrProblem ir, IrSolution s) {
    if (!IrChecker.check(ir, s).valid()) {
      return Optional.empty();
    }
    Schedule schedule = model.toSchedule(s);
    CheckReport report = checker.check(problem, schedule);
    return report.valid() ? Optional.of(new Incumbent(schedule, report, s)) : Optional.empty();
  }
}
