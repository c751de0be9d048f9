package org.laminar.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import java.util.function.DoubleFunction;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;
import java.util.stream.Collectors;
import org.laminar.cost.AnalyticalCostModel;
import org.laminar.evaluate.Evaluator;
import org.laminar.evaluate.Observer;
import org.laminar.evaluate.Point;
import org.laminar.evaluate.Prepared;
import org.laminar.exact.Allocation;
import org.laminar.exact.CpSatScheduler;
import org.laminar.exact.EpsilonFront;
import org.laminar.explore.ExactFront;
import org.laminar.evaluate.SolverSettings;
import org.laminar.explore.Axis;
import org.laminar.explore.Exploration;
import org.laminar.explore.Explorer;
import org.laminar.explore.PointResult;
import org.laminar.explore.Resume;
import org.laminar.explore.Sweep;
import org.laminar.explore.SweepFiles;
import org.laminar.io.InputException;
import org.laminar.io.Inputs;
import org.laminar.report.Numbers;
import org.laminar.report.ReportWriter;
import org.laminar.tiling.LayerTiling;
import org.laminar.tilesearch.TilingSearch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code laminar explore}: evaluates every point of a design-space sweep (workloads × accelerators
 * × tilings × overlap modes × fusions × schedulers × objectives) with the evaluation service of
 * {@code schedule}, several at once, within one time limit, leaves unsolved the searches whose lower bounds a
 * schedule already found dominates, and reports each point with the Pareto front of the checker's
 * figures.
 */
@Command(name = "explore",
    header = "Sweep workloads, accelerators, tilings, overlap modes, fusions and schedulers; the Pareto front of "
        + "the results.",
    description = {"Evaluates every combination of the sweep's lists as 'laminar schedule' would, the greedy "
        + "schedulers first, then the searches (cpsat, choco, lns), each given a share of --time-limit. A search "
        + "whose lower bounds are dominated by a schedule already found cannot reach the front: it is pruned, "
        + "not solved. Every figure comes from the independent checker. docs/EXPLORE.md describes the sweep "
        + "file and the outputs."},
    usageHelpAutoWidth = true,
    resourceBundle = "org.laminar.cli.ExploreCommand$Texts")
public final class ExploreCommand implements Callable<Integer> {
  /** What its JSON holds. */
  public static final class Texts extends CommandTexts {
    public Texts() {
      super(": the points, as an array");
    }
  }

  @Option(names = "--sweep", paramLabel = "FILE",
      description = "sweep file (YAML or JSON): lists workloads, hardware, tilings, overlap, stream, fuse, "
          + "schedulers, objectives, vary; "
          + "the options below replace its lists")
  Path sweep;

  @Option(names = "--workload", paramLabel = "FILE|NAME,...", split = ",",
      description = "workloads (default chain5)")
  List<String> workloads;

  @Option(names = "--hardware", paramLabel = "FILE|NAME,...", split = ",",
      description = "accelerators (default hetero-quad)")
  List<String> hardware;

  @Option(names = "--tiling", paramLabel = "oy=N,N,...[,ox=N,...][,k=N,...]|auto|auto=latency|energy|edp",
      description = "tilings: every combination of the listed split counts (oy=1,2,4,k=1,2 is six tilings; ox "
          + "splits the columns); "
          + "auto=OBJECTIVE runs schedule's tiling search in each point; repeatable (default oy=4)")
  List<String> tilings;

  @Option(names = "--overlap", paramLabel = "cache|recompute|h-cache", split = ",",
      description = "DeFiNES' overlap modes, one point each, as schedule's --overlap (default cache)")
  List<String> overlap;

  @Option(names = "--stream", paramLabel = "never|when-needed|always|choose", split = ",",
      description = "where tiles stream their activations from and to DRAM, one point each, as schedule's --stream "
          + "(default when-needed)")
  List<String> stream;

  @Option(names = "--fuse", paramLabel = "none,all,auto|a-b,c-d",
      description = "fusions: each keyword one, a list of layer ranges one; repeatable (default auto)")
  List<String> fuse;

  @Option(names = "--scheduler", paramLabel = "NAME,...", split = ",",
      description = "schedulers: lbl, list, heft, cpsat, choco, lns (default lbl,list,heft,cpsat)")
  List<String> schedulers;

  @Option(names = "--objective", paramLabel = "latency|energy|edp|memory,...", split = ",",
      description = "objectives of the exact schedulers, one point each (default latency)")
  List<String> objectives;

  @Option(names = "--vary", paramLabel = "sram|link|dram=Fx,...|cores=N,...",
      description = "accelerator variants of each --hardware, in its place: every combination of the listed values "
          + "(sram=0.5x,1x,2x is three: local memories scaled; link=, dram= bandwidths; cores=N copies of a "
          + "homogeneous accelerator's core); repeatable; docs/EXPLORE.md")
  List<String> vary;

