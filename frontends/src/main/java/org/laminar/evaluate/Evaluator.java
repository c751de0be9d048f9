package org.laminar.evaluate;

import static com.google.common.base.Preconditions.checkNotNull;

import com.google.common.collect.ImmutableList;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.laminar.bound.LatencyBounds;
import org.laminar.cost.CostModel;
import org.laminar.cpsat.CpSatParameters;
import org.laminar.engine.Engine;
import org.laminar.exact.Allocation;
import org.laminar.exact.CpSatScheduler;
import org.laminar.exact.ExactResult;
import org.laminar.exact.Goal;
import org.laminar.greedy.GreedySchedulers;
import org.laminar.greedy.ListScheduler;
import org.laminar.hardware.Accelerator;
import org.laminar.io.InputException;
import org.laminar.io.Inputs;
import org.laminar.lns.LnsResult;
import org.laminar.lns.LnsScheduler;
import org.laminar.onnx.OnnxAxes;
import org.laminar.report.Numbers;
import org.laminar.report.Run;
import org.laminar.schedule.ActivationStreams;
import org.laminar.schedule.CopyPhases;
import org.laminar.schedule.ProblemException;
import org.laminar.schedule.Routes;
import org.laminar.schedule.ScheduleResult;
import org.laminar.schedule.Scheduler;
import org.laminar.schedule.SchedulingProblem;
import org.laminar.schedule.StreamPolicy;
import org.laminar.tilesearch.Candidate;
import org.laminar.tilesearch.TilingSearch;
import org.laminar.tiling.Overlap;
import org.laminar.tiling.Tile;
import org.laminar.tiling.Tiling;
import org.laminar.workload.Operand;
import org.laminar.workload.TrainingStep;
import org.laminar.workload.Workload;

/**
 * The evaluation pipeline of one design point, used by {@code laminar schedule} and {@code laminar
 * explore}: read the inputs, tile and cost the workload, bound the latency, run the schedulers and
 * have the checker judge every schedule. It runs in steps so that a caller can act between them
 * (print the problem, arm Ctrl-C, skip a point that cannot pay off): {@link #schedulers}, {@link
 * #prepare}, {@link #forProblem}, {@link #run}.
 *
 * <p>The evaluator keeps no state of its own but the cost model, whose memo is shared by every
 * point it evaluates (bounded, safe for concurrent use): it may evaluate many points at once from
 * many threads.
 */
public final class Evaluator {

  /** Scheduler names, in the order a comparison runs them. */
  public static final List<String> SCHEDULERS = ImmutableList.<String>builder().addAll(GreedySchedulers.NAMES)
      .addAll(SolverSettings.ENGINES).add("lns").build();

  /**
   * Above this many tiles a comparison runs {@code lns} instead of {@code cpsat}. Below it the
   * full model's own search did as well or better (ResNet-18 on quad-core, 106 tiles: CP-SAT
   * 2.72-2.88 M cycles in 60 s, lns 2.86-3.13 M in 30-45 s; docs/EXACT.md, "Large neighbourhood
   * search"); the large suite (2,592 tiles and up) is where the full model's presolve alone
   * outlasts the time limit.
   */
  public static final int LNS_ABOVE_TILES = 1000;

  /** The split of a training step's layers when none is given. */
  private static final String TRAINING_TILING = "oy=4,k=4";

  private final CostModel costModel;

  /** An evaluator whose points share {@code costModel} (and its memo). */
  public Evaluator(CostModel costModel) {
    this.costModel = checkNotNull(costModel, "cost model is missing");
  }

  /**
   * The schedulers {@code point} asks for, its options validated: the named one, or the greedy ones
   * and the exact engines when comparing.
   *
   * @throws InputException naming the option when a value is wrong
   */
  public List<Scheduler> schedulers(Point point, Observer observer) {
    copyPhases(point);
    streamPolicy(point);
    searchGoal(point);
    overlap(point);
    ListScheduler.Priority rule = priority(point);
    Optional<String> scheduler = point.scheduler();
    if (scheduler.isPresent() && !SCHEDULERS.contains(scheduler.get().toLowerCase(Locale.ROOT))) {
      throw new InputException("--scheduler must be one of " + String.join(", ", SCHEDULERS) + ", got '"
          + scheduler.get() + "'");
    }
    if (point.comparing()) {
      List<Scheduler> all = new ArrayList<>(GreedySchedulers.all(rule));
      (point.engines().isEmpty() ? List.of(point.solver().engine()) : point.engines())
          .forEach(e -> all.add(exact(point, e, observer)));
      return all;
    }
    if (SolverSettings.ENGINES.contains(scheduler.get().toLowerCase(Locale.ROOT))) {
      return List.of(exact(point, scheduler.get(), observer));
    }
    if (scheduler.get().equalsIgnoreCase("lns")) {
      return List.of(lns(point, observer));
    }
    return List.of(GreedySchedulers.byName(scheduler.get(), rule));
  }

