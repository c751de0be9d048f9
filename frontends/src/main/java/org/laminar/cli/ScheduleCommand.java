package org.laminar.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import org.laminar.bound.IntervalBound;
import org.laminar.bound.LatencyBounds;
import org.laminar.bound.RelaxationBound;
import org.laminar.io.InputException;
import org.laminar.check.Metrics;
import org.laminar.cost.AnalyticalCostModel;
import org.laminar.engine.Progress;
import org.laminar.evaluate.Batches;
import org.laminar.evaluate.Evaluation;
import org.laminar.evaluate.Evaluator;
import org.laminar.evaluate.Observer;
import org.laminar.evaluate.Point;
import org.laminar.evaluate.Prepared;
import org.laminar.evaluate.SolverSettings;
import org.laminar.exact.ExactResult;
import org.laminar.exact.Goal;
import org.laminar.greedy.GreedySchedulers;
import org.laminar.io.Inputs;
import org.laminar.report.Numbers;
import org.laminar.report.ReportWriter;
import org.laminar.report.Run;
import org.laminar.report.Summary;
import org.laminar.report.TilingSearchJson;
import org.laminar.schedule.ScheduleResult;
import org.laminar.schedule.Scheduler;
import org.laminar.schedule.SchedulingProblem;
import org.laminar.steady.SteadyStateResult;
import org.laminar.tilesearch.Candidate;
import org.laminar.tilesearch.TilingSearch;
import org.laminar.tiling.LayerTiling;
import org.laminar.tiling.Split;
import org.laminar.tiling.TileGraph;
import org.laminar.tiling.Tiling;
import org.laminar.workload.Layer;
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
    usageHelpAutoWidth = true, resourceBundle = "org.laminar.cli.ScheduleCommand$Texts")
public final class ScheduleCommand implements Callable<Integer> {
  /** With no arguments: the bundled chain5 network on hetero-quad. */
  public static final class Texts extends CommandTexts {
    public Texts() {
      super(InputOptions.Input.defaultsTo("chain5"), InputOptions.Input.defaultsTo("hetero-quad"),
          ": one object per scheduler (an array when comparing)");
    }
  }

  @Mixin
  InputOptions input = new InputOptions();

  @Mixin
  JsonOption json = new JsonOption();

  @Option(names = "--training", description = "schedule one training step of the workload: forward, backward "
      + "and weight-update layers (default tiling oy=4,k=4, split further where a layer does not fit)")
  boolean training;

  @Option(names = "--onnx-axes", paramLabel = "laminar|stream", defaultValue = "laminar",
      description = "an ONNX model's H axis is OY (laminar, default) or OX as in Stream (stream); docs/ONNX.md")
  String onnxAxes;

  @Option(names = "--mapping", paramLabel = "FILE",
      description = "Stream mapping: per-layer tiling and core allocation (replaces --tiling)")
  Path mapping;

  @Option(names = "--tiling", paramLabel = "oy=N|all,ox=N|all,k=N|all|auto|auto=latency|energy|edp",
      description = "split of every layer: output rows into bands, output columns into column tiles (ox, in fused "
          + "stacks), output channels into parts (default oy=4); "
          + "auto: per layer the fewest row bands, then channel parts, whose tiles fit a core's memories; "
          + "auto=latency|energy|edp: search the tiling (the default, then oy=1,2,4,8,16 x k=1,2,4 for all layers, "
          + "then for one fused stack at a time), each candidate scheduled by lbl, list and heft and measured by "
          + "the checker; the best by that objective is scheduled by --scheduler (README, \"Tiling search\")")
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

  @Option(names = "--overlap", paramLabel = "cache|recompute|h-cache", defaultValue = "cache",
      description = "how a fused stack's tiles handle the halo their windows share (DeFiNES' overlap modes): "
          + "cache (fully-cached, default: each output computed once, the shared rows and columns kept for the "
          + "next tile), recompute (fully-recompute: each tile recomputes its halo through the stack; more MACs, "
          + "nothing kept between tiles) or h-cache (H-cached V-recompute: the rows recomputed, the columns shared "
          + "with the tile beside it kept; needs ox tiles to differ from recompute)")
  String overlap;