  @Option(names = "--front", paramLabel = "latency,energy,memory", defaultValue = "latency,energy",
      description = "the axes of the Pareto front (default ${DEFAULT-VALUE})")
  String front;

  @Option(names = "--pareto", paramLabel = "latency,energy",
      description = "also the exact latency-energy front of the sweep's one problem (one workload, accelerator, "
          + "tiling and fusion), by epsilon-constraint with CP-SAT, within its own --time-limit")
  String pareto;

  @Option(names = "--pareto-points", paramLabel = "N", defaultValue = "50",
      description = "the most points of the exact front searched for (default ${DEFAULT-VALUE})")
  int paretoPoints;

  @Option(names = "--no-prune", description = "solve every search, even one whose bounds are dominated")
  boolean noPrune;

  @Option(names = "--jobs", paramLabel = "N",
      description = "points evaluated at once (default: the machine's cores)")
  Integer jobs;

  @Option(names = "--time-limit", paramLabel = "S", defaultValue = "60",
      description = "time limit of the whole sweep (s), shared by its searches (default ${DEFAULT-VALUE})")
  double timeLimit;

  @Option(names = "--workers", paramLabel = "N", defaultValue = "1",
      description = "CP-SAT workers per search (default ${DEFAULT-VALUE}: the points run in parallel instead)")
  int workers;

  @Option(names = "--seed", paramLabel = "N", defaultValue = "0", description = "CP-SAT random seed (default 0)")
  int seed;

  @Option(names = "--gap", paramLabel = "G", defaultValue = "0",
      description = "stop each search at this relative gap (default 0: prove optimality)")
  double gap;

  @Option(names = "--allocation", paramLabel = "tile|layer", defaultValue = "tile",
      description = "exact engines: a core per tile, or one per layer (default ${DEFAULT-VALUE})")
  String allocation;

  @Option(names = "--priority", paramLabel = "memory|latency", defaultValue = "memory",
      description = "list scheduler's rule (default ${DEFAULT-VALUE})")
  String priority;

  @Option(names = "--out", paramLabel = "DIR",
      description = "write points.json, points.csv, front.csv, pareto.svg, edp.svg and memory-tiles.svg")
  Path out;

  @Option(names = "--resume", paramLabel = "DIR",
      description = "skip the points DIR/points.json already holds (a stopped sweep's), evaluate the others, and "
          + "write all to --out (default DIR)")
  Path resume;

  @Mixin
  JsonOption json = new JsonOption();

  @Spec
  CommandSpec spec;

  @Override
  public Integer call() throws JsonProcessingException {
    List<Axis> axes = Axis.parse(front, "--front");
    int parallel = jobs == null ? Runtime.getRuntime().availableProcessors() : jobs;
    if (parallel < 1) {
      throw new InputException("--jobs must be >= 1, got " + parallel);
    }
    SolverSettings settings = new SolverSettings("cpsat", timeLimit, workers, seed, gap);
    settings.parameters();
    List<Point> points = sweep().points(allocation, priority, settings);
    validate(points);
    Optional<Point> paretoProblem = paretoProblem(points);
    Map<Integer, PointResult> done = resume == null ? Map.of() : Resume.match(points, Resume.read(resume));
    if (out == null && resume != null) {
      out = resume;
    }
    if (out != null) {
      ReportWriter.prepare(out);
    }
    PrintWriter err = spec.commandLine().getErr();
    ExploreProgress progress = ExploreProgress.on(err, points.size() - done.size(), timeLimit);
    Consumer<PointResult> finished = out == null ? progress : progress.andThen(writing(out, done.values()));
    Exploration exploration = new Explorer(new Evaluator(new AnalyticalCostModel()),
        new Explorer.Options(parallel, timeLimit, axes, !noPrune), finished).explore(points, done);
    progress.close();
    Optional<String> frontSummary = Optional.empty();
    if (paretoProblem.isPresent()) {
      long frontStart = System.nanoTime();
      Evaluator evaluator = new Evaluator(new AnalyticalCostModel());
      Prepared prepared = evaluator.prepare(paretoProblem.get(), Observer.SILENT);
      EpsilonFront.Front front = new EpsilonFront(settings.engine("cpsat"),
          InputException.at("--allocation", () -> Allocation.parse(allocation)), CpSatScheduler.greedyWarmStarts(),
          paretoPoints).solve(prepared.problem());
      exploration = ExactFront.add(exploration, prepared, front, "cpsat", timeLimit,
          (System.nanoTime() - frontStart) / 1e9);
      frontSummary = Optional.of(ExactFront.summary(front));
    }
    PrintWriter stdout = spec.commandLine().getOut();
    if (json.on) {
      stdout.println(JsonOption.text(exploration.points()));
    } else {
      print(stdout, exploration, parallel);
      frontSummary.ifPresent(stdout::println);
    }
    if (out != null) {
      List<Path> written = SweepFiles.write(out, exploration);
      if (!json.on) {
        stdout.println("wrote " + written.size() + " files to " + out);
      }
    }
    stdout.flush();
    return exploration.count("invalid") == 0 ? 0 : 1;
  }