  private static ListScheduler.Priority priority(Point point) {
    return switch (point.priority().toLowerCase(Locale.ROOT)) {
      case "memory" -> ListScheduler.Priority.MEMORY;
      case "latency" -> ListScheduler.Priority.LATENCY;
      default -> throw new InputException("--priority must be memory or latency, got '" + point.priority() + "'");
    };
  }

  /** The objective of {@code point}'s tiling search ({@code --tiling auto=edp}); empty when it asks for none. */
  private static Optional<Goal> searchGoal(Point point) {
    Optional<Goal> goal = point.tiling().flatMap(t -> InputException.at("--tiling", () -> TilingSearch.goal(t)));
    if (goal.isPresent() && point.mapping().isPresent()) {
      throw new InputException("--tiling " + point.tiling().get().trim() + " searches a tiling and --mapping gives "
          + "one: give one of them");
    }
    return goal;
  }

  /** The exact scheduler on the engine called {@code engine}. */
  private static CpSatScheduler exact(Point point, String engine, Observer observer) {
    CpSatParameters parameters = point.solver().parameters();
    CpSatScheduler.Options options = CpSatScheduler.Options.defaults()
        .withGoal(InputException.at("--objective", () -> Goal.parse(point.objective())))
        .withAllocation(InputException.at("--allocation", () -> Allocation.parse(point.allocation())))
        .withParameters(parameters);
    Engine e = point.solver().engine(engine);
    return new CpSatScheduler(options, e, CpSatScheduler.greedyWarmStarts(), observer.solverProgress(e.name()));
  }

  private static LnsScheduler lns(Point point, Observer observer) {
    if (Goal.parse(point.objective()) != Goal.LATENCY) {
      throw new InputException("lns minimises the latency only; use cpsat for --objective " + point.objective());
    }
    CpSatParameters parameters = point.solver().parameters();
    LnsScheduler.Options options = LnsScheduler.Options.timed(parameters.timeLimitSeconds(), parameters.workers(),
        parameters.seed());
    return new LnsScheduler(options, observer.solverProgress("lns"));
  }

  /**
   * Reads, tiles and costs {@code point}'s problem and bounds its latency.
   *
   * @throws InputException when an input is wrong
   * @throws ProblemException naming the workload and hardware when they cannot be scheduled together
   */
  public Prepared prepare(Point point, Observer observer) {
    observer.phase("reading");
    Workload read = Inputs.workload(point.workload(), OnnxAxes.parse(point.onnxAxes()));
    Workload w = point.training() ? InputException.at("--training", () -> TrainingStep.of(read)) : read;
    Accelerator accelerator = Inputs.withKernels(Inputs.accelerator(point.hardware()), point.mapping(), w);
    observer.phase("tiling");
    Tiling t;
    Optional<TilingSearch.Result> search = Optional.empty();
    StreamPolicy streaming = streamPolicy(point);
    SchedulingProblem problem;
    // The tiling's notes are shown once the tiling is used: a run that stops shows one line, its error (a
    // layer kept at its start split to stream is refused when no streamed view fits it either).
    List<String> notes = new ArrayList<>();
    try {
      t = tiling(point, w, accelerator, notes::add);
      Optional<Goal> goal = searchGoal(point);
      if (goal.isPresent()) {
        notes.forEach(observer::message);
        notes.clear();
        observer.phase("tiling search");
        TilingSearch.Result found = TilingSearch.search(t, startSplit(point), accelerator, costModel,
            Inputs.fusion(point.fuse(), accelerator),
            new TilingSearch.Options(goal.get(), priority(point), copyPhases(point), streaming));
        report(point, found, observer);
        t = found.tiling();
        search = Optional.of(found);
      }
      problem = SchedulingProblem.of(t, accelerator, costModel, observer, streaming)
          .withCopyPhases(copyPhases(point));
      notes.forEach(observer::message);
    } catch (ProblemException e) {
      // The problem is the inputs together: name them, so that the user knows which files to change.
      throw new ProblemException(point.workload() + " on " + point.hardware() + ": " + e.getMessage(), e);
    }
    reportUnconnectedCores(problem, observer);
    reportStreams(problem, observer);
    observer.phase("bounds");
    return new Prepared(point, t, problem, LatencyBounds.of(problem), search);
  }

