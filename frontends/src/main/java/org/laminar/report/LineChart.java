package org.laminar.report;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import java.util.Comparator;
import java.util.List;

/**
 * Marks of several series against a few distinct x values (a sweep's {@code memory-tiles.svg}:
 * peak memory against tiles per layer, one series per accelerator): the x values evenly spaced in
 * increasing order, y linear from 0, one mark per point with its tooltip, and a line per series
 * through its least y at each x.
 */
public final class LineChart {
  private static final double WIDTH = 820;
  private static final double HEIGHT = 480;
  private static final double LEFT = 90;
  private static final double RIGHT = 200;
  private static final double TOP = 50;
  private static final double BOTTOM = 60;

  private LineChart() {
  }

  /**
   * A point of the chart.
   *
   * @param series its colour's name
   * @param x its position on the horizontal axis
   * @param y its value (>= 0)
   * @param label its name in the tooltip
   */
  public record Mark(String series, double x, double y, String label) {
    public Mark {
      checkNotNull(series, "series is missing");
      checkNotNull(label, "label is missing");
      checkArgument(y >= 0 && Double.isFinite(y), "mark %s: y must be >= 0, got %s", label, y);
    }
  }

  /**
   * The chart of {@code marks} under {@code title}; {@code xAxis} and {@code yAxis} name the axes,
   * {@code yUnit} follows each y value (e.g. {@code b}).
   */
  public static String render(String title, String xAxis, String yAxis, String yUnit, List<Mark> marks) {
    Svg svg = new Svg(WIDTH, HEIGHT, title, LEFT);
    double plotW = WIDTH - LEFT - RIGHT;
    double plotH = HEIGHT - TOP - BOTTOM;
    if (marks.isEmpty()) {
      svg.text(LEFT, TOP + 20, "start", "no point to show");
      return svg.finish();
    }
    List<Double> xs = marks.stream().map(Mark::x).distinct().sorted().toList();
    double[] range = Svg.range(new double[] {0, marks.stream().mapToDouble(Mark::y).max().orElse(1)});
    Svg.Scale y = new Svg.Scale(0, range[1], TOP + plotH, TOP);
    svg.yGrid(LEFT, plotW, range, y, v -> Svg.si(v) + yUnit);
    double step = plotW / xs.size();
    for (int i = 0; i < xs.size(); i++) {
      svg.line(at(xs.get(i), xs, step), TOP, at(xs.get(i), xs, step), TOP + plotH, "#e4e4e4", null);
      svg.text(at(xs.get(i), xs, step), TOP + plotH + 16, "middle", Svg.si(xs.get(i)));
    }
    svg.text(LEFT + plotW / 2, HEIGHT - 18, "middle", xAxis);
    svg.text(LEFT, TOP - 8, "start", yAxis);
    List<String> series = marks.stream().map(Mark::series).distinct().toList();
    for (int s = 0; s < series.size(); s++) {
      String name = series.get(s);
      List<Mark> mine = marks.stream().filter(m -> m.series().equals(name)).toList();
      StringBuilder d = new StringBuilder();
      for (double x : xs) {
        mine.stream().filter(m -> m.x() == x).min(Comparator.comparingDouble(Mark::y)).ifPresent(least ->
            d.append(d.length() == 0 ? "M" : " L").append(Svg.num(at(x, xs, step))).append(' ')
                .append(Svg.num(y.at(least.y()))));
      }
      svg.path(d.toString(), "none", Svg.colour(s));
      for (Mark m : mine) {
        double cx = at(m.x(), xs, step);
        svg.rect(cx - 3, y.at(m.y()) - 3, 6, 6, Svg.colour(s), m.label() + " (" + name + "): " + Svg.si(m.y())
            + yUnit + " at " + Svg.si(m.x()));
      }
    }
    svg.legend(LEFT + plotW + 16, TOP + 10, series);
    return svg.finish();
  }

  /** The pixel of {@code x}: the middle of its slot among the sorted distinct {@code xs}. */
  private static double at(double x, List<Double> xs, double step) {
    return LEFT + (xs.indexOf(x) + 0.5) * step;
  }
}
