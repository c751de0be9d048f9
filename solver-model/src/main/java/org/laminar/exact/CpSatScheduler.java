package org.laminar.exact;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import com.google.common.collect.ImmutableList;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.laminar.bound.EnergyBound;
import org.laminar.bound.LatencyBounds;
import org.laminar.bound.MemoryBound;
import org.laminar.check.CheckReport;
import org.laminar.check.Metrics;
import org.laminar.check.ScheduleChecker;
import org.laminar.cpsat.CpSatParameters;
import org.laminar.cpsat.CpSatSolver;
import org.laminar.engine.Engine;
import org.laminar.engine.EngineResult;
import org.laminar.engine.Horizons;
import org.laminar.engine.Limits;
import org.laminar.engine.Objective;
import org.laminar.engine.Progress;
import org.laminar.engine.SolverStatistics;
import org.laminar.greedy.HeftScheduler;
import org.laminar.greedy.LayerByLayerScheduler;
import org.laminar.greedy.ListScheduler;
import org.laminar.hardware.Core;
import org.laminar.hardware.MemoryLevel;
import org.laminar.ir.IrChecker;
import org.laminar.ir.IrProblem;
import org.laminar.ir.IrSolution;
import org.laminar.schedule.ActivationStreams;
import org.laminar.schedule.ProblemException;
import org.laminar.schedule.Schedule;
import org.laminar.schedule.ScheduleResult;
import org.laminar.schedule.Scheduler;
import org.laminar.schedule.SchedulingProblem;
import org.laminar.schedule.SolveStatus;
import org.laminar.tiling.Tile;
import org.laminar.tiling.TileEdge;
import org.laminar.workload.Operand;

/**
 * Exact scheduling with an {@link Engine} (CP-SAT unless given another): compiles the problem
 * ({@link TileModel}), hints the best schedule of the warm-start schedulers in full (every
 * variable), bounds the horizon by it, breaks core
 * symmetries ({@link CoreSymmetry}), solves, and returns the schedule only after the
 * {@link ScheduleChecker} has accepted it.
 *
 * <p>Goals: {@link Goal#LATENCY} minimises the makespan, the horizon being the hinted makespan.
 * {@link Goal#ENERGY} and {@link Goal#MEMORY} (the peak of the fullest local memory) minimise
 * their value over all makespans. {@link Goal#EDP} minimises the exact product energy × makespan
 * of two model variables (energy rounded to integer units, see {@link Objective#EDP}); no schedule
 * longer than hinted EDP / least energy can beat the hint, which bounds its horizon.
 * {@link Goal#LATENCY_ENERGY} solves for latency, then minimises energy within the latency found.
 * The time limit covers both stages.
 *
 * <p>Bounds: the solver's proven bound, raised for latency to the analytical
 * {@link LatencyBounds#bestCycles} and for memory to {@link MemoryBound#fullestMemoryBits}; it bounds the schedules of the model (the allocation
 * granularity, transfers on the shortest routes, activation streams from the tile's start). The result's latency lower bound, which other
 * schedulers' gaps may use, is that bound only with allocation per tile, else the analytical one. Status: {@link SolveStatus#OPTIMAL} when the solver proved it,
 * {@link SolveStatus#FEASIBLE} otherwise; {@link SolveStatus#INFEASIBLE} when the solver proved
 * that no schedule of the model exists and no warm start found one either.
 */
public final class CpSatScheduler implements Scheduler {