  /** The split the tiling search starts from: what the run would have without it. */
  private static String startSplit(Point point) {
    return defaultSplit(point) + " (default)";
  }

  /** The search's choice and its candidates in a few lines: the table is for {@code --json} and the report. */
  private static void report(Point point, TilingSearch.Result found, Observer observer) {
    Candidate chosen = found.chosen();
    Candidate start = found.candidates().get(0);
    long valid = found.candidates().stream().filter(Candidate::valid).count();
    Map<String, Long> phases = found.candidates().stream()
        .collect(Collectors.groupingBy(Candidate::phase, LinkedHashMap::new, Collectors.counting()));
    observer.message(String.format(Locale.ROOT, "--tiling %s: %d candidates (%s), %d valid, each scheduled by %s; "
        + "chosen #%d (%s, layers %s, %s): %s %s by %s, start %s", point.tiling().orElseThrow().trim(),
        found.candidates().size(), phases.entrySet().stream().map(e -> e.getValue() + " " + e.getKey())
            .collect(Collectors.joining(", ")), valid, String.join(", ", GreedySchedulers.NAMES), chosen.index(),
        chosen.phase(), chosen.layers(), chosen.split(), found.goal().text(), Numbers.sci(chosen.value(found.goal())),
        chosen.scheduler().orElseThrow(), Numbers.sci(start.value(found.goal()))));
    observer.message("--tiling " + point.tiling().orElseThrow().trim() + ": chosen split " + String.join("; ",
        found.splits()));
    found.notes().forEach(observer::message);
  }

  private static StreamPolicy streamPolicy(Point point) {
    return InputException.at("--stream", () -> StreamPolicy.parse(point.stream()));
  }

  /** One line naming the layers some of whose tiles (may) stream their activations from DRAM on some allowed core. */
  private static void reportStreams(SchedulingProblem problem, Observer observer) {
    Set<String> layers = new LinkedHashSet<>();
    Set<Operand> operands = EnumSet.noneOf(Operand.class);
    int tiles = 0;
    for (Tile tile : problem.graph().tiles()) {
      boolean streams = false;
      for (int core : problem.allowedCores(tile)) {
        Optional<ActivationStreams> how = problem.activationStreams(tile, problem.accelerator().core(core));
        if (how.isPresent()) {
          streams = true;
          operands.addAll(how.get().operands());
        }
      }
      if (streams) {
        tiles++;
        layers.add("'" + problem.graph().workload().layer(tile.layer()).name() + "'");
      }
    }
    if (tiles > 0) {
      List<String> named = layers.stream().limit(4).toList();
      List<String> what = Stream.of(Operand.I, Operand.W, Operand.O).filter(operands::contains)
          .map(o -> o == Operand.I ? "input" : o == Operand.W ? "second input" : "output").toList();
      String streamed = what.size() == 1 ? what.get(0)
          : String.join(", ", what.subList(0, what.size() - 1)) + " and " + what.get(what.size() - 1);
      observer.message(String.format(Locale.ROOT, "--stream %s: %d tile(s) of %d layer(s) %s their %s from DRAM "
          + "on some core: %s%s", problem.streaming().cliName(), tiles, layers.size(),
          problem.streaming() == StreamPolicy.CHOOSE ? "may stream" : "stream", streamed,
          String.join(", ", named), layers.size() > named.size() ? " and " + (layers.size() - named.size())
              + " more" : ""));
    }
  }

  private static CopyPhases copyPhases(Point point) {
    return InputException.at("--copy-phases", () -> CopyPhases.parse(point.copyPhases()));
  }

  /** {@code point}'s tiling; with a tiling search, the tiling it starts from. */
  private Tiling tiling(Point point, Workload w, Accelerator accelerator, Consumer<String> notes) {
    Optional<String> split = searchGoal(point).isPresent() ? Optional.empty() : point.tiling();
    return Inputs.tiling(w, accelerator, point.mapping(), split, defaultSplit(point), point.fuse(), overlap(point),
        costModel, notes, streamPolicy(point));
  }

