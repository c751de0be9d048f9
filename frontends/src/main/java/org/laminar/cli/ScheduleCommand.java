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
import org.laminar.cpsat.CpSatParameters;
import org.laminar.exact.Allocation;
import org.laminar.exact.CpSatScheduler;
import org.laminar.exact.ExactResult;
import org.laminar.exact.Goal;
import org.laminar.cost.AnalyticalCostModel;
import org.laminar.greedy.GreedySchedulers;
import org.laminar.greedy.ListScheduler;
import org.laminar.hardware.Accelerator;
import org.laminar.io.InputException;
import org.laminar.io.Inputs;
import org.laminar.report.ReportWriter;
import org.laminar.report.Run;
import org.laminar.report.Summary;
import org.laminar.schedule.ProblemException;
import org.laminar.schedule.Routes;
import org.laminar.schedule.ScheduleResult;
import org.laminar.schedule.Scheduler;
import org.laminar.schedule.SchedulingProblem;
import org.laminar.tiling.FusionPolicy;
import org.laminar.tiling.LayerTiling;
import org.laminar.tiling.Split;
import org.laminar.tiling.Tiling;
import org.laminar.workload.LoopDim;
import org.laminar.workload.Workload;
import org.laminar.yaml.StreamMappingReader;
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
  static final List<String> SCHEDULERS = ImmutableList.<String>builder().addAll(GreedySchedulers.NAMES).add("cpsat")
      .build();

  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  @Option(names = "--workload", paramLabel = "FILE|NAME", defaultValue = "chain5",
      description = "workload file (.onnx, Laminar, ZigZag/Stream YAML) or bundled name (default ${DEFAULT-VALUE})")
  String workload;

  @Option(names = "--hardware", paramLabel = "FILE|NAME", defaultValue = "hetero-quad",
      description = "accelerator file (Laminar, Stream, ZigZag core YAML) or bundled name (default ${DEFAULT-VALUE})")
  String hardware;

  @Option(names = "--mapping", paramLabel = "FILE",
      description = "Stream mapping: per-layer tiling and core allocation (replaces --tiling)")
  Path mapping;

  @Option(names = "--tiling", paramLabel = "oy=N|all,k=N|all",
      description = "split of every layer: output rows into bands, output channels into parts (default oy=4)")
  String tiling;

  @Option(names = "--fuse", paramLabel = "all|none|auto|a-b,c-d", defaultValue = "auto",
      description = "fused stacks: all layers, none (layer by layer), auto (while the weights fit on chip), or "
          + "ranges of layer indices (default ${DEFAULT-VALUE})")
  String fuse;

  @Option(names = "--scheduler", paramLabel = "NAME",
      description = "lbl, list, heft or cpsat; without it (or with --compare) all of them are compared")
  String scheduler;

  @Mixin
  SolverOptions solver = new SolverOptions();

  @Option(names = "--objective", paramLabel = "latency|energy|edp|memory|latency,energy", defaultValue = "latency",
      description = "what cpsat minimises (default ${DEFAULT-VALUE}); edp is the exact product energy x latency")
  String objective;

  @Option(names = "--allocation", paramLabel = "tile|layer", defaultValue = "tile",
      description = "cpsat: a core per tile, or one per layer as Stream allocates (default ${DEFAULT-VALUE})")
  String allocation;

  @Option(names = "--priority", paramLabel = "memory|latency", defaultValue = "memory",
      description = "list scheduler's rule: depth-first (memory) or breadth-first (latency) (default ${DEFAULT-VALUE})")
  String priority;

  @Option(names = "--compare", description = "run every scheduler and compare them")
  boolean compare;

  @Option(names = "--out", paramLabel = "DIR",
      description = "write result.json, trace.json, gantt.svg, memory.svg and energy.svg (per scheduler in DIR/NAME "
          + "when comparing)")
  Path out;

  @Option(names = "--json", description = "print one JSON object per scheduler (an array when comparing)")
  boolean json;

  @Spec
  CommandSpec spec;

  /** The exact scheduler's own result (its objective's value, bound and gap, statistics), once it ran. */
  private ExactResult exactResult;

  @Override
  public Integer call() throws JsonProcessingException {
    List<Scheduler> schedulers = schedulers();
    if (out != null) {
      ReportWriter.prepare(out);
    }
    try (Interruption interruption = Interruption.install(spec.commandLine().getErr())) {
      return schedule(schedulers, interruption);
    }
  }

  private int schedule(List<Scheduler> schedulers, Interruption interruption) throws JsonProcessingException {
    Workload w = Inputs.workload(workload);
    Accelerator accelerator = Inputs.accelerator(hardware);
    Tiling t = tiling(w, accelerator);
    SchedulingProblem problem;
    try {
      problem = SchedulingProblem.of(t, accelerator, new AnalyticalCostModel());
    } catch (ProblemException e) {
      // The problem is the inputs together: name them, so that the user knows which files to change.
      throw new ProblemException(workload + " on " + hardware + ": " + e.getMessage(), e);
    }
    reportUnconnectedCores(problem);
    LatencyBounds bounds = LatencyBounds.of(problem);
    CpSatScheduler exact = schedulers.stream().filter(CpSatScheduler.class::isInstance)
        .map(CpSatScheduler.class::cast).findFirst().orElse(null);
    interruption.problemBuilt(exact);
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
    runs = withBestBound(runs, bounds);
    perLayerNote(runs).ifPresent(notes::add);
    PrintWriter stdout = spec.commandLine().getOut();
    if (json) {
      List<Summary> summaries = runs.stream().map(Summary::of).toList();
      stdout.println(JSON.writeValueAsString(many ? summaries : summaries.get(0)));
    } else {
      Table.print(stdout, problem, t, bounds, runs, fuse, Optional.ofNullable(exactResult));
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
      all.add(exact());
      return all;
    }
    if (scheduler.equalsIgnoreCase("cpsat")) {
      return List.of(exact());
    }
    return List.of(GreedySchedulers.byName(scheduler, rule));
  }

  private CpSatScheduler exact() {
    CpSatParameters parameters = solver.parameters();
    CpSatScheduler.Options options = CpSatScheduler.Options.defaults()
        .withGoal(InputException.at("--objective", () -> Goal.parse(objective)))
        .withAllocation(InputException.at("--allocation", () -> Allocation.parse(allocation)))
        .withParameters(parameters);
    PrintWriter err = spec.commandLine().getErr();
    return new CpSatScheduler(options, CpSatScheduler.greedyWarmStarts(), SolverOptions.progressLines(err, "cpsat: "));
  }

  /** A hint when a per-layer exact schedule is slower than a greedy one that splits layers. */
  private Optional<String> perLayerNote(List<Run> runs) {
    Optional<Run> exact = runs.stream().filter(r -> r.scheduler().equals("cpsat")).findFirst();
    if (exact.isEmpty() || exact.get().latencyCycles().isEmpty() || !allocation.equalsIgnoreCase("layer")) {
      return Optional.empty();
    }
    long cp = exact.get().latencyCycles().getAsLong();
    return runs.stream().filter(r -> r.latencyCycles().isPresent() && r.latencyCycles().getAsLong() < cp).findFirst()
        .map(r -> "cpsat: " + r.scheduler() + " is faster: it places tiles of one layer on several cores, which "
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
    FusionPolicy fusion = InputException.at("--fuse",
        () -> FusionPolicy.parse(fuse, FusionPolicy.WeightCapacity.of(accelerator)));
    if (mapping != null) {
      if (tiling != null) {
        throw new InputException("give --tiling or a --mapping (which tiles every layer), not both");
      }
      Tiling mapped = StreamMappingReader.read(mapping, w, fusion);
      InputException.at(mapping.toString(), () -> {
        mapped.checkCores(accelerator);
        return mapped;
      });
      return mapped;
    }
    LayerTiling uniform = InputException.at("--tiling", () -> LayerTiling.parse(tiling == null ? "oy=4" : tiling));
    checkCount("oy", uniform.rows(), w.layers().stream().mapToInt(l -> l.size(LoopDim.OY)).max().orElse(1));
    checkCount("k", uniform.channels(),
        w.layers().stream().mapToInt(l -> l.size(Tiling.channelDim(l))).max().orElse(1));
    return InputException.at("--tiling", () -> Tiling.uniform(w, uniform, fusion));
  }

  /**
   * A uniform count is cut to each layer's size (oy=4 leaves a one-row layer whole); a count no
   * layer reaches cannot be meant and is refused.
   */
  private static void checkCount(String dim, Split split, int largest) {
    if (!split.all() && split.parts() > largest) {
      throw new InputException("--tiling " + dim + "=" + split.parts() + ": no layer has more than " + largest
          + " (a count is cut to each layer's size; 'all' gives one part per element)");
    }
  }

  private Run run(Scheduler s, SchedulingProblem problem, LatencyBounds bounds, List<String> notes) {
    long start = System.nanoTime();
    ScheduleResult result;
    try {
      if (s instanceof CpSatScheduler exact) {
        ExactResult r = exact.solve(problem);
        exactResult = r;
        r.message().ifPresent(m -> notes.add("cpsat: " + m));
        if (r.report().isPresent()) {
          notes.add(String.format(Locale.ROOT, "cpsat: %s %s, bound %s within its model (allocation per %s), gap %.1f%%",
              r.goal().text(), Table.sci(r.value()), Table.sci(r.bound()), exact.allocation(), 100 * r.gap()));
        }
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
      if (r.scheduler().equals("cpsat")) {
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
          r.scheduler().equals("cpsat") && exactResult != null ? solverStatistics(exactResult) : Map.of()));
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

    /**
     * Prints the table. Its gap column is the gap of the objective {@code exact} optimised: with
     * the latency objectives every row's latency gap to the best bound; with another objective
     * only the exact row has one (its own, within its model) and the greedy rows show "-".
     */
    static void print(PrintWriter out, SchedulingProblem problem, Tiling tiling, LatencyBounds bounds, List<Run> runs,
        String fuse, Optional<ExactResult> exact) {
      Goal goal = exact.map(ExactResult::goal).orElse(Goal.LATENCY);
      boolean latency = goal == Goal.LATENCY || goal == Goal.LATENCY_ENERGY;
      out.printf(Locale.ROOT, "%s on %s: %d layers, %,d tiles, %,d edges; %d fused stack%s (--fuse %s)%n",
          problem.graph().workload().name(), problem.accelerator().name(), problem.graph().workload().layers().size(),
          problem.graph().tiles().size(), problem.graph().edges().size(), tiling.stacks().size(),
          tiling.stacks().size() == 1 ? "" : "s", fuse);
      out.printf(Locale.ROOT, "lower bound %,d cycles (critical path %,d, work/cores %,d, DRAM traffic %,d)%n%n",
          bounds.bestCycles(), bounds.criticalPathCycles(), bounds.workCycles(), bounds.dramCycles());
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
          + "schedule checker." : "optimised, " + goal.text() + ", to cpsat's own bound within its model; every figure "
          + "comes from the independent schedule checker.");
    }

    private static String gap(Run r, Optional<ExactResult> exact, boolean latency) {
      OptionalDouble gap = r.gap();
      if (r.scheduler().equals("cpsat") && exact.isPresent() && !latency) {
        gap = Double.isNaN(exact.get().gap()) ? OptionalDouble.empty() : OptionalDouble.of(exact.get().gap());
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
