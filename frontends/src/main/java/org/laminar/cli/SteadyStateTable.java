package org.laminar.cli;

import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.laminar.check.SteadyState;
import org.laminar.report.Numbers;
import org.laminar.steady.SteadyStateResult;

/** The steady states of {@code laminar schedule --batch N --steady-state}: the table and the JSON rows. */
final class SteadyStateTable {
  private SteadyStateTable() {
  }

  /** One row as JSON ({@code --json}, and {@code result.json}'s {@code solver}). */
  static Map<String, Object> row(SteadyStateResult r) {
    Map<String, Object> row = new LinkedHashMap<>();
    row.put("scheduler", r.scheduler());
    row.put("status", r.status().name().toLowerCase(Locale.ROOT));
    row.put("valid", r.check().map(c -> c.valid()).orElse(null));
    row.put("steady_state", r.steadyState().map(SteadyState::steady).orElse(null));
    row.put("interval_cycles", r.intervalCycles().isPresent() ? r.intervalCycles().getAsLong() : null);
    row.put("interval_bound_cycles", r.boundCycles());
    row.put("gap", Double.isNaN(r.gap()) ? null : r.gap());
    row.put("iteration_span_cycles", r.steadyState().map(SteadyState::spanCycles).orElse(null));
    row.put("batch_latency_cycles", r.latencyCycles().isPresent() ? r.latencyCycles().getAsLong() : null);
    row.put("batch_energy_pj", r.check().filter(c -> c.valid()).map(c -> c.metrics().energyPj()).orElse(null));
    row.put("note", r.note().orElse(null));
    return row;
  }

  /** The table of the rows, with the notes and the legend. */
  static void print(PrintWriter out, List<SteadyStateResult> results) {
    String format = "%-15s %-10s %-6s %-7s %10s %11s %8s %11s %19s %12s%n";
    out.printf(Locale.ROOT, format, "scheduler", "status", "valid", "steady", "II (cc)", "bound (cc)", "gap II",
        "span (cc)", "batch latency (cc)", "energy (pJ)");
    for (SteadyStateResult r : results) {
      boolean valid = r.check().map(c -> c.valid()).orElse(false);
      out.printf(Locale.ROOT, format, r.scheduler(), r.status().name().toLowerCase(Locale.ROOT),
          r.check().isEmpty() ? "-" : valid ? "yes" : "NO", r.steadyState().map(s -> s.steady() ? "yes" : "no")
              .orElse("-"), r.intervalCycles().isPresent() ? String.format(Locale.ROOT, "%,d",
              r.intervalCycles().getAsLong()) : "-", String.format(Locale.ROOT, "%,d", r.boundCycles()),
          Double.isNaN(r.gap()) ? "-" : String.format(Locale.ROOT, "%.1f%%", 100 * r.gap()),
          r.steadyState().filter(SteadyState::steady).map(s -> String.format(Locale.ROOT, "%,d", s.spanCycles()))
              .orElse("-"), r.latencyCycles().isPresent() ? String.format(Locale.ROOT, "%,d",
              r.latencyCycles().getAsLong()) : "-", valid ? Numbers.sci(r.check().get().metrics().energyPj()) : "-");
    }
    for (SteadyStateResult r : results) {
      r.note().ifPresent(n -> out.println(r.scheduler() + ": " + n));
    }
    out.println();
    out.println("II = the interval the checker measures between consecutive iterations, each a copy of the first "
        + "shifted by II (docs/SCHEDULE.md, \"Batches\"); steady = iteration 0 spans at most (N - 1) x II, so the "
        + "pattern can repeat for ever: one inference every II cycles. gap II = (II - bound) / II.");
  }
}