  /**
   * Options of a run.
   *
   * @param goal what to minimise
   * @param allocation per tile (default) or per layer
   * @param parameters limits of the CP-SAT engine that the three-argument constructor builds
   * @param symmetryBreaking whether to forbid symmetric copies of allocations on identical cores
   * @param maxChoices the largest model built, in {@link #choices} (tile placements and transfer
   *     routes); above it the run reports the best checked warm start instead
   */
  public record Options(Goal goal, Allocation allocation, CpSatParameters parameters, boolean symmetryBreaking,
      long maxChoices) {
    /**
     * The default {@link #maxChoices}. ResNet-18 on quad-core (106 tiles) has 3,960 choices: 5,229
     * IR modes, 0.34-0.59 GB peak for the whole command. ResNet-18 with Stream's tpu_like_quad_core
     * files (2,592 tiles) has 184,395 (230,642 modes with {@code --allocation layer}): 5.1 GB peak,
     * and with {@code --time-limit 20} the command took 345 s on a loaded machine, the model
     * building and CP-SAT's presolve far beyond the limit. Memory grows about linearly with the
     * modes (22 kB a mode, 1.25 modes a choice): 50,000 choices are about 1.4 GB.
     */
    public static final long DEFAULT_MAX_CHOICES = 50_000;

    public Options {
      checkNotNull(goal, "objective is missing");
      checkNotNull(allocation, "allocation is missing");
      checkNotNull(parameters, "solver parameters are missing");
      checkArgument(maxChoices > 0, "the model size limit must be > 0 choices, got %s", maxChoices);
    }

    public Options(Goal goal, Allocation allocation, CpSatParameters parameters, boolean symmetryBreaking) {
      this(goal, allocation, parameters, symmetryBreaking, DEFAULT_MAX_CHOICES);
    }

    /** Latency, per-tile allocation, 60 s on 2 workers, symmetry breaking on, {@link #DEFAULT_MAX_CHOICES}. */
    public static Options defaults() {
      return new Options(Goal.LATENCY, Allocation.TILE, CpSatParameters.defaults(), true);
    }

    public Options withGoal(Goal g) {
      return new Options(g, allocation, parameters, symmetryBreaking, maxChoices);
    }

    public Options withAllocation(Allocation a) {
      return new Options(goal, a, parameters, symmetryBreaking, maxChoices);
    }

    public Options withParameters(CpSatParameters p) {
      return new Options(goal, allocation, p, symmetryBreaking, maxChoices);
    }

    public Options withSymmetryBreaking(boolean on) {
      return new Options(goal, allocation, parameters, on, maxChoices);
    }

    public Options withMaxChoices(long choices) {
      return new Options(goal, allocation, parameters, symmetryBreaking, choices);
    }
  }

  private final Options options;
  private final List<Scheduler> warmStarts;
  private final Consumer<Progress> progress;
  private final Engine solver;
  /** One flag per solve in progress, raised by {@link #stop} (a stopped solve skips its second stage). */
  private final Set<AtomicBoolean> solving = ConcurrentHashMap.newKeySet();
  private final ScheduleChecker checker = new ScheduleChecker();

  /**
   * @param options goal, allocation and solver parameters
   * @param warmStarts schedulers whose best valid schedule is hinted (e.g. the greedy ones)
   * @param progress receives every improving solution and every rising bound (see
   *     {@link CpSatSolver#solve})
   */
  public CpSatScheduler(Options options, List<Scheduler> warmStarts, Consumer<Progress> progress) {
    this(options, new CpSatSolver(options.parameters()), warmStarts, progress);
  }

  /**
   * @param options goal, allocation and symmetry breaking (the parameters are not used: the
   *     engine has its own limits)
   * @param engine the engine that solves the compiled model, within its limits
   * @param warmStarts schedulers whose best valid schedule is hinted (e.g. the greedy ones)
   * @param progress receives every improving solution and every rising bound
   */
  public CpSatScheduler(Options options, Engine engine, List<Scheduler> warmStarts, Consumer<Progress> progress) {
    this.options = options;
    this.warmStarts = ImmutableList.copyOf(warmStarts);
    this.progress = progress;
    this.solver = engine;
  }

  /** The greedy schedulers, as warm starts: lbl, list (memory and latency priorities), heft. */
  public static List<Scheduler> greedyWarmStarts() {
    return List.of(new LayerByLayerScheduler(), new ListScheduler(ListScheduler.Priority.MEMORY),
        new ListScheduler(ListScheduler.Priority.LATENCY), new HeftScheduler());
  }