  @Option(names = "--stream", paramLabel = "never|when-needed|always|choose", defaultValue = "when-needed",
      description = "where a tile streams its activations (input, output, an activation read as operand W) from "
          + "and to DRAM while it runs instead of keeping them on chip (Stream's blocking; cost-model/README.md): "
          + "never, when-needed (default: only a tile that fits none of its cores otherwise, after the automatic "
          + "splits; a layer no split fits streams from its start split), always (every tile, on every core whose "
          + "streamed view the cost model accepts) or choose (each tile that can do both on its core streams or "
          + "not as the scheduler decides: greedy ones by earliest finish, the exact ones optimally; "
          + "docs/SCHEDULE.md). Every scheduler, the exact ones (cpsat, choco, lns) included")
  String stream;

  @Option(names = "--scheduler", paramLabel = "NAME",
      description = "lbl, list, heft, an exact engine (cpsat, choco) or lns (a search over the greedy "
          + "allocation and priorities, then large neighbourhood search); without it "
          + "(or with --compare) the greedy ones and --engines are compared, with lns in place of cpsat above "
          + Evaluator.LNS_ABOVE_TILES + " tiles")
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

  @Option(names = "--batch", paramLabel = "N",
      description = "schedule N inferences as one batch: every tile once per inference, the weights loaded once per "
          + "core and shared, inputs and outputs per inference; the schedulers minimise the batch's makespan (the "
          + "latency of all N)")
  Integer batch;

  @Option(names = "--steady-state", description = "with --batch N (N >= 2): overlap the N inferences periodically "
      + "and minimise the initiation interval II, the cycles between one inference's start and the next's in the "
      + "steady state (one inference completes every II cycles); lbl, list and heft repeat their single schedule, "
      + "cpsat builds a modulo list schedule too and proves the least II; docs/SCHEDULE.md, \"Batches\"")
  boolean steadyState;

  @Option(names = "--relaxation-bound", paramLabel = "S",
      description = "before the schedulers run, search up to S seconds more (with --workers and --seed) for a lower "
          + "bound from a relaxation of the problem solved with CP-SAT; it holds for every valid schedule and raises "
          + "the bound where it beats the analytical ones (docs/EXACT.md, \"The relaxation bound\"; default 0: off)")
  double relaxationSeconds;

  @Option(names = "--out", paramLabel = "DIR",
      description = "write result.json, trace.json, gantt.svg, memory.svg and energy.svg (per scheduler in DIR/NAME "
          + "when comparing)")
  Path out;

  @Spec
  CommandSpec spec;

  /** The exact schedulers' own results (objective value, bound and gap, statistics) by name, once they ran. */
  private Map<String, ExactResult> exactResults = Map.of();

  @Override
  public Integer call() throws JsonProcessingException {
    PrintWriter err = spec.commandLine().getErr();
    Point point = point();
    Batches.check(Optional.ofNullable(batch), steadyState, point);
    if (!(relaxationSeconds >= 0)) {
      throw new InputException("--relaxation-bound must be a time limit of 0 s or more, got " + relaxationSeconds);
    }
    Evaluator evaluator = new Evaluator(new AnalyticalCostModel());
    try (PhaseProgress phases = PhaseProgress.on(err); Interruption interruption = Interruption.install(err)) {
      Observer observer = observer(phases, interruption, err);
      List<Scheduler> schedulers = evaluator.schedulers(point, observer);
      if (out != null) {
        ReportWriter.prepare(out);
      }
      return schedule(evaluator, point, schedulers, phases, observer, interruption);
    }
  }

  /** The design point these options describe. */
  private Point point() {
    return new Point(input.workload, training, input.hardware, onnxAxes, Optional.ofNullable(mapping),
        Optional.ofNullable(tiling), fuse, copyPhases, overlap, stream, Optional.ofNullable(scheduler), compare,
        engines == null ? List.of() : engines, objective, allocation, priority, solver.settings());
  }

