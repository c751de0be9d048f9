package org.laminar.report;

import static com.google.common.base.Preconditions.checkNotNull;

import java.util.Comparator;
import java.util.List;

/**
 * A latency–energy scatter of a sweep's points ({@code pareto.svg}): one colour per series (an
 * accelerator), the points of the Pareto front outlined and labelled, and, when the front is over
 * latency and energy, the staircase that bounds the region they dominate.
 */
public final class ParetoChart {
  private static final double WIDTH = 820;
  private static final double HEIGHT = 520;
  private static final double LEFT = 90;
  private static final double RIGHT = 180;
  private static final double TOP = 50;
  private static final double BOTTOM = 60;

  private ParetoChart() {
  }

  /**
   * A point of the chart.
   *
   * @param series the colour's name (an accelerator)
   * @param latencyCycles latency (cycles)
   * @param energyPj energy (pJ)
   * @param front whether the point is on the front
   * @param label the point's name on the chart and in its tooltip
   */
  public record Dot(String series, double latencyCycles, double energyPj, boolean front, String label) {
    public Dot {
      checkNotNull(series, "series is missing");
      checkNotNull(label, "label is missing");
    }
  }

  /** The chart of {@code dots} under {@code title}; {@code staircase}: draw the front's staircase. */
  public static String render(String title, List<Dot> dots, boolean staircase) {
    Svg svg = new Svg(WIDTH, HEIGHT, title, LEFT);
    double plotW = WIDTH - LEFT - RIGHT;
    double plotH = HEIGHT - TOP - BOTTOM;
    if (dots.isEmpty()) {
      svg.text(LEFT, TOP + 20, "start", "no valid schedule");
      return svg.finish();
    }
    double[] x = Svg.range(dots.stream().mapToDouble(Dot::latencyCycles).toArray());
    double[] y = Svg.range(dots.stream().mapToDouble(Dot::energyPj).toArray());
    Svg.Scale sx = new Svg.Scale(x[0], x[1], LEFT, LEFT + plotW);
    Svg.Scale sy = new Svg.Scale(y[0], y[1], TOP + plotH, TOP);
    for (double v = x[0]; v <= x[1] * (1 + 1e-9); v += x[2]) {
      svg.line(sx.at(v), TOP, sx.at(v), TOP + plotH, "#e4e4e4", null);
      svg.text(sx.at(v), TOP + plotH + 16, "middle", Svg.si(v));
    }
    svg.yGrid(LEFT, plotW, y, sy, Svg::energy);
    svg.text(LEFT + plotW / 2, HEIGHT - 18, "middle", "latency (cycles)");
    svg.text(LEFT, TOP - 8, "start", "energy");
    List<String> series = dots.stream().map(Dot::series).distinct().toList();
    List<Dot> front = dots.stream().filter(Dot::front).sorted(Comparator.comparingDouble(Dot::latencyCycles)
        .thenComparingDouble(Dot::energyPj)).toList();
    if (staircase && !front.isEmpty()) {
      StringBuilder d = new StringBuilder();
      for (int i = 0; i < front.size(); i++) {
        Dot p = front.get(i);
        d.append(i == 0 ? "M" + Svg.num(sx.at(p.latencyCycles())) + " " + Svg.num(TOP)
            : " H" + Svg.num(sx.at(p.latencyCycles())));
        d.append(" V").append(Svg.num(sy.at(p.energyPj())));
      }
      d.append(" H").append(Svg.num(LEFT + plotW));
      svg.path(d.toString(), "none", "#333333");
    }
    for (Dot p : dots) {
      String colour = Svg.colour(series.indexOf(p.series()));
      double cx = sx.at(p.latencyCycles());
      double cy = sy.at(p.energyPj());
      String tip = p.label() + " (" + p.series() + "): " + Svg.si(p.latencyCycles()) + " cycles, "
          + Svg.energy(p.energyPj()) + (p.front() ? ", on the front" : "");
      if (p.front()) {
        svg.path(square(cx, cy, 6), colour, "#000000");
      }
      svg.rect(cx - 3, cy - 3, 6, 6, colour, tip);
    }
    // Labels once per position: points with equal figures share one.
    front.stream().map(p -> List.of(sx.at(p.latencyCycles()), sy.at(p.energyPj()))).distinct().forEach(at -> {
      String names = String.join(",", front.stream().filter(p -> sx.at(p.latencyCycles()) == at.get(0)
          && sy.at(p.energyPj()) == at.get(1)).map(Dot::label).toList());
      svg.text(at.get(0) + 8, at.get(1) - 8, "start", names);
    });
    double ly = svg.legend(LEFT + plotW + 16, TOP + 10, series);
    svg.path(square(LEFT + plotW + 22, ly - 3, 6), "#ffffff", "#000000");
    svg.text(LEFT + plotW + 34, ly + 1, "start", "Pareto front");
    return svg.finish();
  }

  /** A square outline of half-side {@code r} around {@code (x, y)}. */
  private static String square(double x, double y, double r) {
    return "M" + Svg.num(x - r) + " " + Svg.num(y - r) + " H" + Svg.num(x + r) + " V" + Svg.num(y + r) + " H"
        + Svg.num(x - r) + " Z";
  }
}
