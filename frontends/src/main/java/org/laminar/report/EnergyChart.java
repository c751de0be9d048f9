package org.laminar.report;

import java.util.List;
import org.laminar.check.EnergyBreakdown;

/**
 * The energy breakdown ({@code energy.svg}): one horizontal bar per run, stacked by where the
 * energy is spent — compute, on-chip memory, interconnect, DRAM — with the total at its end.
 * Runs without a valid schedule get no bar.
 */
final class EnergyChart {
  private static final double WIDTH = 900;
  private static final double LEFT = 110;
  private static final double RIGHT = 110;
  private static final double BAR = 34;
  private static final String[] PARTS = {"compute", "on-chip memory", "interconnect", "DRAM"};
  private static final String[] COLOURS = {"#4e79a7", "#f28e2b", "#59a14f", "#e15759"};

  private EnergyChart() {
  }

  static String render(List<Run> runs) {
    List<Run> valid = runs.stream().filter(Run::valid).toList();
    double max = valid.stream().mapToDouble(r -> r.check().orElseThrow().metrics().energyPj()).max().orElse(1);
    double plot = WIDTH - LEFT - RIGHT;
    double axisY = 50 + Math.max(1, valid.size()) * (BAR + 12);
    double height = axisY + 70;
    Svg svg = new Svg(WIDTH, height, "Energy breakdown" + (runs.isEmpty() ? "" : ": " + runs.get(0).problem().graph()
        .workload().name() + " on " + runs.get(0).problem().accelerator().name()), LEFT);
    if (valid.isEmpty()) {
      svg.text(LEFT, 60, "start", "no valid schedule");
    }
    for (int i = 0; i < valid.size(); i++) {
      Run run = valid.get(i);
      EnergyBreakdown e = run.check().orElseThrow().metrics().energy();
      double[] parts = {e.computePj(), e.onChipMemoryPj(), e.interconnectPj(), e.dramPj()};
      double y = 40 + i * (BAR + 12);
      double x = LEFT;
      svg.text(LEFT - 8, y + BAR / 2 + 4, "end", run.scheduler());
      for (int p = 0; p < parts.length; p++) {
        double w = parts[p] / max * plot;
        svg.rect(x, y, w, BAR, COLOURS[p], PARTS[p] + ": " + Svg.energy(parts[p]) + " ("
            + Svg.num(e.totalPj() == 0 ? 0 : 100 * parts[p] / e.totalPj()) + "%)");
        x += w;
      }
      svg.text(x + 6, y + BAR / 2 + 4, "start", Svg.energy(e.totalPj()));
    }
    svg.xAxis(LEFT, axisY, plot, max, "pJ");
    for (int p = 0; p < PARTS.length; p++) {
      double x = LEFT + p * 150;
      svg.rect(x, axisY + 42, 12, 12, COLOURS[p], null);
      svg.text(x + 18, axisY + 52, "start", PARTS[p]);
    }
    return svg.finish();
  }
}