  /** Phases on the progress line, messages on stderr, the solvers' progress lines, Ctrl-C. */
  private static Observer observer(PhaseProgress phases, Interruption interruption, PrintWriter err) {
    return new Observer() {
      @Override
      public void tiled(TileGraph graph) {
        phases.tiled(graph);
      }

      @Override
      public void costed(int done, int total) {
        phases.costed(done, total);
      }

      @Override
      public void phase(String name) {
        phases.start(name);
      }

      @Override
      public void message(String line) {
        err.println("laminar: " + line);
      }

      @Override
      public Consumer<Progress> solverProgress(String name) {
        return SolverOptions.progressLines(err, name + ": ");
      }

      @Override
      public boolean interrupted() {
        return interruption.interrupted();
      }
    };
  }

  private int schedule(Evaluator evaluator, Point point, List<Scheduler> chosen, PhaseProgress phases,
      Observer observer, Interruption interruption) throws JsonProcessingException {
    Prepared single = evaluator.prepare(point, observer);
    if (steadyState) {
      return steadyState(single, phases, observer, interruption);
    }
    Prepared prepared = relaxed(Batches.unrolled(single, batch == null ? 1 : batch), observer);
    if (!json.on && batch != null && batch > 1) {
      spec.commandLine().getOut().printf(Locale.ROOT, "a batch of %d inferences (weights loaded once per core, inputs "
          + "and outputs per inference); latency = the makespan of the whole batch%n", batch);
    }
    if (!json.on) {
      prepared.search().ifPresent(found -> Table.candidates(spec.commandLine().getOut(), found));
      Table.header(spec.commandLine().getOut(), prepared.problem(), prepared.tiling(), prepared.bounds(), fuse);
    }
    List<Scheduler> schedulers = Evaluator.forProblem(prepared, chosen, observer);
    interruption.problemBuilt(Evaluator.stops(schedulers));
    Evaluation evaluation = evaluator.run(prepared, schedulers, observer);
    if (evaluation.runs().isEmpty()) {
      spec.commandLine().getErr().println("laminar: interrupted before any schedule was computed; nothing to report");
      return 1;
    }
    phases.close();
    exactResults = evaluation.exactResults();
    List<Run> runs = evaluation.runs();
    boolean many = point.comparing();
    PrintWriter stdout = spec.commandLine().getOut();
    if (json.on) {
      List<Summary> summaries = runs.stream().map(Summary::of).toList();
      Object printed = many ? summaries : summaries.get(0);
      // With a tiling search, its candidates come first; without one the shape is unchanged.
      if (prepared.search().isPresent()) {
        Map<String, Object> both = new LinkedHashMap<>();
        both.put("tiling_search", TilingSearchJson.of(prepared.search().get()));
        both.put("runs", printed);
        printed = both;
      }
      stdout.println(JsonOption.text(printed));
    } else {
      Table.print(stdout, runs, exactResults);
      evaluation.notes().forEach(stdout::println);
    }
    if (out != null) {
      write(runs, many, prepared, stdout);
    }
    stdout.flush();
    return runs.stream().allMatch(r -> r.valid() || r.result().schedule().isEmpty()) ? 0 : 1;
  }

  /** {@code prepared} with the relaxation bound of {@code --relaxation-bound}, when it asks for one. */
  private Prepared relaxed(Prepared prepared, Observer observer) {
    if (relaxationSeconds == 0) {
      return prepared;
    }
    observer.phase("relaxation bound");
    RelaxationBound.Settings settings = new RelaxationBound.Settings(relaxationSeconds, 0, solver.workers, solver.seed);
    return new Prepared(prepared.point(), prepared.tiling(), prepared.problem(),
        prepared.bounds().withRelaxation(prepared.problem(), settings), prepared.search());
  }

