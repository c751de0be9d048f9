package org.laminar.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.google.common.collect.ImmutableList;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import org.laminar.bound.LatencyBounds;
import org.laminar.check.Metrics;
import org.laminar.cost.AnalyticalCostModel;
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
import org.laminar.report.ReportWriter;
import org.laminar.report.Run;
import org.laminar.report.Summary;
import org.laminar.schedule.CopyPhases;
import org.laminar.schedule.ProblemException;
import org.laminar.schedule.Routes;
import org.laminar.schedule.ScheduleResult;
import org.laminar.schedule.Scheduler;
import org.laminar.schedule.SchedulingProblem;
import org.laminar.tiling.Tiling;
import org.laminar.workload.TrainingStep;
import org.laminar.workload.Workload;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code laminar schedule}: tiles a workload, schedules it on an accelerator with one scheduler or
 * all of them, has the checker judge every schedule, and prints the checker's figures with the
 * lower bound and the gap. With no arguments it compares all schedulers on a bundled default.
 */
@Command(name = "schedule",
    header = "Schedule a tiled, fused workload; compare schedulers and bounds.",
    description = {"Schedules a tiled, fused workload on an accelerator: one scheduler or all compared.",
        "Validity, latency, energy, EDP and peak memory come from the independent checker; with them the best "
            + "lower bound on the latency and the gap to it. With no arguments: all schedulers on the bundled "
            + "chain5 network, fused, on hetero-quad."},
    usageHelpAutoWidth = true)
public final class ScheduleCommand implements Callable<Integer> {

  /** Scheduler names, in the order {@code --compare} runs them. */
  static final List<String> SCHEDULERS = ImmutableList.<String>builder().addAll(GreedySchedulers.NAMES)
      .addAll(SolverOptions.ENGINES).add("lns").build();

  /**
   * Above this many tiles {@code --compare} runs {@code lns} instead of {@code cpsat}. Below it the
   * full model's own search did as well or better (ResNet-18 on quad-core, 106 tiles: CP-SAT
   * 2.72-2.88 M cycles in 60 s, lns 2.86-3.13 M in 30-45 s; docs/EXACT.md, "Large neighbourhood
   * search"); the large suite (2,592 tiles and up) is where the full model's presolve alone
   * outlasts the time limit.
   */
  static final int LNS_ABOVE_TILES = 1000;

  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  @Option(names = "--workload", paramLabel = "FILE|NAME", defaultValue = "chain5",
      description = "workload file (.onnx, Laminar, ZigZag/Stream YAML) or bundled name (default ${DEFAULT-VALUE})")
  String workload;

  @Option(names = "--training", description = "schedule one training step of the workload: forward, backward "
      + "and weight-update layers (default tiling oy=4,k=4)")
  boolean training;

  @Option(names = "--hardware", paramLabel = "FILE|NAME", defaultValue = "hetero-quad",
      description = "accelerator file (Laminar, Stream, ZigZag core YAML) or bundled name (default ${DEFAULT-VALUE})")
  String hardware;

  @Option(names = "--onnx-axes", paramLabel = "laminar|stream", defaultValue = "laminar",
      description = "an ONNX model's H axis is OY (laminar, default) or OX as in Stream (stream); docs/ONNX.md")
  String onnxAxes;

  @Option(names = "--mapping", paramLabel = "FILE",
      description = "Stream mapping: per-layer tiling and core allocation (replaces --tiling)")
  Path mapping;

  @Option(names = "--tiling", paramLabel = "oy=N|all,k=N|all|auto",
      description = "split of every layer: output rows into bands, output channels into parts (default oy=4); "
          + "auto: per layer the fewest row bands, then channel parts, whose tiles fit a core's memories")
  String tiling;

  @Option(names = "--fuse", paramLabel = "all|none|auto|a-b,c-d", defaultValue = "auto",
      description = "fused stacks: all layers, none (layer by layer), auto (while the weights fit on chip), or "
          + "ranges of layer indices (default ${DEFAULT-VALUE})")
  String fuse;