  /** The allocation granularity, as spelled on the command line ({@code layer} or {@code tile}). */
  public String allocation() {
    return options.allocation().name().toLowerCase(Locale.ROOT);
  }

  /** The engine's name ({@code cpsat}, {@code choco}). */
  @Override
  public String name() {
    return solver.name();
  }

  @Override
  public ScheduleResult schedule(SchedulingProblem problem) {
    return solve(problem).result();
  }

  /**
   * Stops the solves in progress; each {@link #solve} then returns the best schedule found so far.
   * Later solves run normally. Thread-safe: meant for a shutdown hook on Ctrl-C (the command
   * line's).
   */
  public void stop() {
    solving.forEach(flag -> flag.set(true));
    solver.stop();
  }

  /**
   * A warm start's run that a caller already made and had checked, so that {@link #solve(
   * SchedulingProblem, Map)} need not run the scheduler again.
   *
   * @param result what the scheduler returned on the problem being solved
   * @param check the checker's report on {@code result}'s schedule; present exactly when it has one
   */
  public record KnownStart(ScheduleResult result, Optional<CheckReport> check) {
    public KnownStart {
      checkNotNull(result, "result is missing");
      checkNotNull(check, "check report is missing");
      checkArgument(check.isPresent() == result.schedule().isPresent(),
          "a check report is needed exactly when %s returned a schedule", result.scheduler());
    }
  }

  /** A schedule the warm starts found, the checker accepted, and its IR solution. */
  private record Start(String scheduler, Schedule schedule, Metrics metrics, IrSolution solution, boolean inModel) {}

  /**
   * Solves {@code problem} for the goal of the options.
   *
   * @throws IllegalArgumentException when a tile fits no allowed core's local memories (the
   *     message names the tile, layer, core and memory)
   */
  public ExactResult solve(SchedulingProblem problem) {
    return solve(problem, Map.of());
  }

  /**
   * Solves {@code problem} as {@link #solve(SchedulingProblem)} does, taking each warm start whose
   * {@linkplain #warmStartName name} is a key of {@code known} from there instead of running it
   * again (a comparison has already run and checked the greedy schedulers); the others run here.
   *
   * @param known runs on {@code problem} of schedulers configured as the warm start of that name
   */
  public ExactResult solve(SchedulingProblem problem, Map<String, KnownStart> known) {
    checkNotNull(known, "known warm starts are missing");
    AtomicBoolean stopped = new AtomicBoolean();
    solving.add(stopped);
    try {
      return solve(problem, known, stopped);
    } finally {
      solving.remove(stopped);
    }
  }

  /**
   * The size of the exact model of {@code problem}, known before it is built: one choice per
   * allowed core of every tile, and one per (producer core, consumer core) pair of every edge (a
   * transfer's route). It tracks the model's modes (ResNet-18 on quad-core: 3,960 choices, 5,229
   * modes; with Stream's files: 184,395 and, per layer, 230,642), which memory and build time follow.
   */
  public static long choices(SchedulingProblem problem) {
    long choices = 0;
    for (Tile tile : problem.graph().tiles()) {
      choices += problem.allowedCores(tile).size();
    }
    for (TileEdge e : problem.graph().edges()) {
      choices += (long) problem.allowedCores().get(e.producer()).size() * problem.allowedCores().get(e.consumer()).size();
    }
    return choices;
  }

  /**
   * Why the exact model of {@code problem} is not built, if it is too large for this scheduler's
   * {@link Options#maxChoices}; {@link #solve} then reports the best checked warm start.
   */
  public Optional<String> tooLarge(SchedulingProblem problem) {
    long choices = choices(problem);
    return choices <= options.maxChoices() ? Optional.empty() : Optional.of(String.format(Locale.ROOT,
        "the exact model would have %,d choices (tile placements and transfer routes), more than the %,d it is built "
            + "for (docs/EXACT.md, \"Too large\"); running the warm starts only", choices, options.maxChoices()));
  }

