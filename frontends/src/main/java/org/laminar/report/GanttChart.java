package org.laminar.report;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.laminar.schedule.Movement;
import org.laminar.schedule.Schedule;
import org.laminar.schedule.ScheduledTile;
import org.laminar.tiling.Tile;
import org.laminar.workload.Layer;
import org.laminar.workload.Workload;

/**
 * The Gantt chart of a schedule ({@code gantt.svg}): one row per core, link or bus and DRAM port;
 * tiles coloured by layer, movements by kind; time axis in cycles; a legend below.
 *
 * <p>So that schedules of thousands of tiles stay small, neighbouring boxes of one colour in a row
 * that are narrower than a pixel are drawn as one box (its tooltip counts them), and boxes still
 * narrower than a pixel get no tooltip.
 */
final class GanttChart {
  private static final double WIDTH = 1200;
  private static final double LEFT = 190;
  private static final double RIGHT = 30;
  private static final double TOP = 40;
  private static final double ROW = 26;
  private static final double LEGEND_COLUMN = 190;

  /** A box to draw in one row, in pixels. */
  private record Box(double x0, double x1, String fill, String tooltip, int count, long start, long end) {}

  private GanttChart() {
  }

  static String render(Run run) {
    Schedule schedule = run.result().schedule().orElseThrow();
    Workload workload = run.problem().graph().workload();
    Tracks tracks = new Tracks(run.problem().accelerator());
    TileNames names = new TileNames(run.problem().graph());
    long latency = horizon(schedule);
    double plot = WIDTH - LEFT - RIGHT;
    double scale = plot / Math.max(1, latency);
    List<List<Box>> rows = new ArrayList<>();
    tracks.all().forEach(t -> rows.add(new ArrayList<>()));
    List<Layer> layers = workload.layers();
    for (ScheduledTile t : schedule.tiles()) {
      int row = tracks.ofCore(t.core());
      if (row >= 0 && t.tile() >= 0 && t.tile() < run.problem().graph().tiles().size()) {
        Tile tile = run.problem().graph().tiles().get(t.tile());
        String fill = Svg.colour(layers.indexOf(workload.layer(tile.layer())));
        rows.get(row).add(box(t.start(), t.end(), scale, fill, names.name(t.tile())));
      }
    }
    for (Movement m : schedule.movements()) {
      int row = tracks.ofResource(m.resource());
      if (row >= 0) {
        MovementKind kind = MovementKind.of(m);
        rows.get(row).add(box(m.start(), m.end(), scale, kind.colour(), m.describe() + ", " + m.bits() + " bits"));
      }
    }
    int legendColumns = (int) ((WIDTH - 40) / LEGEND_COLUMN);
    int legendEntries = layers.size() + MovementKind.values().length;
    double axisY = TOP + tracks.all().size() * ROW + 4;
    double legendY = axisY + 56;
    double height = legendY + Math.ceil((double) legendEntries / legendColumns) * 20 + 16;
    Svg svg = new Svg(WIDTH, height, "Schedule: " + run.title() + ", " + Svg.si(latency) + " cycles", LEFT);
    for (int r = 0; r < rows.size(); r++) {
      double y = TOP + r * ROW;
      svg.rect(LEFT, y, plot, ROW - 4, r % 2 == 0 ? "#f4f4f4" : "#fafafa", null);
      svg.text(LEFT - 8, y + ROW / 2 + 2, "end", tracks.all().get(r).label());
      for (Box b : merge(rows.get(r))) {
        // Boxes under a pixel cannot be pointed at: no tooltip keeps big schedules small.
        String tooltip = b.x1 - b.x0 < 1 ? null : b.count == 1 ? b.tooltip
            : b.tooltip + " and " + (b.count - 1) + " more, cycles " + b.start + "-" + b.end;
        svg.rect(LEFT + b.x0, y + 2, Math.max(0.5, b.x1 - b.x0), ROW - 8, b.fill, tooltip);
      }
    }
    svg.xAxis(LEFT, axisY, plot, latency, "cycles");
    for (int i = 0; i < legendEntries; i++) {
      double x = 20 + (i % legendColumns) * LEGEND_COLUMN;
      double y = legendY + (i / legendColumns) * 20;
      boolean layer = i < layers.size();
      MovementKind kind = layer ? null : MovementKind.values()[i - layers.size()];
      svg.rect(x, y - 10, 12, 12, layer ? Svg.colour(i) : kind.colour(), null);
      svg.text(x + 18, y, "start", layer ? layers.get(i).name() : kind.label());
    }
    return svg.finish();
  }

  /** The end of the last tile or movement (cycles). */
  static long horizon(Schedule schedule) {
    return schedule.lastEnd();
  }

  private static Box box(long start, long end, double scale, String fill, String tooltip) {
    return new Box(start * scale, end * scale, fill, tooltip + ": cycles " + start + "-" + end, 1, start, end);
  }

  /** Joins neighbouring boxes of one colour when one of them is under a pixel wide. */
  private static List<Box> merge(List<Box> boxes) {
    boxes.sort(Comparator.comparingDouble(Box::x0).thenComparingDouble(Box::x1));
    List<Box> merged = new ArrayList<>();
    for (Box b : boxes) {
      Box last = merged.isEmpty() ? null : merged.get(merged.size() - 1);
      if (last != null && last.fill.equals(b.fill) && b.x0 - last.x1 < 0.5
          && (b.x1 - b.x0 < 1 || last.x1 - last.x0 < 1)) {
        merged.set(merged.size() - 1, new Box(last.x0, Math.max(last.x1, b.x1), last.fill, last.tooltip,
            last.count + b.count, last.start, Math.max(last.end, b.end)));
      } else {
        merged.add(b);
      }
    }
    return merged;
  }
}
