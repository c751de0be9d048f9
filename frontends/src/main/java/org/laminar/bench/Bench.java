package org.laminar.bench;

import java.io.IOException;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import com.google.ortools.sat.CpModelProto;
import org.laminar.check.CheckReport;
import org.laminar.check.ScheduleChecker;
import org.laminar.cost.AnalyticalCostModel;
import org.laminar.cpsat.CpSatSolver;
import org.laminar.cpsat.CpSatTranslation;
import org.laminar.engine.Horizons;
import org.laminar.engine.Objective;
import org.laminar.exact.Allocation;
import org.laminar.exact.CoreSymmetry;
import org.laminar.exact.TileModel;
import org.laminar.greedy.GreedySchedulers;
import org.laminar.greedy.ListScheduler;
import org.laminar.hardware.Accelerator;
import org.laminar.hardware.Core;
import org.laminar.io.Inputs;
import org.laminar.schedule.Schedule;
import org.laminar.schedule.SchedulingProblem;
import org.laminar.tiling.FusionPolicy;
import org.laminar.tiling.LayerTiling;
import org.laminar.tiling.Tile;
import org.laminar.tiling.TileGraph;
import org.laminar.tiling.TileGraphBuilder;
import org.laminar.tiling.Tiling;
import org.laminar.workload.Layer;
import org.laminar.yaml.StreamMappingReader;

/**
 * The measurements of {@code laminar bench}: throughput of the cost model, the tile-graph
 * generator, the greedy list scheduler and the checker, the exact scheduler's model building, peak
 * heap, and the end-to-end runs of the Stream examples as separate processes (JVM start included).
 */
public final class Bench {
  private static final String LIST = "list";

  private Bench() {
  }

  /**
   * One measured figure.
   *
   * @param measurement what was measured
   * @param value the figure
   * @param unit its unit
   * @param note the input and how it was counted
   */
  public record Row(String measurement, double value, String unit, String note) {
  }

  /**
   * All measurements; {@code instances} is the shared instances folder ({@code ../shared/instances});
   * the end-to-end runs only with {@code endToEnd} and a {@code /usr/bin/time} to measure them.
   */
  public static List<Row> run(Path instances, boolean endToEnd, PrintWriter log) {
    List<Row> rows = new ArrayList<>();
    Path stream = instances.resolve("stream").resolve("examples");
    Path hardware = stream.resolve("hardware").resolve("tpu_like_quad_core.yaml");
    Path mapping = stream.resolve("mapping").resolve("tpu_like_quad_core.yaml");
    Path resnet = instances.resolve("onnx").resolve("resnet18.onnx");
    if (Files.isRegularFile(resnet) && Files.isRegularFile(hardware)) {
      log.println("bench: cost model on resnet18.onnx x tpu_like_quad_core ...");
      log.flush();
      Accelerator tpu = Inputs.accelerator(hardware.toString());
      Tiling tiling = StreamMappingReader.read(mapping, Inputs.workload(resnet.toString()),
          FusionPolicy.parse("auto", FusionPolicy.WeightCapacity.of(tpu)));
      rows.addAll(costModel(TileGraphBuilder.build(tiling), tpu));
    }
    log.println("bench: fsrcnn-depfin x depfin, line by line ...");
    log.flush();
    Accelerator depfin = Inputs.accelerator("depfin");
    Tiling lines = Tiling.uniform(Inputs.workload("fsrcnn-depfin"), LayerTiling.parse("oy=all"), new FusionPolicy.All());
    rows.addAll(pipeline("fsrcnn-depfin x depfin, oy=all, fuse all", lines, depfin));
    log.println("bench: generated 100,000-tile chain x quad-core ...");
    log.flush();
    rows.addAll(pipeline("generated chain x quad-core", SyntheticChain.tiling(100_000), Inputs.accelerator("quad-core")));
    rows.add(new Row("peak heap", peakHeapBytes() / (1024.0 * 1024), "MiB",
        "sum of the heap pools' peaks, this JVM, before the CP-SAT models"));
    for (int tiles : new int[] {1_000, 5_000}) {
      log.printf("bench: CP-SAT model of a generated %,d-tile chain x quad-core ...%n", tiles);
      log.flush();
      rows.add(cpSatBuild(SchedulingProblem.of(SyntheticChain.tiling(tiles), Inputs.accelerator("quad-core"),
          new AnalyticalCostModel())));
    }
    if (endToEnd) {
      rows.addAll(EndToEnd.run(instances, log));
    }
    return rows;
  }