  private ExactResult solve(SchedulingProblem problem, Map<String, KnownStart> known, AtomicBoolean stopped) {
    long start = System.nanoTime();
    checkTilesFit(problem);
    Optional<String> tooLarge = tooLarge(problem);
    if (tooLarge.isPresent()) {
      return withoutModel(problem, known, tooLarge.get());
    }
    CoreSymmetry symmetry = options.symmetryBreaking() ? CoreSymmetry.of(problem) : CoreSymmetry.none(problem);
    TileModel model = TileModel.compile(problem, options.allocation(), symmetry, options.goal() == Goal.MEMORY);
    List<Start> starts = warmStarts(problem, known, model, symmetry);
    Optional<Start> best = best(starts.stream().filter(Start::inModel).toList());
    long sum = Horizons.sumOfDurations(model.ir());
    Optional<IrSolution> hint = best.map(Start::solution);
    // Memories that hold everything at once constrain nothing, except the peak being minimised.
    IrProblem ir = options.goal() == Goal.MEMORY ? model.ir() : model.ir().withoutSlackStorage();
    long analytical = LatencyBounds.of(problem).bestCycles();
    if (stopped.get()) {
      // Stopped during the warm starts: the best of them is the answer.
      return result(problem, model, EngineResult.notRun(), starts, analytical);
    }
    // The hinted schedule is checked and in the model: it is CP-SAT's incumbent from now on, reported before
    // the model is translated and presolved (seconds at 5,000 tiles), and returned if the search finds nothing
    // better. Not for an engine that may refuse the model in its solve (Choco): its refusal must stand alone.
    Consumer<Progress> lines = Progress.raised(progress, floor(problem, analytical), start);
    hint.filter(h -> !solver.mayRefuseInSolve()).ifPresent(h -> lines.accept(
        new Progress(Progress.Event.SOLUTION, 0, firstObjective().value(ir, h), Double.NEGATIVE_INFINITY, 0)));
    // --time-limit bounds the whole solve: the search gets what the warm starts and the model left.
    Limits limits = solver.limits().remainingSince(start);
    EngineResult result = switch (options.goal()) {
      case LATENCY -> solver.solve(ir, Objective.MAKESPAN, hint.map(h -> h.makespan(ir)).orElse(sum), hint, limits,
          lines);
      case ENERGY -> solver.solve(ir, Objective.ENERGY, sum, hint, limits, lines);
      case MEMORY -> solver.solve(ir, Objective.PEAK_STORAGE, sum, hint, limits, lines);
      case EDP -> solver.solve(ir, Objective.EDP, edpHorizon(model, best, sum), hint, limits, lines);
      case LATENCY_ENERGY -> latencyThenEnergy(ir, hint, sum, limits, stopped, lines, start);
    };
    return result(problem, model, result, starts, analytical);
  }

  /** The objective of the (first) solve for the goal: the makespan for {@code latency,energy}. */
  private Objective firstObjective() {
    return switch (options.goal()) {
      case LATENCY, LATENCY_ENERGY -> Objective.MAKESPAN;
      case ENERGY -> Objective.ENERGY;
      case MEMORY -> Objective.PEAK_STORAGE;
      case EDP -> Objective.EDP;
    };
  }

  /**
   * The proven lower bound that the result raises the solver's to (in the first solve's unit): the
   * analytical latency bound, the memory bound, else none (0).
   */
  private double floor(SchedulingProblem problem, long analytical) {
    return switch (options.goal()) {
      case LATENCY, LATENCY_ENERGY -> analytical;
      case MEMORY -> MemoryBound.fullestMemoryBits(problem);
      case ENERGY, EDP -> 0;
    };
  }