  private static Overlap overlap(Point point) {
    return InputException.at("--overlap", () -> Overlap.parse(point.overlap()));
  }

  /**
   * The uniform split the default tiling of {@code point} starts from, each layer then split further
   * where its tiles fit no core: {@link Inputs#DEFAULT_TILING}, or a training step's default.
   */
  public static String defaultSplit(Point point) {
    // A training step's weight gradients and updates are weight-sized tensors that do not stream like
    // constant weights: by default they are split into channel parts, so that they fit a core.
    return point.training() ? TRAINING_TILING : Inputs.DEFAULT_TILING;
  }

  /**
   * A note for every pair of usable cores that no link connects and that share no memory (their
   * data goes through DRAM).
   */
  private static void reportUnconnectedCores(SchedulingProblem problem, Observer observer) {
    Set<Integer> used = new TreeSet<>();
    problem.allowedCores().forEach(used::addAll);
    List<List<Integer>> pairs = new Routes(problem.accelerator()).unconnected(used).stream()
        .filter(p -> !problem.accelerator().shareMemory(p.get(0), p.get(1))).toList();
    if (!pairs.isEmpty()) {
      observer.message("note: " + problem.accelerator().name() + ": no link connects "
          + "cores " + pairs.stream().map(p -> p.get(0) + "-" + p.get(1)).collect(Collectors.joining(", "))
          + "; data between them goes through DRAM");
    }
  }

  /**
   * {@code schedulers} as they run on {@code prepared}'s problem: comparing with the latency
   * objective on more than {@link #LNS_ABOVE_TILES} tiles, {@code lns} in place of CP-SAT.
   */
  public static List<Scheduler> forProblem(Prepared prepared, List<Scheduler> schedulers, Observer observer) {
    Point point = prepared.point();
    if (point.comparing() && prepared.problem().graph().tiles().size() > LNS_ABOVE_TILES
        && Goal.parse(point.objective()) == Goal.LATENCY) {
      return schedulers.stream().map(s -> s instanceof CpSatScheduler ? lns(point, observer) : s).toList();
    }
    return schedulers;
  }

  /** What stops the searches of {@code schedulers} (thread-safe; they then return their best schedule). */
  public static Runnable stops(List<Scheduler> schedulers) {
    List<Runnable> stops = schedulers.stream()
        .filter(s -> s instanceof CpSatScheduler || s instanceof LnsScheduler)
        .<Runnable>map(s -> s instanceof CpSatScheduler c ? c::stop : ((LnsScheduler) s)::stop).toList();
    return () -> stops.forEach(Runnable::run);
  }

  /**
   * Runs {@code schedulers} on {@code prepared}'s problem, one after the other, and has the checker
   * judge each schedule. Comparing, a scheduler that cannot take the problem is left out (with a
   * message); once the observer reports an interruption no further scheduler starts.
   *
   * @throws ProblemException naming the scheduler when the only scheduler, or every one, cannot
   *     take the problem
   */
  public Evaluation run(Prepared prepared, List<Scheduler> schedulers, Observer observer) {
    List<Run> runs = new ArrayList<>();
    List<String> notes = new ArrayList<>();
    Map<String, ExactResult> exactResults = new LinkedHashMap<>();
    // The greedy runs so far, by warm-start name: the exact schedulers hint the best of them, and lns starts
    // from it, rather than running and checking them again.
    Map<String, CpSatScheduler.KnownStart> greedy = new LinkedHashMap<>();
    boolean many = prepared.point().comparing();
    ProblemException firstRefusal = null;
    for (Scheduler s : schedulers) {
      if (observer.interrupted()) {
        notes.add("interrupted: " + s.name() + " was not run");
        continue;
      }
      observer.phase("scheduling and checking: " + s.name());
      try {
        Run run = run(s, prepared, notes, exactResults, greedy, observer);
        runs.add(run);
        if (!(s instanceof CpSatScheduler) && !(s instanceof LnsScheduler)) {
          greedy.put(CpSatScheduler.warmStartName(s), new CpSatScheduler.KnownStart(run.result(), run.check()));
        }
      } catch (ProblemException e) {
        // Comparing, one scheduler that cannot take the problem (e.g. a model feature CP-SAT lacks)
        // must not hide the others' results; alone, or when none can, it is the answer.
        if (!many) {
          throw e;
        }
        firstRefusal = firstRefusal == null ? e : firstRefusal;
        observer.message(e.getMessage() + " (left out of the comparison)");
      }
    }
    if (runs.isEmpty() && observer.interrupted()) {
      return new Evaluation(prepared, runs, notes, exactResults, true);
    }
    if (runs.isEmpty()) {
      throw firstRefusal;
    }
    runs = withBestBound(runs, prepared.bounds());
    perLayerNote(prepared.point(), runs).ifPresent(notes::add);
    return new Evaluation(prepared, runs, notes, exactResults, observer.interrupted());
  }

