package org.laminar.report;

import java.util.List;
import org.laminar.check.MemoryTrace;
import org.laminar.hardware.Core;

/**
 * Local-memory occupancy over time ({@code memory.svg}), one panel per core and local memory as
 * the checker replayed it: the occupancy as a filled step curve and the capacity as a dashed red
 * line (when the peak comes within half of it; otherwise the panel scales to the peak and names the
 * capacity). Each pixel column shows the highest occupancy within it, so peaks are never hidden.
 */
final class MemoryChart {
  private static final double WIDTH = 1200;
  private static final double LEFT = 110;
  private static final double RIGHT = 30;
  private static final double PANEL = 150;
  private static final double PLOT = 100;

  private MemoryChart() {
  }

  static String render(Run run) {
    List<MemoryTrace> traces = run.check().orElseThrow().memory();
    long latency = GanttChart.horizon(run.result().schedule().orElseThrow());
    double plot = WIDTH - LEFT - RIGHT;
    double height = 40 + Math.max(1, traces.size()) * PANEL + 20;
    Svg svg = new Svg(WIDTH, height, "Local-memory occupancy: " + run.title(), LEFT);
    if (traces.isEmpty()) {
      svg.text(LEFT, 60, "start", "no local memory holds data in this schedule");
    }
    for (int i = 0; i < traces.size(); i++) {
      MemoryTrace trace = traces.get(i);
      double top = 40 + i * PANEL + 20;
      double bottom = top + PLOT;
      // The capacity line is drawn when it is near the peak; far above, it would flatten the curve.
      boolean capacityShown = trace.capacityBits() <= 2 * trace.peakBits();
      double max = Math.max(1, capacityShown ? Math.max(trace.capacityBits(), trace.peakBits()) * 1.05
          : trace.peakBits() * 1.15);
      Core core = run.problem().accelerator().core(trace.core());
      String title = trace.isShared() ? trace.label() : "core " + core.id() + " (" + core.name() + "), " + trace.memory();
      svg.text(LEFT, top - 6, "start", title + ": peak " + Svg.si(trace.peakBits()) + "bit of "
          + Svg.si(trace.capacityBits()) + "bit");
      svg.rect(LEFT, top, plot, PLOT, "#f7f7f7", null);
      svg.path(outline(trace, latency, plot, LEFT, bottom, PLOT / max), "#7fb3d5", "#1f5fa8");
      if (capacityShown) {
        double capacityY = bottom - PLOT * trace.capacityBits() / max;
        svg.line(LEFT, capacityY, LEFT + plot, capacityY, "#c0392b", "6,4");
        svg.text(LEFT - 6, capacityY + 4, "end", Svg.si(trace.capacityBits()) + "bit");
      } else {
        svg.text(LEFT + plot, top - 6, "end", "capacity " + Svg.si(trace.capacityBits()) + "bit, above the scale");
      }
      double peakY = bottom - PLOT * trace.peakBits() / max;
      svg.line(LEFT - 3, peakY, LEFT, peakY, "#333333", null);
      svg.text(LEFT - 6, peakY + 4, "end", Svg.si(trace.peakBits()) + "bit");
      svg.line(LEFT, top, LEFT, bottom, "#333333", null);
      svg.text(LEFT - 6, bottom + 4, "end", "0");
      svg.xAxis(LEFT, bottom, plot, latency, i == traces.size() - 1 ? "cycles" : "");
    }
    return svg.finish();
  }

  /**
   * The outline of the occupancy area: per pixel column, the highest occupancy of the steps that
   * overlap it; runs of equal columns are one segment.
   */
  private static String outline(MemoryTrace trace, long latency, double plot, double x0, double bottom,
      double pixelsPerBit) {
    int columns = (int) Math.ceil(plot);
    long[] peak = new long[columns];
    List<MemoryTrace.Step> steps = trace.steps();
    double cyclesPerColumn = (double) Math.max(1, latency) / columns;
    for (int s = 0; s < steps.size(); s++) {
      long from = steps.get(s).cycle();
      long to = s + 1 < steps.size() ? steps.get(s + 1).cycle() : Math.max(from + 1, latency);
      if (to <= from) {
        continue;
      }
      int first = (int) Math.min(columns - 1, Math.floor(from / cyclesPerColumn));
      int last = (int) Math.min(columns - 1, Math.ceil(to / cyclesPerColumn) - 1);
      for (int c = first; c <= last; c++) {
        peak[c] = Math.max(peak[c], steps.get(s).bits());
      }
    }
    StringBuilder d = new StringBuilder("M").append(Svg.num(x0)).append(',').append(Svg.num(bottom));
    double width = plot / columns;
    for (int c = 0; c < columns; c++) {
      if (c == 0 || peak[c] != peak[c - 1]) {
        double y = bottom - peak[c] * pixelsPerBit;
        d.append(" L").append(Svg.num(x0 + c * width)).append(',').append(Svg.num(y));
        int end = c;
        while (end + 1 < columns && peak[end + 1] == peak[c]) {
          end++;
        }
        d.append(" L").append(Svg.num(x0 + (end + 1) * width)).append(',').append(Svg.num(y));
      }
    }
    return d.append(" L").append(Svg.num(x0 + plot)).append(',').append(Svg.num(bottom)).append(" Z").toString();
  }
}