  /**
   * Latency first, with {@code lines} (the hint already reported on it), then energy within the
   * latency found, its steps timed from {@code solveStart} too.
   */
  private EngineResult latencyThenEnergy(IrProblem ir, Optional<IrSolution> hint, long sum, Limits limits,
      AtomicBoolean stopped, Consumer<Progress> lines, long solveStart) {
    long start = System.nanoTime();
    EngineResult latency = solver.solve(ir, Objective.MAKESPAN, hint.map(h -> h.makespan(ir)).orElse(sum), hint, limits,
        lines);
    if (latency.solution().isEmpty()) {
      return latency;
    }
    IrSolution first = latency.solution().get();
    if (stopped.get()) {
      return latency;
    }
    Limits second = limits.remainingSince(start);
    EngineResult energy = solver.solve(ir, Objective.ENERGY, first.makespan(ir), Optional.of(first), second,
        Progress.raised(progress, 0, solveStart));
    // The reported status and bound are those of the latency stage: the primary objective.
    return new EngineResult(latency.status(), energy.solution().or(() -> Optional.of(first)), latency.objective(),
        latency.bound(), energy.statistics());
  }

  /** No schedule longer than the hint's EDP over the least possible energy can have a lower EDP. */
  private static long edpHorizon(TileModel model, Optional<Start> best, long sum) {
    if (best.isEmpty()) {
      return sum;
    }
    double leastEnergy = model.leastEnergyPj();
    if (leastEnergy <= 0) {
      return sum;
    }
    double edp = best.get().solution().makespan(model.ir()) * best.get().solution().energyPj(model.ir());
    return Math.min(sum, Math.max(best.get().solution().makespan(model.ir()), (long) Math.floor(edp / leastEnergy)));
  }

  private List<Start> warmStarts(SchedulingProblem problem, Map<String, KnownStart> known, TileModel model,
      CoreSymmetry symmetry) {
    List<Start> starts = new ArrayList<>();
    for (Scheduler s : warmStarts) {
      Optional<KnownStart> given = Optional.ofNullable(known.get(warmStartName(s)));
      Optional<Schedule> raw = given.map(g -> g.result().schedule()).orElseGet(() -> schedule(s, problem));
      if (raw.isEmpty()) {
        continue;
      }
      Schedule schedule = symmetry.canonical(raw.get(), model.representatives());
      CheckReport report = check(problem, schedule, given);
      if (!report.valid()) {
        continue;
      }
      IrSolution solution = model.toSolution(schedule);
      starts.add(new Start(warmStartName(s), schedule, report.metrics(), solution,
          IrChecker.check(model.ir(), solution).valid()));
    }
    return starts;
  }

