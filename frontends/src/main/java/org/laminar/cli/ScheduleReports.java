package org.laminar.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.laminar.bound.LatencyBounds;
import org.laminar.evaluate.Batches;
import org.laminar.evaluate.Evaluator;
import org.laminar.evaluate.Point;
import org.laminar.evaluate.Prepared;
import org.laminar.evaluate.SolverSettings;
import org.laminar.exact.ExactResult;
import org.laminar.io.Inputs;
import org.laminar.report.ReportWriter;
import org.laminar.report.Run;
import org.laminar.report.TilingSearchJson;
import org.laminar.schedule.ScheduleResult;
import org.laminar.steady.SteadyStateResult;
import org.laminar.tiling.LayerTiling;
import org.laminar.tiling.Split;
import org.laminar.tiling.Tiling;
import org.laminar.workload.Layer;

/**
 * The report files of {@code laminar schedule --out DIR}: per run (in {@code DIR/NAME} when there
 * are several) its result.json, with the inputs and options that produced it, its trace and charts.
 */
final class ScheduleReports {
  private final Point point;
  private final int batch;
  private final Path out;

  /**
   * The reports of {@code point}'s runs.
   *
   * @param batch the inferences scheduled as one batch (1 without {@code --batch})
   * @param out the folder to write
   */
  ScheduleReports(Point point, int batch, Path out) {
    this.point = point;
    this.batch = batch;
    this.out = out;
  }

  /** Writes each run's files (and, with several runs, their energy comparison); the files written. */
  List<Path> write(List<Run> runs, boolean many, Prepared prepared, Map<String, ExactResult> exact) {
    Map<String, Object> inputs = inputs(prepared);
    List<Path> written = new ArrayList<>();
    for (Run r : runs) {
      written.addAll(ReportWriter.write(folder(r.scheduler(), many), r, inputs, options(r.scheduler()),
          exact.containsKey(r.scheduler()) ? solverStatistics(exact.get(r.scheduler())) : Map.of()));
    }
    if (many) {
      written.add(ReportWriter.writeEnergyComparison(out, runs));
    }
    return written;
  }

  /**
   * Writes the files of each steady state with a schedule: the unrolled batch's result.json, whose
   * {@code solver} holds the steady-state figures, its trace and charts; the files written.
   */
  List<Path> writeSteady(List<Batches.Timed> timed, Prepared single) {
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
        SolverSettings solver = point.solver();
        options.put("time_limit_s", solver.timeLimitSeconds());
        options.put("workers", solver.workers());
        options.put("seed", solver.seed());
      }
      written.addAll(ReportWriter.write(folder(r.scheduler(), many), run, inputs(single), options,
          SteadyStateTable.row(r)));
    }
    return written;
  }

  /** A run's folder: {@code out}, or with several runs {@code out/NAME} (a fallback row's name without spaces). */
  private Path folder(String scheduler, boolean many) {
    return many ? out.resolve(scheduler.replaceAll("[^A-Za-z0-9]+", "-")) : out;
  }

  /** What result.json's {@code options} say a run of {@code scheduler} was given. */
  private Map<String, Object> options(String scheduler) {
    SolverSettings solver = point.solver();
    Map<String, Object> options = new LinkedHashMap<>();
    options.put("scheduler", scheduler);
    if (scheduler.equals("list")) {
      options.put("priority", point.priority().toLowerCase(Locale.ROOT));
    }
    if (scheduler.equals("lns")) {
      options.put("objective", "latency");
      options.put("allocation", "tile");
      options.put("time_limit_s", solver.timeLimitSeconds());
      options.put("workers", solver.workers());
      options.put("seed", solver.seed());
    }
    if (SolverSettings.ENGINES.contains(scheduler)) {
      options.put("engine", scheduler);
      options.put("objective", point.objective());
      options.put("allocation", point.allocation());
      options.put("time_limit_s", solver.timeLimitSeconds());
      options.put("workers", solver.workers());
      options.put("seed", solver.seed());
      options.put("gap", solver.gap());
    }
    return options;
  }

  /** What result.json's {@code inputs} say was scheduled. */
  private Map<String, Object> inputs(Prepared prepared) {
    Tiling tiled = prepared.tiling();
    Map<String, Object> inputs = new LinkedHashMap<>();
    inputs.put("workload", point.workload());
    inputs.put("hardware", point.hardware());
    inputs.put("mapping", point.mapping().map(Path::toString).orElse(null));
    Optional<String> split = point.tiling();
    String base = Evaluator.defaultSplit(point);
    boolean mapped = point.mapping().isPresent();
    inputs.put("tiling", mapped ? null : split.orElse(base));
    if (!mapped && split.map(t -> Inputs.AUTO.equalsIgnoreCase(t.trim())).orElse(true)) {
      inputs.put("split_further", splitFurther(tiled, split.isEmpty() ? LayerTiling.parse(base) : LayerTiling.WHOLE));
    }
    prepared.search().ifPresent(found -> inputs.put("tiling_search", TilingSearchJson.of(found)));
    inputs.put("fuse", point.fuse());
    inputs.put("overlap", tiled.overlap().toString());
    inputs.put("batch", batch);
    return inputs;
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
}