  /** Prints the steady states of the batch of {@code single}'s inference (every figure from the checker). */
  private int steadyState(Prepared single, PhaseProgress phases, Observer observer, Interruption interruption)
      throws JsonProcessingException {
    IntervalBound bound = IntervalBound.of(single.problem());
    PrintWriter stdout = spec.commandLine().getOut();
    SchedulingProblem problem = single.problem();
    if (!json.on) {
      stdout.printf(Locale.ROOT, "%s on %s: a batch of %d inferences, %,d tiles each (%,d in all); weights loaded once "
          + "per core%n", problem.graph().workload().name(), problem.accelerator().name(), batch,
          problem.graph().tiles().size(), batch * problem.graph().tiles().size());
      stdout.printf(Locale.ROOT, "interval lower bound %,d cycles (cores %,d, DRAM %,d; no dependence crosses "
          + "iterations, so no recurrence bound)%n%n", bound.bestCycles(), bound.coreCycles(), bound.dramCycles());
      stdout.flush();
    }
    List<Batches.Timed> timed = Batches.steadyStates(single, batch, observer, interruption::problemBuilt);
    List<SteadyStateResult> results = timed.stream().map(Batches.Timed::result).toList();
    phases.close();
    if (json.on) {
      List<Map<String, Object>> rows = results.stream().map(SteadyStateTable::row).toList();
      stdout.println(JsonOption.text(rows.size() == 1 ? rows.get(0) : rows));
    } else {
      SteadyStateTable.print(stdout, results);
    }
    if (out != null) {
      writeSteady(timed, single, stdout);
    }
    stdout.flush();
    return results.stream().allMatch(r -> r.check().map(c -> c.valid()).orElse(true)) ? 0 : 1;
  }

  /**
   * The report files of each steady state with a schedule (per scheduler in {@code out/NAME} when
   * there are several): the unrolled batch's result.json, whose {@code solver} holds the
   * steady-state figures, its trace and charts.
   */
  private void writeSteady(List<Batches.Timed> timed, Prepared single, PrintWriter stdout) {
    boolean many = timed.size() > 1;
    List<Path> written = new ArrayList<>();
    for (Batches.Timed t : timed) {
      SteadyStateResult r = t.result();
      if (r.schedule().isEmpty()) {
        continue;
      }
      Run run = Run.judge(t.batchProblem(), new ScheduleResult(r.scheduler(), r.status(), r.schedule(),
          OptionalLong.empty()), LatencyBounds.of(t.batchProblem()), t.wallTime());
      Map<String, Object> options = new LinkedHashMap<>();
      options.put("scheduler", r.scheduler());
      options.put("steady_state", true);
      if (r.scheduler().equals("cpsat")) {
        options.put("time_limit_s", solver.timeLimit);
        options.put("workers", solver.workers);
        options.put("seed", solver.seed);
      }
      Path dir = many ? out.resolve(r.scheduler().replaceAll("[^A-Za-z0-9]+", "-")) : out;
      written.addAll(ReportWriter.write(dir, run, inputs(single), options, SteadyStateTable.row(r)));
    }
    if (!json.on) {
      stdout.println();
      stdout.println("wrote " + written.size() + " files to " + out + (many ? " (one folder per scheduler)" : ""));
    }
  }

  /** The layers the automatic split cut beyond {@code base}, by name: their row bands and channel parts. */
  private static Map<String, String> splitFurther(Tiling tiled, LayerTiling base) {
    Map<String, String> split = new LinkedHashMap<>();
    for (Layer layer : tiled.workload().layers()) {
      LayerTiling own = tiled.of(layer.id());
      if (!own.rows().equals(base.rows()) || !own.channels().equals(base.channels())) {
        split.put(layer.name(), "oy=" + own.rows() + (own.channels().equals(Split.ONE) ? "" : ",k=" + own.channels()));
      }
    }
    return split;
  }

  /** What result.json's {@code inputs} say was scheduled. */
  private Map<String, Object> inputs(Prepared prepared) {
    Tiling tiled = prepared.tiling();
    Map<String, Object> inputs = new LinkedHashMap<>();
    inputs.put("workload", input.workload);
    inputs.put("hardware", input.hardware);
    inputs.put("mapping", mapping == null ? null : mapping.toString());
    Optional<String> split = Optional.ofNullable(tiling);
    String base = Evaluator.defaultSplit(point());
    inputs.put("tiling", mapping != null ? null : split.orElse(base));
    if (mapping == null && split.map(t -> Inputs.AUTO.equalsIgnoreCase(t.trim())).orElse(true)) {
      inputs.put("split_further", splitFurther(tiled, split.isEmpty() ? LayerTiling.parse(base) : LayerTiling.WHOLE));
    }
    prepared.search().ifPresent(found -> inputs.put("tiling_search", TilingSearchJson.of(found)));
    inputs.put("fuse", fuse);
    inputs.put("overlap", tiled.overlap().toString());
    inputs.put("batch", batch == null ? 1 : batch);
    return inputs;
  }

