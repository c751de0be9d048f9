package org.laminar.report;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import java.util.List;

/**
 * Grouped vertical bars (a sweep's {@code edp.svg}): one group per category on the horizontal axis
 * (an accelerator), one bar per series in it (a fusion), coloured by series, its value on a linear
 * axis from 0 and an optional note above it. Each bar's tooltip names its group, series and value.
 */
public final class BarChart {
  private static final double LEFT = 90;
  private static final double RIGHT = 170;
  private static final double TOP = 50;
  private static final double PLOT_HEIGHT = 340;
  private static final double BOTTOM = 70;
  private static final double BAR = 34;
  private static final double CHARACTER = 7;

  private BarChart() {
  }

  /**
   * A bar.
   *
   * @param group the category it belongs to (drawn in order of first appearance)
   * @param series its colour's name
   * @param value its height (>= 0, in the chart's unit)
   * @param note drawn above it (may be empty)
   */
  public record Bar(String group, String series, double value, String note) {
    public Bar {
      checkNotNull(group, "group is missing");
      checkNotNull(series, "series is missing");
      checkNotNull(note, "note is missing");
      checkArgument(value >= 0 && Double.isFinite(value), "bar %s/%s: value must be >= 0, got %s", group, series,
          value);
    }
  }

  /** The chart of {@code bars} under {@code title}, values labelled by {@code axis} (e.g. {@code EDP (pJ x cycles)}). */
  public static String render(String title, String axis, List<Bar> bars) {
    List<String> groups = bars.stream().map(Bar::group).distinct().toList();
    List<String> series = bars.stream().map(Bar::series).distinct().toList();
    double groupWidth = Math.max(series.size() * BAR + 24,
        groups.stream().mapToDouble(g -> g.length() * CHARACTER + 12).max().orElse(0));
    double plotW = Math.max(300, groups.size() * groupWidth);
    double width = LEFT + plotW + RIGHT;
    Svg svg = new Svg(width, TOP + PLOT_HEIGHT + BOTTOM, title, LEFT);
    if (bars.isEmpty()) {
      svg.text(LEFT, TOP + 20, "start", "no valid schedule");
      return svg.finish();
    }
    double[] range = Svg.range(new double[] {0, bars.stream().mapToDouble(Bar::value).max().orElse(1)});
    Svg.Scale y = new Svg.Scale(0, range[1], TOP + PLOT_HEIGHT, TOP);
    svg.yGrid(LEFT, plotW, range, y, Svg::si);
    svg.line(LEFT, TOP + PLOT_HEIGHT, LEFT + plotW, TOP + PLOT_HEIGHT, "#333333", null);
    svg.text(LEFT, TOP - 8, "start", axis);
    for (int g = 0; g < groups.size(); g++) {
      String group = groups.get(g);
      List<Bar> mine = bars.stream().filter(b -> b.group().equals(group)).toList();
      double x0 = LEFT + g * groupWidth + (groupWidth - mine.size() * BAR) / 2;
      for (int i = 0; i < mine.size(); i++) {
        Bar b = mine.get(i);
        double x = x0 + i * BAR;
        svg.rect(x + 2, y.at(b.value()), BAR - 4, TOP + PLOT_HEIGHT - y.at(b.value()),
            Svg.colour(series.indexOf(b.series())), group + ", " + b.series() + ": " + Svg.si(b.value()));
        if (!b.note().isEmpty()) {
          svg.text(x + BAR / 2, y.at(b.value()) - 4, "middle", b.note());
        }
      }
      svg.text(LEFT + (g + 0.5) * groupWidth, TOP + PLOT_HEIGHT + 18, "middle", group);
    }
    svg.legend(LEFT + plotW + 16, TOP + 10, series);
    return svg.finish();
  }
}