  private static Run run(Scheduler s, Prepared prepared, List<String> notes, Map<String, ExactResult> exactResults,
      Map<String, CpSatScheduler.KnownStart> greedy, Observer observer) {
    SchedulingProblem problem = prepared.problem();
    long start = System.nanoTime();
    ScheduleResult result;
    try {
      if (s instanceof CpSatScheduler exact) {
        // Said before the warm starts run, not only in the notes after the table.
        exact.tooLarge(problem).ifPresent(why -> observer.message(exact.name() + ": " + why));
        ExactResult r = exact.solve(problem, Map.copyOf(greedy));
        exactResults.put(exact.name(), r);
        r.message().ifPresent(m -> notes.add(exact.name() + ": " + m));
        if (r.report().isPresent()) {
          // No search ran (the model was too large, or the run was stopped during the warm starts): the
          // bound is the analytical one, not the model's.
          String within = r.statistics().wallSeconds() > 0 ? "within its model (allocation per " + exact.allocation() + ")"
              : "analytical (no model was solved)";
          notes.add(String.format(Locale.ROOT, "%s: %s %s, bound %s %s, gap %.1f%%", exact.name(), r.goal().text(),
              Numbers.sci(r.value()), Numbers.sci(r.bound()), within, 100 * r.gap()));
        }
        result = r.result();
      } else if (s instanceof LnsScheduler search) {
        LnsResult r = search.solve(problem, Map.copyOf(greedy));
        String searched = r.decodes() == 0 ? "" : String.format(Locale.ROOT,
            " and %,d allocation-search candidates (%d improved)", r.decodes(), r.decodeImprovements());
        notes.add(String.format(Locale.ROOT, "lns: latency %,d from %s's %,d after %d neighbourhoods (%d improved)%s; "
            + "bound %,d analytical or assignment (the full model's bound is not computed), gap %.1f%%", r.latencyCycles(),
            r.start(), r.startLatencyCycles(), r.steps(), r.improvements(), searched, r.boundCycles(), 100 * r.gap()));
        result = r.result();
      } else {
        result = s.schedule(problem);
      }
    } catch (ProblemException e) {
      throw new ProblemException("scheduler " + s.name() + ": " + e.getMessage(), e);
    }
    return Run.judge(problem, result, prepared.bounds(), Duration.ofNanos(System.nanoTime() - start));
  }

  /** A hint when a per-layer exact schedule is slower than a greedy one that splits layers. */
  private static Optional<String> perLayerNote(Point point, List<Run> runs) {
    Optional<Run> exact = runs.stream().filter(r -> SolverSettings.ENGINES.contains(r.scheduler())).findFirst();
    if (exact.isEmpty() || exact.get().latencyCycles().isEmpty() || !point.allocation().equalsIgnoreCase("layer")) {
      return Optional.empty();
    }
    long cp = exact.get().latencyCycles().getAsLong();
    return runs.stream().filter(r -> r.latencyCycles().isPresent() && r.latencyCycles().getAsLong() < cp).findFirst()
        .map(r -> exact.get().scheduler() + ": " + r.scheduler()
            + " is faster: it places tiles of one layer on several cores, which "
            + "--allocation layer forbids; try --allocation tile");
  }

  /**
   * The runs with every result's latency bound raised to the best one any run proved: a bound holds
   * for every schedule of the problem, so each greedy schedule's gap is to the best bound.
   */
  private static List<Run> withBestBound(List<Run> runs, LatencyBounds bounds) {
    long best = runs.stream().mapToLong(Run::boundCycles).max().orElse(bounds.bestCycles());
    return runs.stream().map(r -> new Run(r.problem(), new ScheduleResult(r.result().scheduler(),
        r.result().status(), r.result().schedule(), OptionalLong.of(best)), r.check(), r.bounds(), r.wallTime()))
        .toList();
  }
}