  /** Searches per CPU second without the memo, and memoised look-ups per second. */
  private static List<Row> costModel(TileGraph graph, Accelerator accelerator) {
    Map<List<Object>, Layer> distinct = new LinkedHashMap<>();
    for (Tile t : graph.tiles()) {
      for (Core c : accelerator.cores()) {
        distinct.putIfAbsent(List.of(t.shape().dims(), t.shape().name(), c.name()), t.shape());
      }
    }
    List<Core> coreTypes = new ArrayList<>(accelerator.cores().stream()
        .collect(java.util.stream.Collectors.toMap(Core::name, c -> c, (a, b) -> a, LinkedHashMap::new)).values());
    // Once to warm the JIT, once measured, each on a fresh model (nothing memoised).
    int[] searched = {0};
    Timing.Timed<Integer> cold = null;
    for (int pass = 0; pass < 2; pass++) {
      cold = Timing.of(() -> {
        AnalyticalCostModel model = new AnalyticalCostModel();
        int n = 0;
        for (Tile t : graph.tiles()) {
          for (Core c : coreTypes) {
            n += tryCost(model, t.shape(), c);
          }
        }
        searched[0] = model.memoisedShapes();
        return n;
      });
    }
    AnalyticalCostModel warm = new AnalyticalCostModel();
    graph.tiles().forEach(t -> accelerator.cores().forEach(c -> tryCost(warm, t.shape(), c)));
    int lookups = 20 * graph.tiles().size() * accelerator.cores().size();
    Timing.Timed<Integer> hits = Timing.of(() -> {
      int n = 0;
      for (int r = 0; r < 20; r++) {
        for (Tile t : graph.tiles()) {
          for (Core c : accelerator.cores()) {
            n += tryCost(warm, t.shape(), c);
          }
        }
      }
      return n;
    });
    return List.of(
        new Row("cost evaluations, no memo", searched[0] / cold.timing().cpuSeconds(), "shapes/s (CPU)",
            searched[0] + " distinct (tile shape, core type) searches of resnet18.onnx x tpu_like_quad_core, "
                + "one thread"),
        new Row("cost evaluations, memoised", lookups / hits.timing().cpuSeconds(), "look-ups/s (CPU)",
            lookups + " look-ups of its tiles on its cores"));
  }

  private static int tryCost(AnalyticalCostModel model, Layer shape, Core core) {
    try {
      model.cost(shape, core);
      return 1;
    } catch (IllegalArgumentException refused) {
      return 0;
    }
  }