  /**
   * The problem of {@code --pareto}: the sweep's points must share one workload, accelerator,
   * tiling, overlap mode, stream policy and fusion; empty without the option.
   */
  private Optional<Point> paretoProblem(List<Point> points) {
    if (pareto == null) {
      return Optional.empty();
    }
    if (!Axis.parse(pareto, "--pareto").equals(List.of(Axis.LATENCY, Axis.ENERGY))) {
      throw new InputException("--pareto supports latency,energy only, got '" + pareto + "'");
    }
    if (paretoPoints < 1) {
      throw new InputException("--pareto-points must be >= 1, got " + paretoPoints);
    }
    List<List<Object>> problems = points.stream().map(p -> List.<Object>of(p.workload(), p.hardware(),
        p.tiling().orElseThrow(), p.overlap(), p.stream(), p.fuse())).distinct().toList();
    if (problems.size() != 1) {
      throw new InputException("--pareto needs one problem (one workload, accelerator, tiling, overlap mode, stream "
          + "policy and fusion), the sweep has " + problems.size());
    }
    String tiling = points.get(0).tiling().orElseThrow();
    if (tiling.equals(Inputs.AUTO) || tiling.trim().toLowerCase(Locale.ROOT).startsWith(TilingSearch.PREFIX)) {
      throw new InputException("--pareto needs a fixed --tiling, not " + tiling.trim());
    }
    return Optional.of(points.get(0));
  }

  /** The sweep file's lists, each replaced by the option that gives it. */
  private Sweep sweep() {
    Sweep base = sweep != null ? Sweep.read(sweep) : new Sweep(null, null, null, null, null, null, null, null, null);
    return base.with(workloads, hardware, expand(tilings, Sweep::tilings), expand(fuse, Sweep::fusions), schedulers,
        objectives, expand(vary, Sweep::variants), overlap, stream);
  }

  private static List<String> expand(List<String> values, Function<String, List<String>> each) {
    return values == null ? null : List.copyOf(values.stream().flatMap(v -> each.apply(v).stream())
        .collect(Collectors.toCollection(LinkedHashSet::new)));
  }

  /**
   * Bad input is reported before any point runs: every workload and accelerator is read once, every
   * tiling parsed, every point's scheduler options checked.
   */
  private static void validate(List<Point> points) {
    points.stream().map(Point::workload).distinct().forEach(Inputs::workload);
    points.stream().map(Point::hardware).distinct().forEach(Inputs::accelerator);
    // A tiling search's value (auto=edp) is checked with the point's options below.
    points.stream().map(p -> p.tiling().orElseThrow()).distinct()
        .filter(t -> !t.equals(Inputs.AUTO) && !t.trim().toLowerCase(Locale.ROOT).startsWith(TilingSearch.PREFIX))
        .forEach(t -> InputException.at("--tiling " + t, () -> LayerTiling.parse(t)));
    Evaluator evaluator = new Evaluator(new AnalyticalCostModel());
    points.forEach(p -> evaluator.schedulers(p, Observer.SILENT));
  }

  /**
   * Rewrites {@code dir/points.json} with {@code done} and every point finished so far, as each
   * finishes: a sweep stopped by Ctrl-C keeps them for {@code --resume} (the final files replace it).
   */
  private static Consumer<PointResult> writing(Path dir, Collection<PointResult> done) {
    List<PointResult> rows = new ArrayList<>(done);
    return r -> {
      synchronized (rows) {
        rows.add(r);
        rows.sort(Comparator.comparingInt(PointResult::id));
        SweepFiles.writePoints(dir, rows);
      }
    };
  }