  @Option(names = "--copy-phases", paramLabel = "overlapped|serial", defaultValue = "overlapped",
      description = "whether a tile holds its core while its network input is loaded from DRAM and a sink tile's "
          + "output is stored: overlapped (Stream's model, default) or serial (DeFiNES' on-/off-loading phases; "
          + "cost-model/README.md)")
  String copyPhases;

  @Option(names = "--scheduler", paramLabel = "NAME",
      description = "lbl, list, heft, an exact engine (cpsat, choco) or lns (large neighbourhood search); without it "
          + "(or with --compare) the greedy ones and --engines are compared, with lns in place of cpsat above "
          + LNS_ABOVE_TILES + " tiles")
  String scheduler;

  @Mixin
  SolverOptions solver = new SolverOptions();

  @Option(names = "--objective", paramLabel = "latency|energy|edp|memory|latency,energy", defaultValue = "latency",
      description = "what the exact engine minimises (default ${DEFAULT-VALUE}); edp is the exact product "
          + "energy x latency")
  String objective;

  @Option(names = "--allocation", paramLabel = "tile|layer", defaultValue = "tile",
      description = "exact engine: a core per tile, or one per layer as Stream allocates (default ${DEFAULT-VALUE})")
  String allocation;

  @Option(names = "--priority", paramLabel = "memory|latency", defaultValue = "memory",
      description = "list scheduler's rule: depth-first (memory) or breadth-first (latency) (default ${DEFAULT-VALUE})")
  String priority;

  @Option(names = "--compare", description = "run every scheduler and compare them")
  boolean compare;

  @Option(names = "--engines", paramLabel = "cpsat,choco", split = ",",
      description = "exact engines that --compare runs beside the greedy schedulers (default: --engine)")
  List<String> engines;

  @Option(names = "--out", paramLabel = "DIR",
      description = "write result.json, trace.json, gantt.svg, memory.svg and energy.svg (per scheduler in DIR/NAME "
          + "when comparing)")
  Path out;

  @Option(names = "--json", description = "print one JSON object per scheduler (an array when comparing)")
  boolean json;

  @Spec
  CommandSpec spec;

  /** Progress of the current run's phases on stderr. */
  private PhaseProgress progress;

  /** The exact schedulers' own results (objective value, bound and gap, statistics) by name, once they ran. */
  private final Map<String, ExactResult> exactResults = new LinkedHashMap<>();

  @Override
  public Integer call() throws JsonProcessingException {
    List<Scheduler> schedulers = schedulers();
    if (out != null) {
      ReportWriter.prepare(out);
    }
    PrintWriter err = spec.commandLine().getErr();
    try (PhaseProgress phases = PhaseProgress.on(err); Interruption interruption = Interruption.install(err)) {
      progress = phases;
      return schedule(schedulers, interruption);
    }
  }

  private int schedule(List<Scheduler> schedulers, Interruption interruption) throws JsonProcessingException {
    CopyPhases phases = InputException.at("--copy-phases", () -> CopyPhases.parse(copyPhases));
    progress.start("reading");
    Workload read = Inputs.workload(workload, OnnxAxes.parse(onnxAxes));
    Workload w = training ? InputException.at("--training", () -> TrainingStep.of(read)) : read;
    Accelerator accelerator = Inputs.accelerator(hardware);
    progress.start("tiling");
    Tiling t = tiling(w, accelerator);
    SchedulingProblem problem;
    try {
      problem = SchedulingProblem.of(t, accelerator, new AnalyticalCostModel(), progress).withCopyPhases(phases);
    } catch (ProblemException e) {
      // The problem is the inputs together: name them, so that the user knows which files to change.
      throw new ProblemException(workload + " on " + hardware + ": " + e.getMessage(), e);
    }
    reportUnconnectedCores(problem);
    progress.start("bounds");
    LatencyBounds bounds = LatencyBounds.of(problem);
    if (!json) {
      Table.header(spec.commandLine().getOut(), problem, t, bounds, fuse);
    }
    if ((compare || scheduler == null) && problem.graph().tiles().size() > LNS_ABOVE_TILES
        && Goal.parse(objective) == Goal.LATENCY) {
      schedulers = schedulers.stream().map(s -> s instanceof CpSatScheduler ? lns() : s).toList();
    }
    List<Runnable> stops = schedulers.stream()
        .filter(s -> s instanceof CpSatScheduler || s instanceof LnsScheduler)
        .<Runnable>map(s -> s instanceof CpSatScheduler c ? c::stop : ((LnsScheduler) s)::stop).toList();
    interruption.problemBuilt(() -> stops.forEach(Runnable::run));
    return report(problem, t, bounds, schedulers, interruption);
  }