  /** Tile-graph generation, costing, the list scheduler and the checker on one tiling. */
  private static List<Row> pipeline(String name, Tiling tiling, Accelerator accelerator) {
    Timing.Timed<TileGraph> graph = Timing.of(() -> TileGraphBuilder.build(tiling));
    int tiles = graph.value().tiles().size();
    Timing.Timed<SchedulingProblem> problem =
        Timing.of(() -> SchedulingProblem.of(tiling, accelerator, new AnalyticalCostModel()));
    Timing.Timed<Schedule> schedule = Timing.of(() -> GreedySchedulers.byName(LIST, ListScheduler.Priority.MEMORY)
        .schedule(problem.value()).schedule().orElseThrow(() -> new IllegalStateException(
            "the list scheduler found no schedule for " + name)));
    Timing.Timed<CheckReport> check = Timing.of(() -> new ScheduleChecker().check(problem.value(), schedule.value()));
    if (!check.value().violations().isEmpty()) {
      throw new IllegalStateException("the checker rejects the list schedule of " + name + ": "
          + check.value().violations().get(0).message());
    }
    // Again on the same problem: the first run includes compiling the scheduler and checker (JIT).
    Timing.Timed<Schedule> again = Timing.of(() -> GreedySchedulers.byName(LIST, ListScheduler.Priority.MEMORY)
        .schedule(problem.value()).schedule().orElseThrow());
    Timing.Timed<CheckReport> checkAgain = Timing.of(() -> new ScheduleChecker().check(problem.value(), again.value()));
    String of = String.format(java.util.Locale.ROOT, "%s, %,d tiles", name, tiles);
    String second = of + ", second run in this JVM";
    return List.of(
        new Row("tile-graph generation", tiles / graph.timing().cpuSeconds(), "tiles/s (CPU)", of),
        new Row("problem (tile graph + costing)", problem.timing().wallSeconds(), "s wall", of),
        new Row("greedy list, memory tracked", tiles / schedule.timing().cpuSeconds(), "tiles/s (CPU)", of),
        new Row("checker", tiles / check.timing().cpuSeconds(), "tiles/s (CPU)", of),
        new Row("list + checker", schedule.timing().wallSeconds() + check.timing().wallSeconds(), "s wall", of),
        new Row("list + checker", schedule.timing().cpuSeconds() + check.timing().cpuSeconds(), "s (CPU)", of),
        new Row("greedy list, memory tracked", tiles / again.timing().cpuSeconds(), "tiles/s (CPU)", second),
        new Row("checker", tiles / checkAgain.timing().cpuSeconds(), "tiles/s (CPU)", second),
        new Row("list + checker", again.timing().cpuSeconds() + checkAgain.timing().cpuSeconds(), "s (CPU)", second));
  }

  /**
   * Building the exact scheduler's model as {@code schedule --scheduler cpsat} does (per-tile
   * allocation, symmetry breaking, latency): the tile model and its CP-SAT translation, no search.
   */
  private static Row cpSatBuild(SchedulingProblem problem) {
    CpSatSolver.loadNativeLibraries();
    Timing.Timed<CpSatTranslation> built = Timing.of(() -> cpSatModel(problem));
    CpModelProto proto = built.value().model().model();
    return new Row("CP-SAT model build", built.timing().cpuSeconds(), "s (CPU)", String.format(java.util.Locale.ROOT,
        "generated chain x quad-core, %,d tiles: tile model + translation, %,d variables, %,d constraints",
        problem.graph().tiles().size(), proto.getVariablesCount(), proto.getConstraintsCount()));
  }

  /** The tile model and its CP-SAT translation of {@code problem}, as {@code --scheduler cpsat} builds them. */
  static CpSatTranslation cpSatModel(SchedulingProblem problem) {
    TileModel model = TileModel.compile(problem, Allocation.TILE, CoreSymmetry.of(problem), false);
    return CpSatTranslation.translate(model.ir().withoutSlackStorage(), Objective.MAKESPAN,
        Horizons.sumOfDurations(model.ir()));
  }

  /** Sum of the peak usages of the heap's memory pools (bytes). */
  static long peakHeapBytes() {
    long peak = 0;
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == MemoryType.HEAP && pool.getPeakUsage() != null) {
        peak += pool.getPeakUsage().getUsed();
      }
    }
    return peak;
  }

  /** Reads a file written by {@code /usr/bin/time -f}; empty when it is missing. */
  static Optional<String> read(Path file) {
    try {
      return Optional.of(Files.readString(file, StandardCharsets.UTF_8));
    } catch (IOException e) {
      return Optional.empty();
    }
  }
}
