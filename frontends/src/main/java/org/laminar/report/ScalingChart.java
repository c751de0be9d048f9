package org.laminar.report;

import static com.google.common.base.Preconditions.checkArgument;

import java.util.List;
import java.util.Locale;

/**
 * A log-log line chart of times against problem size ({@code scaling.svg}): one line per phase,
 * with decade grid lines and a dashed reference of slope 1 (linear growth) through the first
 * point of the first phase.
 */
public final class ScalingChart {
  private static final double WIDTH = 760;
  private static final double HEIGHT = 480;
  private static final double LEFT = 80;
  private static final double RIGHT = 170;
  private static final double TOP = 50;
  private static final double BOTTOM = 60;

  private ScalingChart() {
  }

  /**
   * The chart of {@code seconds[phase][point]} (s, > 0) against {@code sizes[point]} (tiles, > 0).
   *
   * @param title heading
   * @param phases phase names, one per row of {@code seconds}
   */
  public static String render(String title, List<String> phases, double[] sizes, double[][] seconds) {
    checkArgument(phases.size() == seconds.length, "one row of times per phase");
    double minX = Math.floor(Math.log10(sizes[0]));
    double maxX = Math.ceil(Math.log10(sizes[sizes.length - 1]));
    double lo = Double.POSITIVE_INFINITY;
    double hi = Double.NEGATIVE_INFINITY;
    for (double[] row : seconds) {
      for (double s : row) {
        lo = Math.min(lo, Math.log10(Math.max(s, 1e-6)));
        hi = Math.max(hi, Math.log10(Math.max(s, 1e-6)));
      }
    }
    double minY = Math.floor(lo);
    double maxY = Math.max(minY + 1, Math.ceil(hi));
    double plotW = WIDTH - LEFT - RIGHT;
    double plotH = HEIGHT - TOP - BOTTOM;
    Svg svg = new Svg(WIDTH, HEIGHT, title, LEFT);
    for (double d = minX; d <= maxX; d++) {
      double x = LEFT + (d - minX) / (maxX - minX) * plotW;
      svg.line(x, TOP, x, TOP + plotH, "#dddddd", null);
      svg.text(x, TOP + plotH + 18, "middle", String.format(Locale.ROOT, "1e%d", (int) d));
    }
    for (double d = minY; d <= maxY; d++) {
      double y = TOP + plotH - (d - minY) / (maxY - minY) * plotH;
      svg.line(LEFT, y, LEFT + plotW, y, "#dddddd", null);
      svg.text(LEFT - 6, y + 4, "end", String.format(Locale.ROOT, "1e%d s", (int) d));
    }
    svg.text(LEFT + plotW / 2, HEIGHT - 18, "middle", "tiles");
    for (int p = 0; p < phases.size(); p++) {
      StringBuilder d = new StringBuilder();
      for (int i = 0; i < sizes.length; i++) {
        double x = LEFT + (Math.log10(sizes[i]) - minX) / (maxX - minX) * plotW;
        double y = TOP + plotH - (Math.log10(Math.max(seconds[p][i], 1e-6)) - minY) / (maxY - minY) * plotH;
        d.append(i == 0 ? "M" : " L").append(Svg.num(x)).append(' ').append(Svg.num(y));
        svg.rect(x - 3, y - 3, 6, 6, Svg.colour(p), phases.get(p) + ": " + Svg.num(seconds[p][i]) + " s at "
            + Svg.num(sizes[i]) + " tiles");
      }
      svg.path(d.toString(), "none", Svg.colour(p));
    }
    double below = svg.legend(LEFT + plotW + 16, TOP + 10, phases);
    // Slope 1: ten times the tiles, ten times the time.
    double x0 = Math.log10(sizes[0]);
    double y0 = Math.log10(Math.max(seconds[0][0], 1e-6));
    double x1 = maxX;
    double y1 = y0 + (x1 - x0);
    svg.line(LEFT + (x0 - minX) / (maxX - minX) * plotW, TOP + plotH - (y0 - minY) / (maxY - minY) * plotH,
        LEFT + plotW, TOP + plotH - (y1 - minY) / (maxY - minY) * plotH, "#999999", "4 4");
    svg.text(LEFT + plotW + 16, below + 1, "start", "- - linear");
    return svg.finish();
  }
}