  /** A note on stderr for every pair of usable cores that no link connects (their data goes through DRAM). */
  private void reportUnconnectedCores(SchedulingProblem problem) {
    Set<Integer> used = new TreeSet<>();
    problem.allowedCores().forEach(used::addAll);
    List<List<Integer>> pairs = new Routes(problem.accelerator()).unconnected(used);
    if (!pairs.isEmpty()) {
      spec.commandLine().getErr().println("laminar: note: " + problem.accelerator().name() + ": no link connects "
          + "cores " + pairs.stream().map(p -> p.get(0) + "-" + p.get(1)).collect(Collectors.joining(", "))
          + "; data between them goes through DRAM");
    }
  }

  private int report(SchedulingProblem problem, Tiling t, LatencyBounds bounds, List<Scheduler> schedulers,
      Interruption interruption) throws JsonProcessingException {
    List<Run> runs = new ArrayList<>();
    List<String> notes = new ArrayList<>();
    boolean many = compare || scheduler == null;
    ProblemException firstRefusal = null;
    for (Scheduler s : schedulers) {
      if (interruption.interrupted()) {
        notes.add("interrupted: " + s.name() + " was not run");
        continue;
      }
      progress.start("scheduling and checking: " + s.name());
      try {
        runs.add(run(s, problem, bounds, notes));
      } catch (ProblemException e) {
        // Comparing, one scheduler that cannot take the problem (e.g. a model feature CP-SAT lacks)
        // must not hide the others' results; alone, or when none can, it is the answer.
        if (!many) {
          throw e;
        }
        firstRefusal = firstRefusal == null ? e : firstRefusal;
        spec.commandLine().getErr().println("laminar: " + e.getMessage() + " (left out of the comparison)");
      }
    }
    if (runs.isEmpty() && interruption.interrupted()) {
      spec.commandLine().getErr().println("laminar: interrupted before any schedule was computed; nothing to report");
      return 1;
    }
    if (runs.isEmpty()) {
      throw firstRefusal;
    }
    progress.close();
    runs = withBestBound(runs, bounds);
    perLayerNote(runs).ifPresent(notes::add);
    PrintWriter stdout = spec.commandLine().getOut();
    if (json) {
      List<Summary> summaries = runs.stream().map(Summary::of).toList();
      stdout.println(JSON.writeValueAsString(many ? summaries : summaries.get(0)));
    } else {
      Table.print(stdout, runs, exactResults);
      notes.forEach(stdout::println);
    }
    if (out != null) {
      write(runs, many, stdout);
    }
    stdout.flush();
    return runs.stream().allMatch(r -> r.valid() || r.result().schedule().isEmpty()) ? 0 : 1;
  }

