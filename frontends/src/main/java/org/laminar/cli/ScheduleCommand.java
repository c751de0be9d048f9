package org.laminar.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import org.laminar.bound.IntervalBound;
import org.laminar.bound.RelaxationBound;
import org.laminar.io.InputException;
import org.laminar.cost.AnalyticalCostModel;
import org.laminar.engine.Progress;
import org.laminar.evaluate.Batches;
import org.laminar.evaluate.Evaluation;
import org.laminar.evaluate.Evaluator;
import org.laminar.evaluate.Observer;
import org.laminar.evaluate.Point;
import org.laminar.evaluate.Prepared;
import org.laminar.exact.ExactResult;
import org.laminar.report.ReportWriter;
import org.laminar.report.Run;
import org.laminar.report.Summary;
import org.laminar.report.TilingSearchJson;
import org.laminar.schedule.Scheduler;
import org.laminar.schedule.SchedulingProblem;
import org.laminar.steady.SteadyStateResult;
import org.laminar.tiling.TileGraph;
import org.laminar.tiling.Tiling;
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
    Prepared prepared = relaxed(Batches.unrolled(single, batch()), observer);
    if (!json.on && batch != null && batch > 1) {
      spec.commandLine().getOut().printf(Locale.ROOT, "a batch of %d inferences (weights loaded once per core, inputs "
          + "and outputs per inference); latency = the makespan of the whole batch%n", batch);
    }
    if (!json.on) {
      prepared.search().ifPresent(found -> ScheduleTable.candidates(spec.commandLine().getOut(), found));
      ScheduleTable.header(spec.commandLine().getOut(), prepared.problem(), prepared.tiling(), prepared.bounds(), fuse);
    }
    List<Scheduler> schedulers = Evaluator.forProblem(prepared, chosen, observer);
    interruption.problemBuilt(Evaluator.stops(schedulers));
    Evaluation evaluation = evaluator.run(prepared, schedulers, observer);
    if (evaluation.runs().isEmpty()) {
      spec.commandLine().getErr().println("laminar: interrupted before any schedule was computed; nothing to report");
      return 1;
    }
    phases.close();
    Map<String, ExactResult> exactResults = evaluation.exactResults();
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
      ScheduleTable.print(stdout, runs, exactResults);
      evaluation.notes().forEach(stdout::println);
    }
    if (out != null) {
      wrote(new ScheduleReports(point, batch(), out).write(runs, many, prepared, exactResults), many, stdout);
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
      wrote(new ScheduleReports(point(), batch(), out).writeSteady(timed, single), timed.size() > 1, stdout);
    }
    stdout.flush();
    return results.stream().allMatch(r -> r.check().map(c -> c.valid()).orElse(true)) ? 0 : 1;
  }

  /** The inferences scheduled as one batch: {@code --batch}, else 1. */
  private int batch() {
    return batch == null ? 1 : batch;
  }

  /** Says where the report files went (not with {@code --json}, whose output is the JSON alone). */
  private void wrote(List<Path> written, boolean many, PrintWriter stdout) {
    if (!json.on) {
      stdout.println();
      stdout.println("wrote " + written.size() + " files to " + out + (many ? " (one folder per scheduler)" : ""));
    }
  }
}