  private static void print(PrintWriter out, Exploration e, int parallel) {
    List<PointResult> points = e.points();
    String axes = e.axes().stream().map(Axis::text).collect(Collectors.joining(", "));
    out.printf(Locale.ROOT, "%d points on %d job%s; Pareto front over %s%n%n", points.size(), parallel,
        parallel == 1 ? "" : "s", axes);
    // The overlap and stream columns only in a sweep with a value other than the default.
    boolean overlaps = points.stream().anyMatch(p -> !p.overlap().equals(PointResult.CACHE));
    boolean streams = points.stream().anyMatch(p -> !p.stream().equals(Sweep.DEFAULT_STREAM));
    List<List<String>> rows = new ArrayList<>();
    rows.add(withOptional(overlaps, "overlap", streams, "stream", "#", "workload", "hardware", "tiling", "fuse",
        "scheduler", "objective", "status", "latency (cc)", "energy (pJ)", "EDP", "peak mem (b)", "bound (cc)", "gap", "front"));
    for (PointResult p : points) {
      rows.add(withOptional(overlaps, p.overlap(), streams, p.stream(), String.valueOf(p.id()), p.workload(),
          p.hardware(), p.tiling(), p.fuse(), p.scheduler(), p.objective(), p.status(),
          p.valid() ? String.format(Locale.ROOT, "%,d", p.latencyCycles()) : "-",
          p.valid() ? Numbers.sci(p.energyPj()) : "-", p.valid() ? Numbers.sci(p.edp()) : "-",
          p.valid() ? Numbers.sci(p.peakMemoryBits()) : "-",
          p.latencyBoundCycles() == null ? "-" : String.format(Locale.ROOT, "%,d", p.latencyBoundCycles()),
          p.gap() == null ? "-" : String.format(Locale.ROOT, "%.1f%% %s", 100 * p.gap(), p.gapOf()),
          p.front() ? "*" : ""));
    }
    int[] widths = new int[rows.get(0).size()];
    rows.forEach(r -> {
      for (int i = 0; i < r.size(); i++) {
        widths[i] = Math.max(widths[i], r.get(i).length());
      }
    });
    int lastText = 7 + (overlaps ? 1 : 0) + (streams ? 1 : 0);
    for (List<String> r : rows) {
      StringBuilder line = new StringBuilder();
      for (int i = 0; i < r.size(); i++) {
        // Text columns to the left, figures to the right.
        boolean left = i >= 1 && i <= lastText;
        line.append(i == 0 ? "" : "  ").append(String.format(Locale.ROOT, "%" + (left ? "-" : "") + widths[i] + "s",
            r.get(i)));
      }
      out.println(line.toString().stripTrailing());
    }
    out.println();
    List<PointResult> front = e.front();
    out.printf(Locale.ROOT, "Pareto front (%s): %d point%s: %s%n", axes, front.size(), front.size() == 1 ? "" : "s",
        front.stream().map(p -> "#" + p.id()).collect(Collectors.joining(", ")));
    for (String h : points.stream().map(PointResult::hardware).distinct().toList()) {
      List<PointResult> mine = points.stream().filter(p -> p.valid() && p.hardware().equals(h)).toList();
      if (mine.isEmpty()) {
        out.printf(Locale.ROOT, "best on %s: no valid schedule%n", h);
        continue;
      }
      out.printf(Locale.ROOT, "best on %s: latency %s, energy %s, EDP %s%n", h,
          best(mine, p -> p.latencyCycles(), v -> String.format(Locale.ROOT, "%,d cc", (long) v)),
          best(mine, PointResult::energyPj, v -> Numbers.sci(v) + " pJ"),
          best(mine, PointResult::edp, Numbers::sci));
    }
    long pruned = e.count("pruned");
    out.printf(Locale.ROOT, "pruned %d search%s whose lower bounds a schedule already found dominates%s; skipped %d, "
        + "infeasible %d, no schedule %d%n", pruned, pruned == 1 ? "" : "es", pruned == 0 ? ""
        : String.format(Locale.ROOT, ": up to %.1f solver seconds not spent (%.1f s each, --time-limit x jobs / "
            + "searches)", e.prunedSeconds(), e.evenShareSeconds()),
        e.count("skipped"), e.count("infeasible"), e.count("no-schedule"));
    for (PointResult p : points) {
      if (p.reason() != null && !p.status().equals("pruned")) {
        out.printf(Locale.ROOT, "#%d %s: %s%n", p.id(), p.status(), p.reason());
      }
    }
    out.println("gap = (value - bound) / value of the figure named; every figure comes from the independent "
        + "schedule checker.");
  }

  /**
   * A row of the points' table: after its tiling (the fourth cell), {@code overlap} when {@code
   * overlaps}, then {@code stream} when {@code streams}.
   */
  private static List<String> withOptional(boolean overlaps, String overlap, boolean streams, String stream,
      String... cells) {
    List<String> row = new ArrayList<>(List.of(cells));
    int at = 4;
    if (overlaps) {
      row.add(at++, overlap);
    }
    if (streams) {
      row.add(at, stream);
    }
    return row;
  }

  private static String best(List<PointResult> points, ToDoubleFunction<PointResult> figure,
      DoubleFunction<String> format) {
    PointResult best = points.stream().min(Comparator.comparingDouble(figure)).orElseThrow();
    return format.apply(figure.applyAsDouble(best)) + " (#" + best.id() + ")";
  }
}
