package org.laminar.bench;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.laminar.check.ScheduleChecker;
import org.laminar.cost.AnalyticalCostModel;
import org.laminar.greedy.GreedySchedulers;
import org.laminar.greedy.ListScheduler;
import org.laminar.hardware.Accelerator;
import org.laminar.io.Inputs;
import org.laminar.report.ScalingChart;
import org.laminar.schedule.Schedule;
import org.laminar.schedule.SchedulingProblem;
import org.laminar.tiling.TileGraph;
import org.laminar.tiling.TileGraphBuilder;
import org.laminar.tiling.Tiling;

/**
 * The scaling study: the generated chain ({@link SyntheticChain}) at 10², 10³, 10⁴ and 10⁵ tiles on
 * the bundled quad-core, CPU seconds of tiling, costing, the greedy list scheduler and the checker.
 */
public final class Scaling {
  /** The phases measured, in the order of {@link Result#seconds()}' rows. */
  public static final List<String> PHASES = List.of("tiling", "costing", "greedy list", "checker");

  /** Sizes below this many tiles are measured this many tiles' worth of times and averaged. */
  private static final int REPEATED_TILES = 20_000;

  private Scaling() {
  }

  /**
   * The measured times.
   *
   * @param tiles tile count per point
   * @param seconds CPU seconds per phase (row) and point (column)
   */
  public record Result(double[] tiles, double[][] seconds) {
    /** The study as a log-log SVG chart. */
    public String chart() {
      return ScalingChart.render("Laminar scaling: generated chain on quad-core (CPU s)", PHASES, tiles, seconds);
    }
  }

  /** Runs the study at {@code sizes} tiles, printing one line per point to {@code log}. */
  public static Result run(int[] sizes, PrintWriter log) {
    Accelerator quad = Inputs.accelerator("quad-core");
    double[] tiles = new double[sizes.length];
    double[][] seconds = new double[PHASES.size()][sizes.length];
    // A small run first so that the JIT compiler's start-up is not charged to the first point.
    measure(SyntheticChain.tiling(1000), quad);
    for (int i = 0; i < sizes.length; i++) {
      // Small sizes are repeated so that their times exceed the CPU clock's resolution (10 ms).
      int repeats = Math.max(1, REPEATED_TILES / sizes[i]);
      Tiling tiling = SyntheticChain.tiling(sizes[i]);
      for (int r = 0; r < repeats; r++) {
        double[] point = measure(tiling, quad);
        tiles[i] = point[0];
        for (int p = 0; p < PHASES.size(); p++) {
          seconds[p][i] += point[p + 1] / repeats;
        }
      }
      List<String> parts = new ArrayList<>();
      for (int p = 0; p < PHASES.size(); p++) {
        parts.add(String.format(Locale.ROOT, "%s %.4f s", PHASES.get(p), seconds[p][i]));
      }
      log.printf(Locale.ROOT, "scaling: %,8.0f tiles: %s (CPU, mean of %d)%n", tiles[i], String.join(", ", parts),
          repeats);
      log.flush();
    }
    return new Result(tiles, seconds);
  }

  private static double[] measure(Tiling tiling, Accelerator accelerator) {
    Timing.Timed<TileGraph> graph = Timing.of(() -> TileGraphBuilder.build(tiling));
    Timing.Timed<SchedulingProblem> problem =
        Timing.of(() -> SchedulingProblem.of(graph.value(), accelerator, new AnalyticalCostModel()));
    Timing.Timed<Schedule> schedule = Timing.of(() -> GreedySchedulers.byName("list", ListScheduler.Priority.MEMORY)
        .schedule(problem.value()).schedule().orElseThrow());
    Timing.Timed<Boolean> valid =
        Timing.of(() -> new ScheduleChecker().check(problem.value(), schedule.value()).violations().isEmpty());
    if (!valid.value()) {
      throw new IllegalStateException("the checker rejects the list schedule of " + tiling.workload().name());
    }
    return new double[] {graph.value().tiles().size(), graph.timing().cpuSeconds(), problem.timing().cpuSeconds(),
        schedule.timing().cpuSeconds(), valid.timing().cpuSeconds()};
  }
}