  private void write(List<Run> runs, boolean many, Prepared prepared, PrintWriter stdout) {
    Map<String, Object> inputs = inputs(prepared);
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
      if (SolverSettings.ENGINES.contains(r.scheduler())) {
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
    if (!json.on) {
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

    /** The tiling search's candidates, the chosen one marked, every figure the checker's. */
    static void candidates(PrintWriter out, TilingSearch.Result found) {
      out.printf(Locale.ROOT, "tiling search, %s of the best greedy schedule (%s) per candidate, measured with --stream "
          + "%s:%n", found.goal().text(), String.join(", ", GreedySchedulers.NAMES), found.streaming().cliName());
      String format = "%4s %-8s %-7s %-24s %6s %-9s %14s %12s %12s  %s%n";
      out.printf(Locale.ROOT, format, "#", "phase", "layers", "split", "tiles", "scheduler", "latency (cc)",
          "energy (pJ)", "EDP", "valid");
      for (Candidate c : found.candidates()) {
        Metrics m = c.metrics().orElse(null);
        out.printf(Locale.ROOT, format, (c.equals(found.chosen()) ? "*" : "") + c.index(), c.phase(), c.layers(),
            c.split(), c.tiles() == 0 ? "-" : String.format(Locale.ROOT, "%,d", c.tiles()), c.scheduler().orElse("-"),
            m == null ? "-" : String.format(Locale.ROOT, "%,d", m.latencyCycles()),
            m == null ? "-" : Numbers.sci(m.energyPj()), m == null ? "-" : Numbers.sci(m.edp()),
            c.valid() ? "yes" : "no: " + c.reason().orElseThrow());
      }
      out.println("chosen (*): " + String.join("; ", found.splits()));
      found.notes().forEach(out::println);
      out.println();
    }

    /** The problem and its bound, printed before the schedulers run. */
    static void header(PrintWriter out, SchedulingProblem problem, Tiling tiling, LatencyBounds bounds, String fuse) {
      long macs = problem.graph().macs();
      long once = problem.graph().workload().macs();
      // Only recomputed overlaps make the tiles' MACs differ from the workload's.
      String recomputed = macs == once ? "" : String.format(Locale.ROOT, "; %,d MACs with recomputation (%.2fx the "
          + "workload's %,d, --overlap %s)", macs, (double) macs / once, once, tiling.overlap());
      out.printf(Locale.ROOT, "%s on %s: %d layers, %,d tiles, %,d edges; %d fused stack%s (--fuse %s)%s%n",
          problem.graph().workload().name(), problem.accelerator().name(), problem.graph().workload().layers().size(),
          problem.graph().tiles().size(), problem.graph().edges().size(), tiling.stacks().size(),
          tiling.stacks().size() == 1 ? "" : "s", fuse, recomputed);
      String relaxation = bounds.relaxationCycles() == 0 && bounds.assignmentCycles() == 0 ? ""
          : String.format(Locale.ROOT, ", relaxation %,d, assignment %,d", bounds.relaxationCycles(),
              bounds.assignmentCycles());
      out.printf(Locale.ROOT, "lower bound %,d cycles (critical path %,d, work/cores %,d, DRAM traffic %,d, core "
          + "windows %,d, DRAM windows %,d, re-load traffic %,d, weight residency %,d%s)%n%n", bounds.bestCycles(),
          bounds.criticalPathCycles(), bounds.workCycles(), bounds.dramCycles(), bounds.coreWindowCycles(),
          bounds.dramWindowCycles(), bounds.reloadCycles(), bounds.residencyCycles(), relaxation);
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
            m == null ? "-" : Numbers.sci(m.energyPj()), m == null ? "-" : Numbers.sci(m.edp()),
            m == null ? "-" : Numbers.sci(m.peakMemoryBits().values().stream().mapToLong(Long::longValue).max().orElse(0)),
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
  }
}