  private List<Scheduler> schedulers() {
    ListScheduler.Priority rule = switch (priority.toLowerCase(Locale.ROOT)) {
      case "memory" -> ListScheduler.Priority.MEMORY;
      case "latency" -> ListScheduler.Priority.LATENCY;
      default -> throw new InputException("--priority must be memory or latency, got '" + priority + "'");
    };
    if (scheduler != null && !SCHEDULERS.contains(scheduler.toLowerCase(Locale.ROOT))) {
      throw new InputException("--scheduler must be one of " + String.join(", ", SCHEDULERS) + ", got '"
          + scheduler + "'");
    }
    if (compare || scheduler == null) {
      List<Scheduler> all = new ArrayList<>(GreedySchedulers.all(rule));
      (engines == null ? List.of(solver.engine) : engines).forEach(e -> all.add(exact(e)));
      return all;
    }
    if (SolverOptions.ENGINES.contains(scheduler.toLowerCase(Locale.ROOT))) {
      return List.of(exact(scheduler));
    }
    if (scheduler.equalsIgnoreCase("lns")) {
      return List.of(lns());
    }
    return List.of(GreedySchedulers.byName(scheduler, rule));
  }

  /** The exact scheduler on the engine called {@code engine}. */
  private CpSatScheduler exact(String engine) {
    CpSatParameters parameters = solver.parameters();
    CpSatScheduler.Options options = CpSatScheduler.Options.defaults()
        .withGoal(InputException.at("--objective", () -> Goal.parse(objective)))
        .withAllocation(InputException.at("--allocation", () -> Allocation.parse(allocation)))
        .withParameters(parameters);
    PrintWriter err = spec.commandLine().getErr();
    Engine e = solver.engine(engine);
    return new CpSatScheduler(options, e, CpSatScheduler.greedyWarmStarts(),
        SolverOptions.progressLines(err, e.name() + ": "));
  }

  private LnsScheduler lns() {
    if (Goal.parse(objective) != Goal.LATENCY) {
      throw new InputException("lns minimises the latency only; use cpsat for --objective " + objective);
    }
    CpSatParameters parameters = solver.parameters();
    LnsScheduler.Options options = LnsScheduler.Options.timed(parameters.timeLimitSeconds(), parameters.workers(),
        parameters.seed());
    return new LnsScheduler(options, SolverOptions.progressLines(spec.commandLine().getErr(), "lns: "));
  }