  /** {@code s}'s schedule of {@code problem}; empty when it has none or refuses the problem. */
  private static Optional<Schedule> schedule(Scheduler s, SchedulingProblem problem) {
    try {
      return s.schedule(problem).schedule();
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  /**
   * The checker's report on {@code schedule}: the known one when it is that very schedule (breaking
   * the core symmetry may have moved it to other cores), else checked now.
   */
  private CheckReport check(SchedulingProblem problem, Schedule schedule, Optional<KnownStart> given) {
    return given.filter(g -> g.result().schedule().orElse(null) == schedule).flatMap(KnownStart::check)
        .orElseGet(() -> checker.check(problem, schedule));
  }

  private ExactResult result(SchedulingProblem problem, TileModel model, EngineResult cp, List<Start> starts,
      long analytical) {
    boolean latencyGoal = options.goal() == Goal.LATENCY || options.goal() == Goal.LATENCY_ENERGY;
    double bound = latencyGoal ? Math.max(Math.ceil(cp.bound() - 1e-6), analytical)
        : options.goal() == Goal.MEMORY ? Math.max(cp.bound(), floor(problem, analytical)) : cp.bound();
    // The solver's bound holds for the schedules of the model. Per tile, that is every schedule whose
    // transfers take the shortest routes (as every Laminar scheduler's do); per layer it is not a
    // bound on schedules that split a layer over cores, so only the analytical bound is passed on.
    boolean holdsForAll = latencyGoal && options.allocation() == Allocation.TILE;
    OptionalLong latencyBound = OptionalLong.of(holdsForAll ? (long) bound : analytical);
    Optional<String> hintName = best(starts.stream().filter(Start::inModel).toList()).map(Start::scheduler);
    if (cp.solution().isPresent()) {
      Schedule schedule = model.toSchedule(cp.solution().get());
      CheckReport report = checker.check(problem, schedule);
      if (!report.valid()) {
        throw new IllegalStateException(name() + " schedule rejected by the checker (a modelling bug): "
            + report.violations().get(0).message());
      }
      SolveStatus status = cp.status() == SolveStatus.OPTIMAL ? SolveStatus.OPTIMAL
          : SolveStatus.FEASIBLE;
      return new ExactResult(new ScheduleResult(name(), status, Optional.of(schedule), latencyBound), options.goal(),
          Optional.of(report), value(report.metrics(), options.goal()), bound, cp.bound(), analytical, hintName,
          cp.statistics(), Optional.empty());
    }
    Optional<Start> anyGreedy = best(starts);
    if (anyGreedy.isPresent()) {
      // Not a CP-SAT schedule: reported under the name of the scheduler that made it, as a heuristic.
      Start s = anyGreedy.get();
      return new ExactResult(new ScheduleResult(s.scheduler(), SolveStatus.HEURISTIC, Optional.of(s.schedule()),
          latencyBound), options.goal(), Optional.of(checker.check(problem, s.schedule())),
          value(s.metrics(), options.goal()), bound, cp.bound(), analytical, Optional.of(s.scheduler()),
          cp.statistics(), Optional.of((cp.status() == SolveStatus.INFEASIBLE
              ? "no schedule with allocation per " + allocation() + " exists"
              : name() + " found no schedule in time") + "; reporting the best warm start's schedule, under its name: "
              + s.scheduler()));
    }
    boolean infeasible = cp.status() == SolveStatus.INFEASIBLE;
    String message = infeasible
        ? "no schedule of " + problem.graph().workload().name() + " on " + problem.accelerator().name()
            + " fits the local memories (" + name() + " proved it, allocation per "
            + allocation() + ", spilling to DRAM allowed)"
        : name() + " found no schedule within the limits";
    return new ExactResult(new ScheduleResult(name(), infeasible ? SolveStatus.INFEASIBLE : SolveStatus.UNKNOWN,
        Optional.empty(), latencyBound), options.goal(), Optional.empty(), Double.NaN, bound, cp.bound(), analytical,
        Optional.empty(), cp.statistics(), Optional.of(message));
  }

  /**
   * The answer when the model is not built ({@code why}): the best warm start the checker accepts,
   * under its own name, as a heuristic, with its own figures; the bound is the analytical one
   * (latency) or {@link MemoryBound} (memory), else 0.
   */
  private ExactResult withoutModel(SchedulingProblem problem, Map<String, KnownStart> known, String why) {
    long analytical = LatencyBounds.of(problem).bestCycles();
    double bound = switch (options.goal()) {
      case LATENCY, LATENCY_ENERGY -> analytical;
      case MEMORY -> MemoryBound.fullestMemoryBits(problem);
      case ENERGY -> EnergyBound.leastPj(problem);
      // Latency and energy are positive and each at least its bound, so their product is too.
      case EDP -> analytical * EnergyBound.leastPj(problem);
    };
    OptionalLong latencyBound = OptionalLong.of(analytical);
    SolverStatistics none = EngineResult.notRun().statistics();
    String bestName = null;
    Schedule best = null;
    CheckReport bestReport = null;
    for (Scheduler s : warmStarts) {
      Optional<KnownStart> given = Optional.ofNullable(known.get(warmStartName(s)));
      Optional<Schedule> schedule = given.map(g -> g.result().schedule()).orElseGet(() -> schedule(s, problem));
      if (schedule.isEmpty()) {
        continue;
      }
      CheckReport report = check(problem, schedule.get(), given);
      if (report.valid() && (bestReport == null
          || value(report.metrics(), options.goal()) < value(bestReport.metrics(), options.goal()))) {
        bestName = warmStartName(s);
        best = schedule.get();
        bestReport = report;
      }
    }
    if (best == null) {
      return new ExactResult(new ScheduleResult(name(), SolveStatus.UNKNOWN, Optional.empty(), latencyBound),
          options.goal(), Optional.empty(), Double.NaN, bound, 0, analytical, Optional.empty(), none,
          Optional.of(why + "; no warm start found a schedule"));
    }
    return new ExactResult(new ScheduleResult(bestName, SolveStatus.HEURISTIC, Optional.of(best), latencyBound),
        options.goal(), Optional.of(bestReport), value(bestReport.metrics(), options.goal()), bound, 0, analytical,
        Optional.of(bestName), none, Optional.of(why + "; reporting the best warm start's schedule, under its name: "
            + bestName));
  }

  /**
   * A warm start's name as a user would run it ({@code list} alone is the memory-priority rule): the
   * key of its run in {@link #solve(SchedulingProblem, Map)}'s known starts.
   */
  public static String warmStartName(Scheduler s) {
    return s instanceof ListScheduler list && list.priority() == ListScheduler.Priority.LATENCY
        ? "list --priority latency" : s.name();
  }

  /** The start with the least value of the goal. */
  private Optional<Start> best(List<Start> starts) {
    return starts.stream().min((a, b) -> Double.compare(value(a.metrics(), options.goal()),
        value(b.metrics(), options.goal())));
  }

  /** The value of {@code goal} in the checker's metrics (for {@code latency,energy}: latency). */
  static double value(Metrics m, Goal goal) {
    return goal.value(m);
  }

  /**
   * Fails fast, with a message naming the tile, when on every allowed core one of its local
   * memories cannot hold what the tile needs while it runs: its weight slice, its inputs and its
   * output.
   */
  private static void checkTilesFit(SchedulingProblem problem) {
    List<List<TileEdge>> incoming = problem.graph().incoming();
    // Per (layer, core): the layer's weight bits that may go there, once, not once per tile of the layer.
    Map<List<Integer>, Long> layerBitsOn = new HashMap<>();
    Map<Integer, List<Tile>> byLayer = problem.graph().tiles().stream().collect(Collectors.groupingBy(Tile::layer));
    for (Tile tile : problem.graph().tiles()) {
      String worst = null;
      for (int c : problem.allowedCores(tile)) {
        Core core = problem.accelerator().core(c);
        Map<Operand, Long> need = new EnumMap<>(Operand.class);
        // Weights that may be streamed need no room.
        long layerBits = layerBitsOn.computeIfAbsent(List.of(tile.layer(), c), k -> SchedulingProblem.weightBits(
            byLayer.get(tile.layer()).stream().filter(t -> problem.allowedCores(t).contains(c)).toList()));
        need.put(Operand.W, problem.streamsWeights(core, layerBits) ? 0 : tile.weightBits());
        // Streamed activations need no room either.
        Optional<ActivationStreams> streams = problem.activationStreams(tile, core);
        need.put(Operand.O, streams.isPresent() && streams.get().output() ? 0 : tile.outputBits());
        need.merge(Operand.I, streams.isPresent() && streams.get().input() ? 0 : tile.dramInputBits(), Long::sum);
        for (TileEdge e : incoming.get(tile.id())) {
          Operand operand = problem.receivingOperand(e);
          need.merge(operand, streams.isPresent() && streams.get().streamsIn(operand) ? 0 : e.bits(), Long::sum);
        }
        Map<MemoryLevel, Long> byMemory = new LinkedHashMap<>();
        need.forEach((operand, bits) -> byMemory.merge(problem.memory(core, operand), bits, Long::sum));
        Optional<Map.Entry<MemoryLevel, Long>> over = byMemory.entrySet().stream()
            .filter(m -> m.getValue() > m.getKey().sizeBits()).findFirst();
        if (over.isEmpty()) {
          worst = null;
          break;
        }
        worst = String.format("tile %s (layer '%s') needs %s bits in memory %s of core %s, which holds %s",
            tile.id(), problem.graph().workload().layer(tile.layer()).name(), over.get().getValue(),
            over.get().getKey().name(), c, over.get().getKey().sizeBits());
      }
      if (worst != null) {
        throw new ProblemException("no schedule exists: " + worst + " (and no allowed core has room)");
      }
    }
  }
}
