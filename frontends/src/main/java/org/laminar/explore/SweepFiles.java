package org.laminar.explore;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalInt;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.laminar.io.Inputs;
import org.laminar.report.BarChart;
import org.laminar.report.LineChart;
import org.laminar.report.ParetoChart;
import org.laminar.tiling.LayerTiling;

/**
 * A sweep's files: {@code points.json} (the results as a JSON array), {@code points.csv} (the same
 * rows, the JSON names as the header, an empty cell for null) and {@code front.csv} (the rows on
 * the front), and three charts: {@code pareto.svg}, the latency–energy scatter with the front
 * ({@link ParetoChart}); {@code edp.svg}, the best EDP per accelerator and fusion ({@link
 * BarChart}); {@code memory-tiles.svg}, each point's peak memory against its tiles per layer, a
 * series per accelerator ({@link LineChart}).
 */
public final class SweepFiles {
  static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private SweepFiles() {
  }

  /** Writes the files of {@code exploration} into {@code dir} (which exists) and returns their paths. */
  public static List<Path> write(Path dir, Exploration exploration) {
    try {
      Path json = dir.resolve("points.json");
      JSON.writeValue(json.toFile(), exploration.points());
      Path csv = Files.writeString(dir.resolve("points.csv"), csv(exploration.points()));
      Path front = Files.writeString(dir.resolve("front.csv"), csv(exploration.front()));
      Path chart = Files.writeString(dir.resolve("pareto.svg"), chart(exploration));
      Path edp = Files.writeString(dir.resolve("edp.svg"), edpChart(exploration));
      Path memory = Files.writeString(dir.resolve("memory-tiles.svg"), memoryChart(exploration));
      return List.of(json, csv, front, chart, edp, memory);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the sweep's files to " + dir, e);
    }
  }

  /** Where {@link #writePoints} writes before its move: one fixed name, so a stopped write leaves one file at most. */
  static final String PART = ".points.json.part";

  /**
   * Writes {@code rows} as {@code dir/points.json}, replacing the file in one move, so that a sweep
   * stopped at any moment (Ctrl-C) leaves the points finished so far readable for {@code --resume}.
   * The callers write one at a time; the part file of a write stopped by Ctrl-C is deleted as the
   * JVM exits, and one left by a kill is overwritten by the next write.
   */
  public static void writePoints(Path dir, List<PointResult> rows) {
    try {
      Path part = dir.resolve(PART);
      part.toFile().deleteOnExit();
      JSON.writeValue(part.toFile(), rows);
      Files.move(part, dir.resolve("points.json"), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the sweep's points to " + dir, e);
    }
  }

  /** The latency–energy scatter of the valid points, each labelled by its id. */
  static String chart(Exploration exploration) {
    List<ParetoChart.Dot> dots = exploration.points().stream().filter(PointResult::valid)
        // The exact front's points are their own series, drawn beside the schedules of the sweep.
        .map(p -> new ParetoChart.Dot(p.objective().equals(ExactFront.OBJECTIVE) ? "exact front (" + p.scheduler() + ")"
            : p.hardware(), p.latencyCycles(), p.energyPj(), p.front(), "#" + p.id()))
        .toList();
    String axes = exploration.axes().stream().map(Axis::text).collect(Collectors.joining(", "));
    return ParetoChart.render(workloads(exploration) + ": latency and energy of " + dots.size() + " schedules, front over "
        + axes, dots, exploration.axes().equals(List.of(Axis.LATENCY, Axis.ENERGY)));
  }

  /**
   * The least EDP of each accelerator's valid points per fusion, a bar each; above a fusion's bar
   * the factor by which it beats the accelerator's layer-by-layer bar ({@code none}), when there is
   * one.
   */
  static String edpChart(Exploration exploration) {
    List<PointResult> valid = exploration.points().stream().filter(PointResult::valid).toList();
    List<BarChart.Bar> bars = new ArrayList<>();
    for (String h : valid.stream().map(PointResult::hardware).distinct().toList()) {
      Map<String, Double> best = new LinkedHashMap<>();
      valid.stream().filter(p -> p.hardware().equals(h)).forEach(p -> best.merge(p.fuse(), p.edp(), Math::min));
      Double layerByLayer = best.get("none");
      best.forEach((fuse, edp) -> bars.add(new BarChart.Bar(h, fuse, edp, layerByLayer == null || fuse.equals("none")
          ? "" : String.format(Locale.ROOT, "%.2fx", layerByLayer / edp))));
    }
    return BarChart.render(workloads(exploration) + ": least EDP per accelerator and fusion (factor: against none)",
        "EDP (pJ x cycles)", bars);
  }

  /**
   * Each valid point's peak memory (bits) against its tiles per layer (the product of its tiling's
   * split counts), a series per accelerator; points of tilings without a count ({@code auto},
   * {@code all}) are left out.
   */
  static String memoryChart(Exploration exploration) {
    List<LineChart.Mark> marks = new ArrayList<>();
    for (PointResult p : exploration.points()) {
      OptionalInt tiles = tilesPerLayer(p.tiling());
      if (p.valid() && tiles.isPresent()) {
        marks.add(new LineChart.Mark(p.hardware(), tiles.getAsInt(), p.peakMemoryBits(),
            "#" + p.id() + " " + p.fuse() + " " + p.scheduler()));
      }
    }
    return LineChart.render(workloads(exploration) + ": peak memory against tile size (line: least per tiling)",
        "tiles per layer (the tiling's split counts multiplied)", "peak memory of the fullest local memory", " b",
        marks);
  }

  /** The tiles a layer is split into by {@code tiling} ({@code oy=4,k=2}: 8); empty for {@code auto} or {@code all}. */
  static OptionalInt tilesPerLayer(String tiling) {
    if (tiling.equals(Inputs.AUTO)) {
      return OptionalInt.empty();
    }
    LayerTiling t = LayerTiling.parse(tiling);
    return t.rows().all() || t.channels().all() ? OptionalInt.empty()
        : OptionalInt.of(t.rows().parts() * t.channels().parts());
  }

  private static String workloads(Exploration exploration) {
    return exploration.points().stream().map(PointResult::workload).distinct().collect(Collectors.joining(", "));
  }

  /**
   * The rows as CSV (RFC 4180 quoting), one header line of the JSON names; the overlap column only
   * when a row has a mode other than {@code cache}, as the JSON rows leave it out.
   */
  static String csv(List<PointResult> rows) {
    boolean overlaps = rows.stream().anyMatch(r -> !r.overlap().equals(PointResult.CACHE));
    List<String> header = Stream.of(PointResult.class.getAnnotation(JsonPropertyOrder.class).value())
        .filter(h -> overlaps || !h.equals("overlap")).toList();
    StringBuilder out = new StringBuilder(String.join(",", header)).append('\n');
    for (PointResult row : rows) {
      Map<String, Object> cells = JSON.convertValue(row, new TypeReference<LinkedHashMap<String, Object>>() { });
      cells.putIfAbsent("overlap", row.overlap());
      out.append(header.stream().map(h -> cell(cells.get(h))).collect(Collectors.joining(","))).append('\n');
    }
    return out.toString();
  }

  private static String cell(Object value) {
    if (value == null) {
      return "";
    }
    String text = value.toString();
    return text.contains(",") || text.contains("\"") || text.contains("\n")
        ? "\"" + text.replace("\"", "\"\"") + "\"" : text;
  }
}