  /** A hint when a per-layer exact schedule is slower than a greedy one that splits layers. */
  private Optional<String> perLayerNote(List<Run> runs) {
    Optional<Run> exact = runs.stream().filter(r -> SolverOptions.ENGINES.contains(r.scheduler())).findFirst();
    if (exact.isEmpty() || exact.get().latencyCycles().isEmpty() || !allocation.equalsIgnoreCase("layer")) {
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

  private Tiling tiling(Workload w, Accelerator accelerator) {
    // A training step's weight gradients and updates are weight-sized tensors that do not stream like
    // constant weights: by default they are split into channel parts, so that they fit a core.
    Optional<String> split = tiling != null ? Optional.of(tiling) : training ? Optional.of("oy=4,k=4") : Optional.empty();
    return Inputs.tiling(w, accelerator, Optional.ofNullable(mapping), split, fuse,
        note -> spec.commandLine().getErr().println("laminar: " + note));
  }

  private Run run(Scheduler s, SchedulingProblem problem, LatencyBounds bounds, List<String> notes) {
    long start = System.nanoTime();
    ScheduleResult result;
    try {
      if (s instanceof CpSatScheduler exact) {
        ExactResult r = exact.solve(problem);
        exactResults.put(exact.name(), r);
        r.message().ifPresent(m -> notes.add(exact.name() + ": " + m));
        if (r.report().isPresent()) {
          notes.add(String.format(Locale.ROOT, "%s: %s %s, bound %s within its model (allocation per %s), gap %.1f%%",
              exact.name(), r.goal().text(), Table.sci(r.value()), Table.sci(r.bound()), exact.allocation(),
              100 * r.gap()));
        }
        result = r.result();
      } else if (s instanceof LnsScheduler search) {
        LnsResult r = search.solve(problem);
        notes.add(String.format(Locale.ROOT, "lns: latency %,d from %s's %,d after %d neighbourhoods (%d improved); "
            + "bound %,d analytical (the full model's bound is not computed), gap %.1f%%", r.latencyCycles(),
            r.start(), r.startLatencyCycles(), r.steps(), r.improvements(), r.boundCycles(), 100 * r.gap()));
        result = r.result();
      } else {
        result = s.schedule(problem);
      }
    } catch (ProblemException e) {
      throw new ProblemException("scheduler " + s.name() + ": " + e.getMessage(), e);
    }
    return Run.judge(problem, result, bounds, Duration.ofNanos(System.nanoTime() - start));
  }

  private void write(List<Run> runs, boolean many, PrintWriter stdout) {
    Map<String, String> inputs = new LinkedHashMap<>();
    inputs.put("workload", workload);
    inputs.put("hardware", hardware);
    inputs.put("mapping", mapping == null ? null : mapping.toString());
    inputs.put("tiling", mapping != null ? null : tiling == null ? "oy=4" : tiling);
    inputs.put("fuse", fuse);
    List<Path> written = new ArrayList<>();
    for (Run r : runs) {
      Map<String, Object> options = new LinkedHashMap<>();
      options.put("scheduler", r.scheduler());
      if (r.scheduler().equals("list")) {
        options.put("priority", priority.toLowerCase(Locale.ROOT));
      }
      if (r.scheduler().equals("lns")) {
        options.put("objective", "latency");
        options.put("allocation", "tile");
        options.put("time_limit_s", solver.timeLimit);
        options.put("workers", solver.workers);
        options.put("seed", solver.seed);
      }
      if (SolverOptions.ENGINES.contains(r.scheduler())) {
        options.put("engine", r.scheduler());
        options.put("objective", objective);
        options.put("allocation", allocation);
        options.put("time_limit_s", solver.timeLimit);
        options.put("workers", solver.workers);
        options.put("seed", solver.seed);
        options.put("gap", solver.gap);
      }
      // A fallback row is named as its scheduler is run ("list --priority latency"): a folder name without spaces.
      Path dir = many ? out.resolve(r.scheduler().replaceAll("[^A-Za-z0-9]+", "-")) : out;
      written.addAll(ReportWriter.write(dir, r, inputs, options,
          exactResults.containsKey(r.scheduler()) ? solverStatistics(exactResults.get(r.scheduler())) : Map.of()));
    }
    if (many) {
      written.add(ReportWriter.writeEnergyComparison(out, runs));
    }
    if (!json) {
      stdout.println();
      stdout.println("wrote " + written.size() + " files to " + out + (many ? " (one folder per scheduler)" : ""));
    }
  }

  /**
   * The exact scheduler's figures for {@code result.json}: the objective it optimised with its
   * value, bound and gap (within its model), and the search's statistics.
   */
  static Map<String, Object> solverStatistics(ExactResult r) {
    Map<String, Object> solver = new LinkedHashMap<>();
    solver.put("objective", r.goal().text());
    solver.put("value", Double.isNaN(r.value()) ? null : r.value());
    solver.put("bound", r.bound());
    solver.put("gap", Double.isNaN(r.gap()) ? null : r.gap());
    solver.put("warm_start", r.hint().orElse(null));
    solver.put("conflicts", r.statistics().conflicts());
    solver.put("branches", r.statistics().branches());
    solver.put("search_wall_time_s", r.statistics().wallSeconds());
    return solver;
  }

  /** The human-readable summary. */
  static final class Table {
    private Table() {
    }

    /** The problem and its bound, printed before the schedulers run. */
    static void header(PrintWriter out, SchedulingProblem problem, Tiling tiling, LatencyBounds bounds, String fuse) {
      out.printf(Locale.ROOT, "%s on %s: %d layers, %,d tiles, %,d edges; %d fused stack%s (--fuse %s)%n",
          problem.graph().workload().name(), problem.accelerator().name(), problem.graph().workload().layers().size(),
          problem.graph().tiles().size(), problem.graph().edges().size(), tiling.stacks().size(),
          tiling.stacks().size() == 1 ? "" : "s", fuse);
      out.printf(Locale.ROOT, "lower bound %,d cycles (critical path %,d, work/cores %,d, DRAM traffic %,d, core "
          + "windows %,d, DRAM windows %,d)%n%n", bounds.bestCycles(), bounds.criticalPathCycles(), bounds.workCycles(),
          bounds.dramCycles(), bounds.coreWindowCycles(), bounds.dramWindowCycles());
      out.flush();
    }

    /**
     * The table of the schedulers' runs, after {@link #header}. Its gap column is the gap of the
     * objective the exact schedulers optimised: with the latency objectives every row's latency gap
     * to the best bound; with another objective only the exact rows have one (their own, within
     * their model) and the greedy rows show "-".
     */
    static void print(PrintWriter out, List<Run> runs, Map<String, ExactResult> exact) {
      Goal goal = exact.values().stream().findFirst().map(ExactResult::goal).orElse(Goal.LATENCY);
      boolean latency = goal == Goal.LATENCY || goal == Goal.LATENCY_ENERGY;
      String format = "%-9s %-10s %-6s %14s %12s %12s %14s %12s %" + Math.max(7, 6 + goal.text().length()) + "s%n";
      out.printf(Locale.ROOT, format, "scheduler", "status", "valid", "latency (cc)", "energy (pJ)", "EDP",
          "peak mem (b)", "bound (cc)", "gap " + (latency ? "latency" : goal.text()));
      for (Run r : runs) {
        Metrics m = r.valid() ? r.check().get().metrics() : null;
        String validity = r.result().schedule().isEmpty() ? "-" : r.valid() ? "yes"
            : "NO (" + r.check().get().violations().size() + ")";
        out.printf(Locale.ROOT, format, r.scheduler(), r.result().status().name().toLowerCase(Locale.ROOT), validity,
            m == null ? "-" : String.format(Locale.ROOT, "%,d", m.latencyCycles()),
            m == null ? "-" : sci(m.energyPj()), m == null ? "-" : sci(m.edp()),
            m == null ? "-" : sci(m.peakMemoryBits().values().stream().mapToLong(Long::longValue).max().orElse(0)),
            String.format(Locale.ROOT, "%,d", r.boundCycles()), gap(r, exact, latency));
      }
      for (Run r : runs) {
        if (r.check().isPresent() && !r.valid()) {
          out.printf("%s: the checker rejects the schedule (a bug in the scheduler); first violation: %s%n",
              r.scheduler(), r.check().get().violations().get(0).message());
        }
      }
      out.println();
      out.println("peak mem = largest local-memory occupancy over the cores; gap = (value - bound) / value of the "
          + "objective");
      out.println(latency ? "optimised, latency, to the best latency bound; every figure comes from the independent "
          + "schedule checker." : "optimised, " + goal.text() + ", to the exact scheduler's own bound within its model; every figure "
          + "comes from the independent schedule checker.");
    }

    private static String gap(Run r, Map<String, ExactResult> exact, boolean latency) {
      OptionalDouble gap = r.gap();
      ExactResult own = exact.get(r.scheduler());
      if (own != null && !latency) {
        gap = Double.isNaN(own.gap()) ? OptionalDouble.empty() : OptionalDouble.of(own.gap());
      } else if (!latency) {
        gap = OptionalDouble.empty();
      }
      return gap.isPresent() ? String.format(Locale.ROOT, "%.1f%%", 100 * gap.getAsDouble()) : "-";
    }

    /** Three significant digits, {@code 1.23e6} style above 10⁴. */
    static String sci(double value) {
      if (Math.abs(value) < 1e4) {
        return String.format(Locale.ROOT, "%.0f", value);
      }
      int exponent = (int) Math.floor(Math.log10(Math.abs(value)));
      double mantissa = value / Math.pow(10, exponent);
      if (Math.abs(mantissa) >= 9.995) {
        mantissa /= 10;
        exponent++;
      }
      return String.format(Locale.ROOT, "%.2fe%d", mantissa, exponent);
    }
  }
}
